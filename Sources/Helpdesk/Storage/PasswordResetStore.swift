import Crypto
import Foundation
import SQLKit
import Vapor

/// Password-reset tokens: 32 random bytes, given out once by mail and stored only as a SHA-256 hash;
/// each works once, within its lifetime, and using one ends every session of its user.
struct PasswordResetStore: Sendable {
    let context: StoreContext

    static let lifetime: TimeInterval = 3600
    static let invalid = "This reset link is invalid, has expired or was used already: ask for a new one"

    /// Issues a token for `user` and writes its mail into the outbox, in one transaction. Nothing when
    /// mail is off (nobody could receive the link).
    func issue(for user: User) async throws {
        guard let mail = context.mail else { return }
        let now = context.clock.now()
        let token = Data([UInt8].random(count: 32)).base64URLEncodedString
        let recipient = MailRecipient(
            id: user.id, username: user.username, email: user.email, isStaff: user.role.isStaff, wantsMail: true)
        let message = mail.composer.passwordResetMessage(
            to: recipient, token: token, validFor: Int(Self.lifetime / 60), at: now)
        try await context.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
                VALUES (\(bind: Self.hash(token)), \(bind: user.id), \(bind: now),
                        \(bind: now.addingTimeInterval(Self.lifetime)))
                """
            ).run()
            try await OutboxStore.enqueue(
                message, kind: .passwordReset, ticketID: nil, recipientID: user.id, at: now, on: sql)
        }
        await mail.wake.poke()
    }

    /// Whether the token could be used now (checked before the new password is hashed, which is slow).
    func isUsable(_ token: String) async throws -> Bool {
        try await context.sql.raw(
            """
            SELECT user_id FROM password_resets
            WHERE token_hash = \(bind: Self.hash(token)) AND used_at IS NULL AND expires_at > \(bind: context.clock.now())
            """
        ).first() != nil
    }

    /// Uses the token: sets the password, ends every session and every other outstanding token of the
    /// user, and opens a new session — all or nothing. 400 if the token cannot be used.
    func redeem(_ token: String, passwordHash: String, sessionUntil expiresAt: Date) async throws -> (User, String) {
        let now = context.clock.now()
        return try await context.changeAccounts { sql in
            guard
                let userID = try await sql.raw(
                    """
                    UPDATE password_resets SET used_at = \(bind: now)
                    WHERE token_hash = \(bind: Self.hash(token)) AND used_at IS NULL AND expires_at > \(bind: now)
                    RETURNING user_id
                    """
                ).first()?.decode(column: "user_id", as: Int.self),
                let user = try await sql.raw(UserStore.select + "WHERE id = \(bind: userID)").first().map(
                    UserStore.user)
            else { throw Abort(.badRequest, reason: Self.invalid) }
            try await sql.raw(
                "UPDATE password_resets SET used_at = \(bind: now) WHERE user_id = \(bind: userID) AND used_at IS NULL"
            ).run()
            let session = try await SessionStore.replacePassword(
                of: user, with: passwordHash, now: now, until: expiresAt, on: sql)
            return (user, session)
        }
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
