import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Activity order, last replies, the new-reply marker and reply screenshots")
struct TicketActivityTests {
    static func ids(_ app: Application, _ path: String, as user: TestUser) async throws -> [Int] {
        try await app.send(.GET, path, as: user).decode(TicketPage.self).items.map(\.id)
    }

    /// Every page of `path` with one ticket per page, following the cursors.
    static func walk(_ app: Application, _ path: String, as user: TestUser) async throws -> [Int] {
        var ids: [Int] = []
        var cursor: String?
        repeat {
            let page = try await app.send(
                .GET, path + "&limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), as: user
            ).decode(TicketPage.self)
            ids += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil && ids.count < 50
        return ids
    }

    @Test("sort=activity: staff see any change first, customers only what they can see; keyset pages agree")
    func activityOrder() async throws {
        let clock = ManualClock()
        try await withTestApp { app in
            app.services.clock = AppClock { clock.now() }
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            var tickets: [Ticket] = []
            for title in ["a", "b", "c"] {
                tickets.append(try await app.makeTicket(by: customer, title: title))
                clock.advance(60)
            }
            let (a, b, c) = (tickets[0].id, tickets[1].id, tickets[2].id)
            try await app.makeComment(on: tickets[0], by: agent, text: "note", internal: true)
            clock.advance(60)
            let path = "/api/tickets?sort=activity"
            #expect(try await Self.ids(app, path, as: agent) == [a, c, b])
            #expect(try await Self.ids(app, path, as: customer) == [c, b, a])
            try await app.makeComment(on: tickets[1], by: agent, text: "public answer")
            #expect(try await Self.ids(app, path, as: agent) == [b, a, c])
            #expect(try await Self.ids(app, path, as: customer) == [b, c, a])
            #expect(try await Self.walk(app, path, as: agent) == [b, a, c])
            #expect(try await Self.walk(app, path, as: customer) == [b, c, a])
        }
    }

    @Test("last_reply: staff see the last comment of any kind, customers the last public one")
    func lastReply() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, admin) = try await app.ticketWithCast()
            var shown = try await app.send(.GET, "/api/tickets/\(ticket.id)", as: author)
            #expect(shown.json.keys.contains("last_reply"))
            #expect(shown.json["last_reply"] is NSNull)
            try await app.makeComment(on: ticket, by: agent, text: "public")
            try await app.makeComment(on: ticket, by: admin, text: "secret", internal: true)
            let forStaff = try await app.send(.GET, "/api/tickets/\(ticket.id)", as: agent).decode(TicketResponse.self)
            #expect(forStaff.lastReply?.author.username == admin.user.username)
            #expect(forStaff.lastReply?.internal == true)
            shown = try await app.send(.GET, "/api/tickets?sort=activity", as: author)
            let forCustomer = try shown.decode(TicketPage.self).items[0]
            #expect(forCustomer.lastReply?.author.username == agent.user.username)
            #expect(forCustomer.lastReply?.internal == false)
            #expect(!shown.body.string.contains(admin.user.username))
        }
    }

    @Test("A customer's ticket says new_reply after staff answer, until they open it; staff never get the key")
    func newReplyMarker() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, _) = try await app.ticketWithCast()
            func marker() async throws -> Bool? {
                try await app.send(.GET, "/api/tickets", as: author).decode(TicketPage.self).items.first?.newReply
            }
            #expect(try await marker() == false)
            try await app.makeComment(on: ticket, by: agent, text: "internal", internal: true)
            #expect(try await marker() == false)
            try await app.makeComment(on: ticket, by: agent, text: "Try turning it off and on")
            #expect(try await marker() == true)
            // Staff reading the ticket changes nothing for the customer, and staff have no such key.
            let staffView = try await app.send(.GET, "/api/tickets/\(ticket.id)", as: agent)
            #expect(!staffView.json.keys.contains("new_reply"))
            #expect(try await marker() == true)
            let opened = try await app.send(.GET, "/api/tickets/\(ticket.id)", as: author)
            #expect(opened.json["new_reply"] as? Bool == false)
            #expect(try await marker() == false)
            try await app.makeComment(on: ticket, by: author, text: "It worked")
            #expect(try await marker() == false)
        }
    }

    @Test("Screenshots attach to one's own reply; one on an internal note never reaches the customer")
    func replyScreenshots() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, _) = try await app.ticketWithCast()
            let other = try await app.makeTicket(by: author)
            let reply = try await app.makeComment(on: ticket, by: author, text: "see screenshot")
            let note = try await app.makeComment(on: ticket, by: agent, text: "see this", internal: true)
            let elsewhere = try await app.makeComment(on: other, by: author, text: "other")
            func upload(_ commentID: Int?, as user: TestUser, to ticketID: Int = ticket.id) async throws
                -> TestingHTTPResponse
            {
                try await app.send(
                    .POST, "/api/tickets/\(ticketID)/images", as: user, headers: MultipartBody.headers,
                    body: MultipartBody.file(
                        filename: "s.png", contentType: "image/png", bytes: SampleImage.png,
                        text: commentID.map { ["comment_id": String($0)] } ?? [:]))
            }
            let mine = try await upload(reply.id, as: author)
            #expect(mine.status == .created)
            #expect(try mine.decode(ImageResponse.self).commentId == reply.id)
            #expect(try await upload(note.id, as: author).status == .forbidden)
            #expect(try await upload(elsewhere.id, as: author).status == .unprocessableEntity)
            #expect(try await upload(nil, as: author).json["comment_id"] is NSNull)
            let noteImage = try await upload(note.id, as: agent).decode(ImageResponse.self)

            let customerList = try await app.send(.GET, "/api/tickets/\(ticket.id)/images", as: author)
                .decode(ImageList.self).items
            #expect(customerList.count == 2)
            #expect(!customerList.contains { $0.id == noteImage.id })
            #expect(try await app.send(.GET, "/api/images/\(noteImage.id)", as: author).status == .notFound)
            let staffList = try await app.send(.GET, "/api/tickets/\(ticket.id)/images", as: agent)
                .decode(ImageList.self).items
            #expect(staffList.map(\.id).contains(noteImage.id))
            #expect(try await app.send(.GET, "/api/images/\(noteImage.id)", as: agent).status == .ok)
        }
    }
}
