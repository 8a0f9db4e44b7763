import Fluent
import Foundation
import SQLKit

// Hot paths (the user behind every request, the ticket behind every comment) read and write with
// plain SQL: Fluent's model queries enumerate each model's properties by reflection on every call,
// which cost a tenth of the server's time under load. The models themselves stay Fluent models.

extension User {
    static let columns = "id, username, email, password_hash, role, token_version, created_at"

    /// The user, read without reflection (for the authenticator, on every request).
    static func fetch(id: Int, on database: any Database) async throws -> User? {
        let query: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM users WHERE id = \(bind: id)"
        guard let row = try await database.sql.raw(query).first() else { return nil }
        let user = User()
        user.id = try row.decode(column: "id", as: Int.self)
        user.username = try row.decode(column: "username", as: String.self)
        user.email = try row.decode(column: "email", as: String.self)
        user.passwordHash = try row.decode(column: "password_hash", as: String.self)
        user.role = try row.decode(column: "role", as: Role.self)
        user.tokenVersion = try row.decode(column: "token_version", as: Int.self)
        user.createdAt = try row.decode(column: "created_at", as: Date.self)
        user.$id.exists = true
        return user
    }
}

extension Ticket {
    static let columns = "id, title, description, status, priority, author_id, assignee_id, created_at, updated_at"

    static func fetch(id: Int, on database: any Database) async throws -> Ticket? {
        let query: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM tickets WHERE id = \(bind: id)"
        guard let row = try await database.sql.raw(query).first() else { return nil }
        let ticket = Ticket()
        ticket.id = try row.decode(column: "id", as: Int.self)
        ticket.title = try row.decode(column: "title", as: String.self)
        ticket.description = try row.decode(column: "description", as: String.self)
        ticket.status = try row.decode(column: "status", as: TicketStatus.self)
        ticket.priority = try row.decode(column: "priority", as: TicketPriority.self)
        ticket.$author.id = try row.decode(column: "author_id", as: Int.self)
        ticket.$assignee.id = try row.decode(column: "assignee_id", as: Int?.self)
        ticket.createdAt = try row.decode(column: "created_at", as: Date.self)
        ticket.updatedAt = try row.decode(column: "updated_at", as: Date.self)
        ticket.$id.exists = true
        return ticket
    }

    /// Inserts the ticket and sets its id. Its `created_at` is never earlier than any earlier ticket's
    /// (should the clock step back), so that id order is always newest-first order: search relies on it.
    func insert(on database: any Database) async throws {
        let sql = database.sql
        let greatest = sql.dialect.name == "sqlite" ? "MAX" : "GREATEST"
        let row = try await sql.raw(
            """
            INSERT INTO tickets (title, description, status, priority, author_id, assignee_id, created_at, updated_at)
            SELECT \(bind: title), \(bind: description), \(bind: status.rawValue), \(bind: priority.rawValue),
                   \(bind: $author.id), \(bind: $assignee.id), latest.c, latest.c
            FROM (SELECT \(unsafeRaw: greatest)(\(bind: createdAt), COALESCE(MAX(created_at), \(bind: createdAt))) AS c
                  FROM tickets) latest
            RETURNING id, created_at
            """
        ).first()
        id = try row?.decode(column: "id", as: Int.self)
        if let created = try row?.decode(column: "created_at", as: Date.self) {
            createdAt = created
            updatedAt = created
        }
        $id.exists = true
    }

    /// Moves `updated_at` forward in memory and in the database, touching nothing else.
    func saveTouch(on database: any Database) async throws {
        touch()
        try await database.sql.raw(
            "UPDATE tickets SET updated_at = \(bind: updatedAt) WHERE id = \(bind: try requireID())"
        ).run()
    }
}

extension Comment {
    /// Inserts the comment and sets its id.
    func insert(on database: any Database) async throws {
        let row = try await database.sql.raw(
            """
            INSERT INTO comments (text, internal, author_id, ticket_id, created_at)
            VALUES (\(bind: text), \(bind: `internal`), \(bind: $author.id), \(bind: $ticket.id), \(bind: createdAt))
            RETURNING id
            """
        ).first()
        id = try row?.decode(column: "id", as: Int.self)
        $id.exists = true
    }
}
