import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Password reset")
struct PasswordResetTests {
    /// The reset token in the newest password-reset mail to `email`, read back out of the message's
    /// quoted-printable text.
    static func mailedToken(_ app: Application, to email: String) async throws -> String? {
        let message = try await app.db.sql.raw(
            "SELECT message FROM outbox WHERE kind = 'password_reset' AND recipient = \(bind: email) ORDER BY id DESC"
        ).first()?.decode(column: "message", as: String.self)
        guard let message else { return nil }
        let text = message.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        guard let range = text.range(of: "reset-password?token=") else { return nil }
        return String(text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test("The same answer whether or not the address has an account; only a real one gets mail")
    func noEnumeration() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser()
            let known = try await app.send(
                .POST, "/api/auth/password-reset", json: RawJSON(["email": .string(user.user.email.uppercased())]))
            let unknown = try await app.send(
                .POST, "/api/auth/password-reset", json: RawJSON(["email": "nobody@example.test"]))
            #expect(known.status == .accepted)
            #expect(unknown.status == .accepted)
            #expect(known.body.string == unknown.body.string)
            #expect(try await app.count("outbox", where: "kind = 'password_reset'") == 1)
            #expect(try await app.count("password_resets") == 1)
            let stored = try await app.db.sql.raw("SELECT token_hash FROM password_resets").first()?
                .decode(column: "token_hash", as: String.self)
            let token = try #require(try await Self.mailedToken(app, to: user.user.email))
            #expect(token.count == 43)
            #expect(stored == PasswordResetStore.hash(token))
            #expect(stored != token)
            let invalid = try await app.send(
                .POST, "/api/auth/password-reset", json: RawJSON(["email": "not-an-email"]))
            #expect(invalid.status == .unprocessableEntity)
        }
    }

    @Test("A token works once, signs in, and ends every earlier session")
    func confirm() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser()
            // Notifications off: a password reset is sent regardless.
            _ = try await app.send(.PATCH, "/api/auth/me", as: user, json: RawJSON(["email_notifications": false]))
            _ = try await app.send(
                .POST, "/api/auth/password-reset", json: RawJSON(["email": .string(user.user.email)]))
            let token = try #require(try await Self.mailedToken(app, to: user.user.email))

            let short = try await app.send(
                .POST, "/api/auth/password-reset/confirm",
                json: RawJSON(["token": .string(token), "password": "short"]))
            #expect(short.status == .unprocessableEntity)
            let done = try await app.send(
                .POST, "/api/auth/password-reset/confirm",
                json: RawJSON(["token": .string(token), "password": "a brand new secret"]))
            #expect(done.status == .ok)
            let session = try done.decode(AuthResponse.self)
            #expect(session.user.id == user.id)
            #expect(try await app.send(.GET, "/api/auth/me", as: user).status == .unauthorized)
            var fresh = user
            fresh.token = session.token
            #expect(try await app.send(.GET, "/api/auth/me", as: fresh).status == .ok)
            let login = try await app.send(
                .POST, "/api/auth/login",
                json: LoginRequest(email: user.user.email, password: "a brand new secret"))
            #expect(login.status == .ok)

            let again = try await app.send(
                .POST, "/api/auth/password-reset/confirm",
                json: RawJSON(["token": .string(token), "password": "another new secret"]))
            #expect(again.status == .badRequest)
            #expect(again.reason == PasswordResetStore.invalid)
            let unknown = try await app.send(
                .POST, "/api/auth/password-reset/confirm",
                json: RawJSON(["token": "made-up", "password": "another new secret"]))
            #expect(unknown.status == .badRequest)
        }
    }

    @Test("A token expires after an hour, and a newer reset makes older tokens useless once used")
    func expiry() async throws {
        let clock = ManualClock()
        try await withTestApp { app in
            app.services.clock = AppClock { clock.now() }
            let user = try await app.makeUser()
            _ = try await app.send(
                .POST, "/api/auth/password-reset", json: RawJSON(["email": .string(user.user.email)]))
            let old = try #require(try await Self.mailedToken(app, to: user.user.email))
            clock.advance(3601)
            let late = try await app.send(
                .POST, "/api/auth/password-reset/confirm",
                json: RawJSON(["token": .string(old), "password": "new secret 1"]))
            #expect(late.status == .badRequest)

            _ = try await app.send(
                .POST, "/api/auth/password-reset", json: RawJSON(["email": .string(user.user.email)]))
            let first = try #require(try await Self.mailedToken(app, to: user.user.email))
            _ = try await app.send(
                .POST, "/api/auth/password-reset", json: RawJSON(["email": .string(user.user.email)]))
            let second = try #require(try await Self.mailedToken(app, to: user.user.email))
            #expect(first != second)
            let used = try await app.send(
                .POST, "/api/auth/password-reset/confirm",
                json: RawJSON(["token": .string(second), "password": "new secret 2"]))
            #expect(used.status == .ok)
            let stale = try await app.send(
                .POST, "/api/auth/password-reset/confirm",
                json: RawJSON(["token": .string(first), "password": "new secret 3"]))
            #expect(stale.status == .badRequest)
        }
    }
}
