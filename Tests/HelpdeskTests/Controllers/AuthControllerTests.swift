import Fluent
import Foundation
import JWT
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Auth")
struct AuthControllerTests {
    @Test("Registering makes a customer, whatever role the body asks for, and returns a token")
    func registerMakesCustomer() async throws {
        try await withTestApp { app in
            let res = try await app.send(
                .POST, "/api/auth/register",
                json: RawJSON([
                    "username": "ada", "email": "Ada@Example.com", "password": "long enough", "role": "admin",
                ]))
            #expect(res.status == .created)
            let body = try res.decode(AuthResponse.self)
            #expect(body.user.role == .customer)
            #expect(body.user.email == "ada@example.com")
            #expect(!body.token.isEmpty)
            let raw = res.body.string
            #expect(!raw.contains("password"))
            #expect(!raw.contains("$2"))

            let me = try await app.send(.GET, "/api/auth/me", headers: ["Authorization": "Bearer \(body.token)"])
            #expect(me.status == .ok)
            #expect(try me.decode(UserResponse.self).username == "ada")
        }
    }

    @Test("Duplicate usernames and emails (compared case-insensitively) are 409")
    func registerDuplicates() async throws {
        try await withTestApp { app in
            let first = try await app.send(
                .POST, "/api/auth/register",
                json: RegisterRequest(username: "grace", email: "grace@example.com", password: "password1"))
            #expect(first.status == .created)
            let sameName = try await app.send(
                .POST, "/api/auth/register",
                json: RegisterRequest(username: "grace", email: "other@example.com", password: "password1"))
            #expect(sameName.status == .conflict)
            let sameEmail = try await app.send(
                .POST, "/api/auth/register",
                json: RegisterRequest(username: "grace2", email: "GRACE@example.COM", password: "password1"))
            #expect(sameEmail.status == .conflict)
            #expect(sameEmail.reason?.isEmpty == false)
        }
    }

    @Test(
        "Invalid registrations are 422 naming the field",
        arguments: [
            ("ab", "a@example.com", "password1", "username"),
            (String(repeating: "a", count: 33), "a@example.com", "password1", "username"),
            ("has space", "a@example.com", "password1", "username"),
            ("bad/char", "a@example.com", "password1", "username"),
            ("valid_name", "not-an-email", "password1", "email"),
            ("valid_name", "a@b", "password1", "email"),
            ("valid_name", "a@example.com", "short7!", "password"),
            ("valid_name", "a@example.com", String(repeating: "p", count: 73), "password"),
            ("valid_name", "a@example.com", String(repeating: "é", count: 37), "password"),
        ])
    func registerInvalid(username: String, email: String, password: String, field: String) async throws {
        try await withTestApp { app in
            let res = try await app.send(
                .POST, "/api/auth/register", json: RegisterRequest(username: username, email: email, password: password)
            )
            #expect(res.status == .unprocessableEntity)
            let fields = res.json["fields"] as? [String: String]
            #expect(fields?[field] != nil)
        }
    }

    @Test("Edge lengths are accepted: 3 and 32 character usernames, 8 and 72 byte passwords")
    func registerEdges() async throws {
        try await withTestApp { app in
            for (index, (username, password)) in [
                ("abc", "12345678"), (String(repeating: "b", count: 32), String(repeating: "p", count: 72)),
            ].enumerated() {
                let res = try await app.send(
                    .POST, "/api/auth/register",
                    json: RegisterRequest(username: username, email: "edge\(index)@example.com", password: password))
                #expect(res.status == .created)
            }
        }
    }

    @Test("Login answers an unknown email and a wrong password with the same 401")
    func loginFailuresLookAlike() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser(password: "right password")
            let ok = try await app.send(
                .POST, "/api/auth/login",
                json: LoginRequest(email: user.user.email.uppercased(), password: "right password"))
            #expect(ok.status == .ok)
            #expect(try ok.decode(AuthResponse.self).user.id == user.id)

            let wrong = try await app.send(
                .POST, "/api/auth/login", json: LoginRequest(email: user.user.email, password: "wrong password"))
            let unknown = try await app.send(
                .POST, "/api/auth/login", json: LoginRequest(email: "nobody@example.com", password: "wrong password"))
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.reason == unknown.reason)
        }
    }

    @Test("A token's role is ignored: the role in the database decides, at once")
    func roleChangeTakesEffect() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser(.customer)
            let other = try await app.makeUser(.customer)
            let ticket = try await app.makeTicket(by: other)
            #expect(try await app.send(.GET, "/api/tickets/\(ticket.id)", as: customer).status == .notFound)

            let users = UserStore(context: app.storeContext)
            _ = try await users.changeRole(of: customer.user, to: .agent, by: .system)
            #expect(try await app.send(.GET, "/api/tickets/\(ticket.id)", as: customer).status == .ok)

            _ = try await users.changeRole(of: customer.user, to: .customer, by: .system)
            #expect(try await app.send(.GET, "/api/tickets/\(ticket.id)", as: customer).status == .notFound)
        }
    }

    @Test("Changing the password ends every earlier token and returns a new one")
    func changePassword() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser(password: "old password")
            let wrong = try await app.send(
                .POST, "/api/auth/password", as: user,
                json: ChangePasswordRequest(currentPassword: "not it at all", newPassword: "new password"))
            #expect(wrong.status == .unprocessableEntity)

            let res = try await app.send(
                .POST, "/api/auth/password", as: user,
                json: ChangePasswordRequest(currentPassword: "old password", newPassword: "new password"))
            #expect(res.status == .ok)
            let fresh = try res.decode(AuthResponse.self)
            #expect(try await app.send(.GET, "/api/auth/me", as: user).status == .unauthorized)
            #expect(
                try await app.send(.GET, "/api/auth/me", headers: ["Authorization": "Bearer \(fresh.token)"]).status
                    == .ok)
            let login = try await app.send(
                .POST, "/api/auth/login", json: LoginRequest(email: user.user.email, password: "new password"))
            #expect(login.status == .ok)
        }
    }
}
