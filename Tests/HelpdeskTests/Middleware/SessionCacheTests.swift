import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Session cache")
struct SessionCacheTests {
    @Test("Signed-in requests answer from the cache, and every account change still applies to the next request")
    func nextRequest() async throws {
        try await withTestApp { app in
            let admin = try await app.makeUser(.admin)
            let agent = try await app.makeUser(.agent)
            let customer = try await app.makeUser()
            #expect(try await app.send(.GET, "/api/auth/me", as: agent).status == .ok)

            // The cache answers: a session deleted behind the stores' back (which nothing in Helpdesk
            // does) still works. This is what makes the rest of this test about the cache. (On
            // PostgreSQL the cache is on only while `serve`'s listener is: never in these tests.)
            #expect(try await app.send(.GET, "/api/auth/me", as: customer).status == .ok)
            try await app.db.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: customer.id)").run()
            let cached = try await app.send(.GET, "/api/auth/me", as: customer).status
            #expect(cached == (app.services.databaseKind == .sqlite ? .ok : .unauthorized))

            // A role change: the demoted agent's very next request is a customer's.
            #expect(try await app.send(.GET, "/api/tags", as: agent).status == .ok)
            let demote = try await app.send(
                .PATCH, "/api/users/\(agent.id)", as: admin, json: RawJSON(["role": "customer"]))
            #expect(demote.status == .ok)
            #expect(try await app.send(.GET, "/api/tags", as: agent).status == .forbidden)

            // Deactivation, then signing out everywhere, then a password change.
            let other = try await app.makeUser(.agent)
            #expect(try await app.send(.GET, "/api/auth/me", as: other).status == .ok)
            _ = try await app.send(.PATCH, "/api/users/\(other.id)", as: admin, json: RawJSON(["active": false]))
            #expect(try await app.send(.GET, "/api/auth/me", as: other).status == .unauthorized)

            let third = try await app.makeUser(.agent)
            let second = TestUser(user: third.user, token: try await app.signIn(third.user))
            #expect(try await app.send(.GET, "/api/auth/me", as: second).status == .ok)
            #expect(try await app.send(.POST, "/api/auth/logout", as: third).status == .noContent)
            #expect(try await app.send(.GET, "/api/auth/me", as: third).status == .unauthorized)
            #expect(try await app.send(.GET, "/api/auth/me", as: second).status == .ok)
            #expect(try await app.send(.POST, "/api/auth/logout-all", as: second).status == .noContent)
            #expect(try await app.send(.GET, "/api/auth/me", as: second).status == .unauthorized)

            let fourth = try await app.makeUser(.agent, password: "correct-horse")
            #expect(try await app.send(.GET, "/api/auth/me", as: fourth).status == .ok)
            let changed = try await app.send(
                .POST, "/api/auth/password", as: fourth,
                json: RawJSON(["current_password": "correct-horse", "new_password": "battery-staple-42"]))
            #expect(changed.status == .ok)
            #expect(try await app.send(.GET, "/api/auth/me", as: fourth).status == .unauthorized)
        }
    }

    @Test("A lookup that raced a change never stores what it read; expired and other users' entries are misses")
    func generations() {
        let cache = SessionCache(enabled: true)
        let user = User(
            profile: UserResponse(
                id: 7, username: "ada", email: "ada@example.test", role: .agent,
                createdAt: Date(timeIntervalSince1970: 0),
                emailNotifications: true, active: true),
            passwordHash: "x")
        let now = Date(timeIntervalSince1970: 1_000)
        let before = cache.generation!
        cache.clear()  // an account changed while the lookup was reading
        cache.remember(user, session: "s", expiresAt: now.addingTimeInterval(60), generation: before)
        #expect(cache.user(session: "s", userID: 7, now: now) == nil)

        cache.remember(user, session: "s", expiresAt: now.addingTimeInterval(60), generation: cache.generation!)
        #expect(cache.user(session: "s", userID: 7, now: now)?.id == 7)
        #expect(cache.user(session: "s", userID: 8, now: now) == nil)
        #expect(cache.user(session: "s", userID: 7, now: now.addingTimeInterval(60)) == nil)

        cache.setEnabled(false)
        #expect(cache.generation == nil)
        #expect(cache.user(session: "s", userID: 7, now: now) == nil)
    }
}
