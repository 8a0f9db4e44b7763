import Foundation
import SQLKit

/// Sign-in sessions. A token names its session; signing out deletes it, and the token stops working at
/// the next request. Session ids are random, so a token can never come to name someone else's session.
struct SessionStore: Sendable {
    let context: StoreContext

    /// Opens a session for `user` that ends at `expiresAt`, and clears the user's expired ones.
    func open(for user: User, until expiresAt: Date) async throws -> String {
        let now = context.clock.now()
        return try await context.transaction { sql in
            try await sql.raw(
                "DELETE FROM sessions WHERE user_id = \(bind: user.id) AND expires_at <= \(bind: now)"
            ).run()
            return try await Self.insert(for: user, now: now, until: expiresAt, on: sql)
        }
    }

    /// Sets a new password, ends every session of the user and opens a new one, all in one transaction:
    /// every token issued before stops working.
    func changePassword(of user: User, to hash: String, newSessionUntil expiresAt: Date) async throws -> String {
        let now = context.clock.now()
        return try await context.changeAccounts { sql in
            try await Self.replacePassword(of: user, with: hash, now: now, until: expiresAt, on: sql)
        }
    }

    /// Inside the caller's transaction: the new password, no old session, one new session.
    static func replacePassword(
        of user: User, with hash: String, now: Date, until expiresAt: Date, on sql: any SQLDatabase
    ) async throws -> String {
        try await sql.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: user.id)").run()
        try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: user.id)").run()
        return try await insert(for: user, now: now, until: expiresAt, on: sql)
    }

    private static func insert(for user: User, now: Date, until expiresAt: Date, on sql: any SQLDatabase)
        async throws -> String
    {
        let id = Data([UInt8].random(count: 18)).base64URLEncodedString
        try await sql.raw(
            """
            INSERT INTO sessions (id, user_id, created_at, expires_at)
            VALUES (\(bind: id), \(bind: user.id), \(bind: now), \(bind: expiresAt))
            """
        ).run()
        return id
    }

    /// The user behind a live session (this runs on every signed-in request): from the session cache
    /// when it has it, else in one query.
    func user(session id: String, userID: Int) async throws -> User? {
        let now = context.clock.now()
        let cache = context.sessionCache
        if let user = cache?.user(session: id, userID: userID, now: now) { return user }
        let generation = cache?.generation
        guard
            let row = try await context.sql.raw(
                "SELECT " + UserStore.columns(table: "u")
                    + """
                    , s.expires_at AS session_expires_at FROM sessions s JOIN users u ON u.id = s.user_id
                    WHERE s.id = \(bind: id) AND s.user_id = \(bind: userID) AND s.expires_at > \(bind: now)
                    """
            ).first()
        else { return nil }
        let user = try UserStore.user(row)
        if let cache, let generation {
            let expiresAt = try row.decode(column: "session_expires_at", as: Date.self)
            cache.remember(user, session: id, expiresAt: expiresAt, generation: generation)
        }
        return user
    }

    func close(_ id: String) async throws {
        try await context.changeAccounts { sql in
            try await sql.raw("DELETE FROM sessions WHERE id = \(bind: id)").run()
        }
    }

    func closeAll(of userID: Int) async throws {
        try await context.changeAccounts { sql in
            try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
        }
    }
}
