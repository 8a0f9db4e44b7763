import Fluent
import Foundation
import SQLKit
import Vapor

/// Accounts. Who may read or change them is the policy's question, asked before these are called.
struct UserStore: Sendable {
    let context: StoreContext

    static let notFound = "User not found"
    static let deactivated = "This account has been deactivated; ask an admin to reactivate it"
    static let pageSize = 50

    func find(id: Int) async throws -> User? {
        try await first("WHERE id = \(bind: id)")
    }

    func find(username: String) async throws -> User? {
        try await first("WHERE username = \(bind: username)")
    }

    func find(email: String) async throws -> User? {
        try await first("WHERE email = \(bind: email.lowercased())")
    }

    func list(role: Role?) async throws -> [User] {
        let condition: SQLQueryString = role.map { "WHERE role = \(bind: $0.rawValue)" } ?? ""
        return try await context.sql.raw(Self.select + condition + " ORDER BY id").all().map(Self.user)
    }

    /// A page of accounts in id order, by role and a search of username and email.
    func page(role: Role?, query: String?, after cursor: Int?) async throws -> (users: [User], next: Int?) {
        var conditions: [SQLQueryString] = []
        if let role { conditions.append("role = \(bind: role.rawValue)") }
        if let query, !query.isEmpty {
            let pattern = LikePattern.containing(query.lowercased())
            conditions.append(
                "(LOWER(username) LIKE \(bind: pattern) ESCAPE '\\' OR email LIKE \(bind: pattern) ESCAPE '\\')")
        }
        if let cursor { conditions.append("id > \(bind: cursor)") }
        var users = try await context.sql.raw(
            Self.select + TicketStore.whereClause(conditions) + " ORDER BY id LIMIT \(literal: Self.pageSize + 1)"
        ).all().map(Self.user)
        var next: Int?
        if users.count > Self.pageSize {
            users.removeLast()
            next = users.last?.id
        }
        return (users, next)
    }

    /// Activates or deactivates an account in one conditional statement: the last active admin cannot
    /// be deactivated (nil then). Deactivating ends every session at once.
    func setActive(_ user: User, to active: Bool, by actor: ChangeActor) async throws -> User? {
        let now = context.clock.now()
        let changed = try await context.changeAccounts { sql -> Bool in
            let row = try await sql.raw(
                """
                UPDATE users SET active = \(bind: active)
                WHERE id = \(bind: user.id)
                  AND (\(bind: active) OR role <> 'admin'
                       OR (SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = \(bind: true)) > 1)
                RETURNING id
                """
            ).first()
            guard row != nil else { return false }
            if !active { try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: user.id)").run() }
            try await AuditStore.record(
                active ? "user_activated" : "user_deactivated", target: ("user", user.id), summary: user.username,
                by: actor, at: now, on: sql)
            return true
        }
        guard changed else { return nil }
        return try await find(id: user.id)
    }

    /// Creates the account; 409 if its username or email is taken (checked first for a precise reason,
    /// and by the unique indexes against a race).
    func create(_ account: NewAccount, passwordHash: String, role: Role) async throws -> User {
        let email = account.email.lowercased()
        if try await first("WHERE username = \(bind: account.username)") != nil {
            throw Abort(.conflict, reason: "That username is taken")
        }
        if try await first("WHERE email = \(bind: email)") != nil {
            throw Abort(.conflict, reason: "An account with that email already exists")
        }
        let now = context.clock.now()
        do {
            return try await context.transaction { sql in
                guard
                    let row = try await sql.raw(
                        """
                        INSERT INTO users (username, email, password_hash, role, token_version, created_at)
                        VALUES (\(bind: account.username), \(bind: email), \(bind: passwordHash), \(bind: role.rawValue), 0, \(bind: now))
                        RETURNING \(Self.columns(table: nil))
                        """
                    ).first()
                else { throw Abort(.internalServerError, reason: "The new account was not returned") }
                return try Self.user(row)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "That username or email was registered a moment ago")
        }
    }

    /// Changes the role in one conditional statement, so that two admins demoting each other at once
    /// cannot both succeed; nil if the change would leave no admin.
    func changeRole(of user: User, to role: Role, by actor: ChangeActor) async throws -> User? {
        let now = context.clock.now()
        try await context.changeAccounts { sql in
            let changed = try await sql.raw(
                """
                UPDATE users SET role = \(bind: role.rawValue)
                WHERE id = \(bind: user.id)
                  AND (role <> 'admin' OR (SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = \(bind: true)) > 1)
                RETURNING id
                """
            ).first()
            guard changed != nil else { return }
            try await AuditStore.record(
                "role_changed", target: ("user", user.id),
                summary: "\(user.username): \(user.role.rawValue) → \(role.rawValue)", by: actor, at: now, on: sql)
        }
        let id = user.id
        guard let user = try await find(id: id), user.role == role else { return nil }
        return user
    }

    func setEmailNotifications(of user: User, to choice: Bool) async throws -> User {
        try await context.changeAccounts { sql in
            try await sql.raw(
                "UPDATE users SET email_notifications = \(bind: choice) WHERE id = \(bind: user.id)"
            ).run()
        }
        guard let updated = try await find(id: user.id) else { throw NotFound(Self.notFound) }
        return updated
    }

    func count() async throws -> Int {
        try await context.sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static let select: SQLQueryString = "SELECT " + columns(table: nil) + " FROM users "

    /// What a `User` is read from.
    static func columns(table alias: String?) -> SQLQueryString {
        Columns.of(UserResponse.CodingKeys.self, table: alias)
            + ", \(unsafeRaw: alias.map { "\($0)." } ?? "")password_hash"
    }

    static func user(_ row: any SQLRow) throws -> User {
        User(
            profile: try row.decode(model: UserResponse.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self))
    }

    private func first(_ condition: SQLQueryString) async throws -> User? {
        try await context.sql.raw(Self.select + condition).first().map(Self.user)
    }
}
