import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("User administration")
struct UserAdminTests {
    @Test("Deactivation: no sign-in, tokens dead at once, no mail, no assignment; the work stays")
    func deactivate() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, admin) = try await app.ticketWithCast()
            let path = "/api/users/\(agent.id)"
            #expect(try await app.send(.PATCH, path, as: agent, json: RawJSON(["active": false])).status == .forbidden)
            let response = try await app.send(.PATCH, path, as: admin, json: RawJSON(["active": false]))
            #expect(response.status == .ok)
            #expect(response.json["active"] as? Bool == false)
            let me = try await app.send(.GET, "/api/auth/me", as: agent)
            #expect(me.status == .unauthorized)
            let login = try await app.send(
                .POST, "/api/auth/login", json: LoginRequest(email: agent.user.email, password: "correct-horse"))
            #expect(login.status == .unauthorized)
            #expect(login.reason == UserStore.deactivated)
            let wrong = try await app.send(
                .POST, "/api/auth/login", json: LoginRequest(email: agent.user.email, password: "wrong-password"))
            #expect(wrong.reason == AuthController.badCredentials)
            let assign = try await app.send(
                .PATCH, "/api/tickets/\(ticket.id)", as: admin, json: RawJSON(["assignee_id": .int(agent.id)]))
            #expect(assign.status == .unprocessableEntity)
            let before = try await app.count("outbox", where: "recipient = '\(agent.user.email)'")
            try await app.makeComment(on: ticket, by: author, text: "anyone?")
            #expect(try await app.count("outbox", where: "recipient = '\(agent.user.email)'") == before)
            #expect(try await app.storedUser(agent.id) != nil)
            let reactivated = try await app.send(.PATCH, path, as: admin, json: RawJSON(["active": true]))
            #expect(reactivated.json["active"] as? Bool == true)
            #expect(try await app.count("admin_audit", where: "action = 'user_deactivated'") == 1)
        }
    }

    @Test("The last active admin can be neither demoted nor deactivated")
    func lastAdmin() async throws {
        try await withTestApp { app in
            let admin = try await app.makeUser(.admin)
            let other = try await app.makeUser(.admin)
            #expect(
                try await app.send(.PATCH, "/api/users/\(other.id)", as: admin, json: RawJSON(["active": false]))
                    .status == .ok)
            for body: [String: JSONValue] in [["active": false], ["role": "agent"]] {
                let response = try await app.send(.PATCH, "/api/users/\(admin.id)", as: admin, json: RawJSON(body))
                #expect(response.status == .conflict)
            }
            let nothing = try await app.send(.PATCH, "/api/users/\(admin.id)", as: admin, json: RawJSON([:]))
            #expect(nothing.status == .unprocessableEntity)
        }
    }

    @Test("Admins add users; without a password the user is mailed a link to set one")
    func create() async throws {
        try await withTestApp { app in
            let admin = try await app.makeUser(.admin)
            let agent = try await app.makeUser(.agent)
            let body = RawJSON(["username": "newbie", "email": "Newbie@Example.test", "role": "agent"])
            #expect(try await app.send(.POST, "/api/users", as: agent, json: body).status == .forbidden)
            let created = try await app.send(.POST, "/api/users", as: admin, json: body)
            #expect(created.status == .created)
            #expect(created.json["email"] as? String == "newbie@example.test")
            #expect(created.json["role"] as? String == "agent")
            #expect(
                try await app.count("outbox", where: "kind = 'password_reset' AND recipient = 'newbie@example.test'")
                    == 1)
            #expect(try await app.send(.POST, "/api/users", as: admin, json: body).status == .conflict)
            let withPassword = RawJSON([
                "username": "second", "email": "second@example.test", "role": "customer", "password": "long enough pw",
            ])
            #expect(try await app.send(.POST, "/api/users", as: admin, json: withPassword).status == .created)
            #expect(try await app.count("outbox", where: "recipient = 'second@example.test'") == 0)
            let bad = try await app.send(
                .POST, "/api/users", as: admin, json: RawJSON(["username": "x", "email": "nope", "role": "king"]))
            #expect(bad.status == .unprocessableEntity)
        }
    }

    @Test("The list pages and searches by username and email")
    func listPagesAndSearches() async throws {
        try await withTestApp { app in
            let admin = try await app.makeUser(.admin)
            for number in 0..<55 { _ = try await app.makeUser(name: "bulk\(number)") }
            let first = try await app.send(.GET, "/api/users", as: admin).decode(UserList.self)
            #expect(first.items.count == UserStore.pageSize)
            let cursor = try #require(first.nextCursor)
            let second = try await app.send(.GET, "/api/users?cursor=\(cursor)", as: admin).decode(UserList.self)
            #expect(second.items.count == 56 - UserStore.pageSize)
            #expect(second.nextCursor == nil)
            #expect(Set(first.items.map(\.id)).isDisjoint(with: second.items.map(\.id)))
            let found = try await app.send(.GET, "/api/users?q=BULK4", as: admin).decode(UserList.self)
            #expect(
                found.items.map(\.username).sorted() == [
                    "bulk4", "bulk40", "bulk41", "bulk42", "bulk43", "bulk44", "bulk45", "bulk46", "bulk47", "bulk48",
                    "bulk49",
                ])
            let byEmail = try await app.send(.GET, "/api/users?q=bulk7%40example", as: admin).decode(UserList.self)
            #expect(byEmail.items.map(\.username) == ["bulk7"])
            #expect(try await app.send(.GET, "/api/users?q=%25", as: admin).decode(UserList.self).items.isEmpty)
        }
    }
}
