import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Canned replies")
struct CannedReplyTests {
    @Test("Agents keep their own; everyone on staff reads the shared ones; nobody sees another's private reply")
    func visibility() async throws {
        try await withTestApp { app in
            let agent = try await app.makeUser(.agent)
            let colleague = try await app.makeUser(.agent)
            let admin = try await app.makeUser(.admin)
            let mine = try await app.send(
                .POST, "/api/canned-replies", as: agent,
                json: RawJSON(["title": "  Refund steps ", "body": "Hi {{customer.username}}, refunds take 5 days."]))
            #expect(mine.status == .created)
            let reply = try mine.decode(CannedReply.self)
            #expect(reply.title == "Refund steps" && !reply.shared && reply.ownerId == agent.id)
            #expect(
                mine.json.keys.sorted() == ["body", "created_at", "id", "owner_id", "shared", "title", "updated_at"])
            let shared = try await app.send(
                .POST, "/api/canned-replies", as: admin,
                json: RawJSON(["title": "apology", "body": "Sorry about #{{ticket.id}}", "shared": true]))
            #expect(shared.status == .created)

            func titles(_ user: TestUser, _ query: String = "") async throws -> [String] {
                try await app.send(.GET, "/api/canned-replies" + query, as: user).decode(CannedReplyList.self).items
                    .map(\.title)
            }
            #expect(try await titles(agent) == ["apology", "Refund steps"])  // by title, case aside
            #expect(try await titles(colleague) == ["apology"])
            #expect(try await titles(admin) == ["apology"])
            #expect(try await titles(agent, "?q=REFUNDS") == ["Refund steps"])  // the body matches too
            #expect(try await titles(agent, "?q=%25") == [])  // LIKE wildcards are literal

            let path = "/api/canned-replies/\(reply.id)"
            #expect(try await app.send(.PATCH, path, as: colleague, json: RawJSON(["title": "x"])).status == .notFound)
            #expect(try await app.send(.DELETE, path, as: admin).status == .notFound)
            let renamed = try await app.send(.PATCH, path, as: agent, json: RawJSON(["title": "Refunds"]))
            #expect(renamed.status == .ok)
            #expect(try renamed.decode(CannedReply.self).body == reply.body)
            #expect(try await app.send(.DELETE, path, as: agent).status == .noContent)
            #expect(try await app.send(.DELETE, path, as: agent).status == .notFound)
        }
    }

    @Test("Shared replies are the admins': agents may neither share nor change them")
    func sharing() async throws {
        try await withTestApp { app in
            let agent = try await app.makeUser(.agent)
            let admin = try await app.makeUser(.admin)
            let otherAdmin = try await app.makeUser(.admin)
            let refused = try await app.send(
                .POST, "/api/canned-replies", as: agent, json: RawJSON(["title": "t", "body": "b", "shared": true]))
            #expect(refused.status == .forbidden)
            #expect(try await app.count("canned_replies") == 0)

            let own = try await app.send(
                .POST, "/api/canned-replies", as: agent, json: RawJSON(["title": "t", "body": "b"])
            )
            .decode(CannedReply.self)
            let share = try await app.send(
                .PATCH, "/api/canned-replies/\(own.id)", as: agent, json: RawJSON(["shared": true]))
            #expect(share.status == .forbidden)

            let team = try await app.send(
                .POST, "/api/canned-replies", as: admin, json: RawJSON(["title": "team", "body": "b", "shared": true])
            ).decode(CannedReply.self)
            let path = "/api/canned-replies/\(team.id)"
            #expect(
                try await app.send(.PATCH, path, as: agent, json: RawJSON(["body": "mine now"])).status == .forbidden)
            #expect(try await app.send(.DELETE, path, as: agent).status == .forbidden)
            let edited = try await app.send(.PATCH, path, as: otherAdmin, json: RawJSON(["body": "better"]))
            #expect(edited.status == .ok)
            #expect(try edited.decode(CannedReply.self).body == "better")
            #expect(try await app.send(.DELETE, path, as: otherAdmin).status == .noContent)
        }
    }

    @Test("Bad input is a 422 naming the field; customers have no canned replies")
    func validation() async throws {
        try await withTestApp { app in
            let agent = try await app.makeUser(.agent)
            let customer = try await app.makeUser()
            let blank = try await app.send(
                .POST, "/api/canned-replies", as: agent, json: RawJSON(["title": " ", "body": "b"]))
            #expect(blank.status == .unprocessableEntity)
            #expect((blank.json["fields"] as? [String: String])?.keys.sorted() == ["title"])
            let long = String(repeating: "x", count: 101)
            let tooLong = try await app.send(
                .POST, "/api/canned-replies", as: agent, json: RawJSON(["title": .string(long), "body": ""]))
            #expect((tooLong.json["fields"] as? [String: String])?.keys.sorted() == ["body", "title"])
            let missing = try await app.send(.POST, "/api/canned-replies", as: agent, json: RawJSON(["title": "t"]))
            #expect(missing.status == .badRequest || missing.status == .unprocessableEntity)
            let created = try await app.send(
                .POST, "/api/canned-replies", as: agent, json: RawJSON(["title": "t", "body": "b"])
            )
            .decode(CannedReply.self)
            let nothing = try await app.send(.PATCH, "/api/canned-replies/\(created.id)", as: agent, json: RawJSON([:]))
            #expect(nothing.status == .unprocessableEntity)
            #expect(try await app.send(.GET, "/api/canned-replies", as: customer).status == .forbidden)
            let post = try await app.send(
                .POST, "/api/canned-replies", as: customer, json: RawJSON(["title": "t", "body": "b"]))
            #expect(post.status == .forbidden)
            #expect(
                try await app.send(.PATCH, "/api/canned-replies/abc", as: agent, json: RawJSON(["title": "t"])).status
                    == .notFound)
        }
    }
}
