import Foundation
import JWT
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// The defects found by probing the running server (issue 8), one test each; every one failed before
/// its fix.
@Suite("Defects found by probing")
struct ProbedDefectsTests {
    @Test("1. Parallel wrong passwords cannot all pass the throttle: the attempt counts before bcrypt")
    func throttleRace() async throws {
        // A real bcrypt cost, so that the guesses overlap as they would against a server.
        try await withTestApp(settings: .init { $0.bcryptCost = 10 }) { app in
            let user = try await app.makeUser(password: "the right one")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await app.send(
                            .POST, "/api/auth/login",
                            json: LoginRequest(email: user.user.email, password: "wrong guess")
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 10)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 10)
        }
    }

    @Test("2. An internal note changes nothing a customer sees, updated_at included")
    func internalNoteLeavesNoTrace() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let ticket = try await app.makeTicket(by: customer)
            let shown = try await app.send(.GET, "/api/tickets/\(ticket.id)", as: customer)
            let before = NSDictionary(dictionary: shown.json)

            let note = try await app.send(
                .POST, "/api/tickets/\(ticket.id)/comments", as: agent,
                json: CreateCommentRequest(text: "customer seems confused", internal: true))
            #expect(note.status == .created)
            #expect(
                NSDictionary(dictionary: try await app.send(.GET, "/api/tickets/\(ticket.id)", as: customer).json)
                    == before)
            let listed = try await app.send(.GET, "/api/tickets", as: customer).decode(TicketPage.self)
            #expect(listed.items.first?.updatedAt == (try shown.decode(TicketResponse.self)).updatedAt)

            // A public reply is something the customer sees, and it shows.
            _ = try await app.send(
                .POST, "/api/tickets/\(ticket.id)/comments", as: agent, json: CreateCommentRequest(text: "On it"))
            #expect(
                NSDictionary(dictionary: try await app.send(.GET, "/api/tickets/\(ticket.id)", as: customer).json)
                    != before)
        }
    }

    @Test("3. A list cursor naming someone else's ticket tells nothing about it")
    func cursorIsNoOracle() async throws {
        try await withTestApp { app in
            let alice = try await app.makeUser()
            let bob = try await app.makeUser()
            try await app.makeTicket(by: alice, title: "older")
            let hidden = try await app.makeTicket(by: bob, title: "bob's")
            try await app.makeTicket(by: alice, title: "newer")

            func page(after id: Int) async throws -> [String] {
                let cursor = TicketCursor(createdAt: Date(timeIntervalSince1970: 0), id: id).encoded
                let res = try await app.send(.GET, "/api/tickets?cursor=\(cursor)", as: alice)
                #expect(res.status == .ok)
                return try res.decode(TicketPage.self).items.map(\.title)
            }
            // Bob's ticket exists and sits between Alice's two; an id that never existed does not. The
            // answers must be the same, or the cursor is an oracle.
            #expect(try await page(after: hidden.id) == page(after: hidden.id + 1000))

            // A time no ticket can have is no cursor this server gave out (PostgreSQL's driver traps on
            // converting one far enough out).
            let far = Data("9223372036854775807:1".utf8).base64URLEncodedString
            #expect(try await app.send(.GET, "/api/tickets?cursor=\(far)", as: alice).status == .badRequest)
        }
    }

    @Test("5. Length limits count characters, not graphemes: one letter with 300,000 accents is too long")
    func combiningMarksAreCounted() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let heavy = "a" + String(repeating: "\u{0301}", count: 300_000)
            let ticket = try await app.send(
                .POST, "/api/tickets", as: customer, json: CreateTicketRequest(title: heavy, description: "d"))
            #expect(ticket.status == .unprocessableEntity)
            #expect(ticket.json["fields"].flatMap { ($0 as? [String: String])?["title"] } != nil)

            let mine = try await app.makeTicket(by: customer)
            let comment = try await app.send(
                .POST, "/api/tickets/\(mine.id)/comments", as: customer,
                json: CreateCommentRequest(text: String(repeating: "e\u{0301}", count: 6_000)))
            #expect(comment.status == .unprocessableEntity)

            let email = "a" + String(repeating: "\u{0301}", count: 300) + "@example.org"
            let register = try await app.send(
                .POST, "/api/auth/register",
                json: RegisterRequest(username: "accents", email: email, password: "long enough"))
            #expect(register.status == .unprocessableEntity)
        }
    }

    @Test("6. Wrong current passwords are throttled like sign-ins")
    func currentPasswordIsThrottled() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser(password: "the right one")
            let change = { (current: String) in
                try await app.send(
                    .POST, "/api/auth/password", as: user,
                    json: ChangePasswordRequest(currentPassword: current, newPassword: "new password"))
            }
            for _ in 0..<10 { #expect(try await change("guess").status == .unprocessableEntity) }
            let locked = try await change("the right one")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test("7. Ids are never handed out again: not a deleted ticket's, not a deleted user's")
    func idsAreNotReused() async throws {
        try await withTestApp { app in
            let admin = try await app.makeUser(.admin)
            let customer = try await app.makeUser()
            let first = try await app.makeTicket(by: customer)
            let last = try await app.makeTicket(by: customer)
            #expect(try await app.send(.DELETE, "/api/tickets/\(last.id)", as: admin).status == .noContent)
            let next = try await app.makeTicket(by: customer)
            #expect(next.id > last.id && last.id > first.id)

            let leaving = try await app.makeUser()
            try await app.db.sql.raw("DELETE FROM users WHERE id = \(bind: leaving.id)").run()
            let newcomer = try await app.makeUser()
            #expect(newcomer.id > leaving.id)
            #expect(try await app.send(.GET, "/api/auth/me", as: leaving).status == .unauthorized)
        }
    }

    @Test("8. Signing out ends this token at once; signing out everywhere ends them all")
    func signOut() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser()
            let laptop = user
            var phone = user
            phone.token = try await app.signIn(user.user)
            var tablet = user
            tablet.token = try await app.signIn(user.user)

            #expect(try await app.send(.POST, "/api/auth/logout", as: laptop).status == .noContent)
            #expect(try await app.send(.GET, "/api/auth/me", as: laptop).status == .unauthorized)
            #expect(try await app.send(.GET, "/api/auth/me", as: phone).status == .ok)

            #expect(try await app.send(.POST, "/api/auth/logout-all", as: phone).status == .noContent)
            #expect(try await app.send(.GET, "/api/auth/me", as: phone).status == .unauthorized)
            #expect(try await app.send(.GET, "/api/auth/me", as: tablet).status == .unauthorized)
            // Signing in again works.
            let login = try await app.send(
                .POST, "/api/auth/login", json: LoginRequest(email: user.user.email, password: "correct-horse"))
            #expect(login.status == .ok)
        }
    }

    @Test("Private API answers are no-store; CORS answers vary by origin; https gets HSTS")
    func cachingAndTransportHeaders() async throws {
        let https = SettingsAdjustment {
            $0.corsOrigins = ["https://desk.example.org"]
            $0.publicURL = URL(string: "https://desk.example.org")!
        }
        try await withTestApp(settings: https) { app in
            let user = try await app.makeUser()
            let me = try await app.send(.GET, "/api/auth/me", as: user, headers: ["Origin": "https://desk.example.org"])
            #expect(me.headers.first(name: .cacheControl) == "no-store")
            #expect(me.headers[.vary].contains { $0.lowercased().contains("origin") })
            #expect(me.headers.first(name: .accessControlAllowOrigin) == "https://desk.example.org")
            #expect(me.headers.first(name: .strictTransportSecurity)?.hasPrefix("max-age=") == true)
            let denied = try await app.send(.GET, "/api/tickets")
            #expect(denied.headers.first(name: .cacheControl) == "no-store")
        }
        try await withTestApp { app in
            let health = try await app.send(.GET, "/api/health")
            #expect(health.headers.first(name: .strictTransportSecurity) == nil)
            #expect(health.headers[.vary].isEmpty)
        }
    }
}
