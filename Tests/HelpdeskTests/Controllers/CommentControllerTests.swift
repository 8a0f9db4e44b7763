import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Comments")
struct CommentControllerTests {
    @Test("Comments come oldest first; internal notes reach agents and admins, never customers")
    func listHidesInternalNotes() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let admin = try await app.makeUser(.admin)
            let ticket = try await app.makeTicket(by: author)
            let first = try await app.makeComment(on: ticket, by: author, text: "first")
            let note = try await app.makeComment(on: ticket, by: agent, text: "secret note", internal: true)
            let reply = try await app.makeComment(on: ticket, by: agent, text: "public reply")

            let path = "/api/tickets/\(ticket.id)/comments"
            let forAuthor = try await app.send(.GET, path, as: author)
            #expect(try forAuthor.decode(CommentList.self).items.map(\.id) == [first.id, reply.id])
            #expect(!forAuthor.body.string.contains("secret note"))
            for staff in [agent, admin] {
                let list = try await app.send(.GET, path, as: staff).decode(CommentList.self)
                #expect(list.items.map(\.id) == [first.id, note.id, reply.id])
                #expect(list.items[1].internal)
                #expect(list.items[1].author.role == .agent)
                #expect(list.items[1].author.username == agent.user.username)
            }
        }
    }

    @Test("Anyone who can see the ticket may comment; only staff write internal notes")
    func createRules() async throws {
        try await withTestApp { app in
            let (ticket, author, stranger, agent, admin) = try await app.ticketWithCast()
            let path = "/api/tickets/\(ticket.id)/comments"

            for user in [author, agent, admin] {
                let res = try await app.send(
                    .POST, path, as: user, json: CreateCommentRequest(text: "hello", internal: nil))
                #expect(res.status == .created)
                let comment = try res.decode(CommentResponse.self)
                #expect(comment.ticketId == ticket.id)
                #expect(comment.authorId == user.id)
                #expect(!comment.internal)
            }
            let hidden = try await app.send(
                .POST, path, as: stranger, json: CreateCommentRequest(text: "hi", internal: nil))
            #expect(hidden.status == .notFound)
            let sneaky = try await app.send(
                .POST, path, as: author, json: CreateCommentRequest(text: "hi", internal: true))
            #expect(sneaky.status == .forbidden)
            for staff in [agent, admin] {
                let note = try await app.send(
                    .POST, path, as: staff, json: CreateCommentRequest(text: "n", internal: true))
                #expect(note.status == .created)
                #expect(try note.decode(CommentResponse.self).internal)
            }
            #expect(try await app.send(.GET, path, as: stranger).status == .notFound)
            #expect(try await app.count("comments") == 5)
        }
    }

    @Test("Blank or overlong comments are 422; 10000 characters are fine")
    func createInvalid() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let ticket = try await app.makeTicket(by: author)
            let path = "/api/tickets/\(ticket.id)/comments"
            for text in ["", "   \n", String(repeating: "x", count: 10_001)] {
                let res = try await app.send(
                    .POST, path, as: author, json: CreateCommentRequest(text: text, internal: nil))
                #expect(res.status == .unprocessableEntity)
                #expect((res.json["fields"] as? [String: String])?["text"] != nil)
            }
            let longest = try await app.send(
                .POST, path, as: author,
                json: CreateCommentRequest(text: String(repeating: "x", count: 10_000), internal: nil))
            #expect(longest.status == .created)
            let wrongType = try await app.send(
                .POST, path, as: author, json: RawJSON(["text": "x", "internal": "yes"]))
            #expect(wrongType.status == .badRequest)
        }
    }

    @Test("A comment moves the ticket's updated_at forward")
    func commentTouchesTicket() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let ticket = try await app.makeTicket(by: author)
            let before = ticket.updatedAt
            let res = try await app.send(
                .POST, "/api/tickets/\(ticket.id)/comments", as: author,
                json: CreateCommentRequest(text: "bump", internal: nil))
            #expect(res.status == .created)
            let after = try await app.send(.GET, "/api/tickets/\(ticket.id)", as: author).decode(TicketResponse.self)
            #expect(after.updatedAt > before)
        }
    }
}
