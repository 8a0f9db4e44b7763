import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// A time as the API prints it: whole milliseconds.
private func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

@Suite("Merging duplicate tickets")
struct MergeTests {
    @Test("The source's thread moves to the target with its times; the source closes pointing there")
    func merge() async throws {
        try await withTestApp { app in
            let (target, author, _, agent, _) = try await app.ticketWithCast()
            let source = try await app.makeTicket(by: author, title: "Same printer, again")
            let question = try await app.makeComment(on: source, by: author, text: "Still smoking")
            let note = try await app.makeComment(on: source, by: agent, text: "Ordered a new one", internal: true)
            _ = try await app.send(
                .POST, "/api/tickets/\(source.id)/images", as: author,
                headers: MultipartBody.headers,
                body: MultipartBody.file(
                    filename: "shot.png", contentType: "image/png", bytes: SampleImage.png(size: 64)))

            let response = try await app.send(
                .POST, "/api/tickets/\(source.id)/merge", as: agent, json: RawJSON(["into_id": .int(target.id)]))
            #expect(response.status == .ok)
            let merged = try response.decode(TicketResponse.self)
            #expect(merged.id == target.id && merged.mergedIntoId == nil)
            #expect(merged.lastReply.map { milliseconds($0.at) } == milliseconds(note.createdAt))

            let comments = try await app.send(.GET, "/api/tickets/\(target.id)/comments", as: agent)
                .decode(CommentList.self).items
            #expect(comments.map(\.id) == [question.id, note.id])
            #expect(comments.map { milliseconds($0.createdAt) } == [question, note].map { milliseconds($0.createdAt) })
            #expect(try await app.count("ticket_images", where: "ticket_id = \(target.id)") == 1)
            // The customer sees the moved public reply, never the internal note.
            let forCustomer = try await app.send(.GET, "/api/tickets/\(target.id)/comments", as: author)
                .decode(CommentList.self).items
            #expect(forCustomer.map(\.id) == [question.id])

            let closed = try await app.send(.GET, "/api/tickets/\(source.id)", as: author)
            let sourceNow = try closed.decode(TicketResponse.self)
            #expect(sourceNow.status == .closed && sourceNow.mergedIntoId == target.id)
            let pointer = try await app.send(.GET, "/api/tickets/\(source.id)/comments", as: author)
                .decode(CommentList.self).items
            #expect(pointer.count == 1 && pointer[0].text.contains("#\(target.id)") && !pointer[0].internal)

            #expect(
                try await app.count("ticket_history", where: "ticket_id = \(source.id) AND field = 'merged_into'") == 1)
            #expect(
                try await app.count("ticket_history", where: "ticket_id = \(target.id) AND field = 'merged_from'") == 1)
            #expect(
                try await app.count(
                    "outbox", where: "ticket_id = \(source.id) AND kind = 'staff_reply' AND recipient_id = \(author.id)"
                ) == 1)
            #expect(try await app.count("events", where: "ticket_id = \(target.id) AND kind = 'comment.created'") >= 2)

            // Stats count the source as closed, as a full count would.
            let counted = try await app.count("tickets", where: "status = 'closed'")
            let stats = try await app.send(.GET, "/api/stats", as: agent).json
            #expect((stats["by_status"] as? [String: Int])?["closed"] == counted)

            // The merged duplicate takes no more replies; mail to it goes to the target (see importer tests).
            let late = try await app.send(
                .POST, "/api/tickets/\(source.id)/comments", as: author, json: RawJSON(["text": "hello?"]))
            #expect(late.status == .conflict)
            #expect(late.reason?.contains("#\(target.id)") == true)
        }
    }

    @Test("Refused: into itself, into or from a merged ticket, across customers, unknown tickets, customers")
    func refusals() async throws {
        try await withTestApp { app in
            let (first, author, stranger, agent, _) = try await app.ticketWithCast()
            let second = try await app.makeTicket(by: author)
            let third = try await app.makeTicket(by: author)
            let theirs = try await app.makeTicket(by: stranger)
            func merge(_ id: Int, into: Int, as user: TestUser) async throws -> TestingHTTPResponse {
                try await app.send(.POST, "/api/tickets/\(id)/merge", as: user, json: RawJSON(["into_id": .int(into)]))
            }
            #expect(try await merge(first.id, into: first.id, as: agent).status == .unprocessableEntity)
            let across = try await merge(first.id, into: theirs.id, as: agent)
            #expect(across.status == .unprocessableEntity)
            #expect(across.reason?.contains("another customer") == true)
            let unknown = try await merge(first.id, into: 999_999, as: agent)
            #expect(unknown.status == .notFound && unknown.reason?.contains("999999") == true)
            #expect(try await merge(999_999, into: first.id, as: agent).status == .notFound)
            #expect(try await merge(first.id, into: second.id, as: author).status == .forbidden)
            #expect(try await merge(theirs.id, into: first.id, as: author).status == .notFound)
            let bad = try await app.send(
                .POST, "/api/tickets/\(first.id)/merge", as: agent, json: RawJSON(["into_id": "2"]))
            #expect(bad.status == .badRequest || bad.status == .unprocessableEntity)

            #expect(try await merge(first.id, into: second.id, as: agent).status == .ok)
            #expect(try await merge(first.id, into: third.id, as: agent).status == .unprocessableEntity)
            let intoMerged = try await merge(third.id, into: first.id, as: agent)
            #expect(intoMerged.status == .unprocessableEntity)
            #expect(intoMerged.reason?.contains("#\(second.id)") == true)
            // Nothing of the refused merges was written.
            #expect(try await app.count("ticket_history", where: "field = 'merged_into'") == 1)
            #expect(try await app.storedTicket(third.id)?.status == .open)
        }
    }

    @Test("Customers: the side panel's author filter is staff only")
    func authorFilter() async throws {
        try await withTestApp { app in
            let (first, author, stranger, agent, _) = try await app.ticketWithCast()
            let second = try await app.makeTicket(by: author)
            try await app.makeTicket(by: stranger)
            let page = try await app.send(.GET, "/api/tickets?author_id=\(author.id)&limit=5", as: agent)
                .decode(TicketPage.self)
            #expect(page.items.map(\.id) == [second.id, first.id])
            #expect(try await app.send(.GET, "/api/tickets?author_id=\(author.id)", as: author).status == .forbidden)
            #expect(try await app.send(.GET, "/api/tickets?author_id=me", as: agent).status == .badRequest)
            let csv = try await app.send(.GET, "/api/tickets/export.csv?author_id=\(stranger.id)", as: agent).body
                .string
            #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
        }
    }
}
