import Foundation
import SQLKit

/// Tickets: every read is limited to what `scope` may see (a ticket outside it is "not found"), and
/// every write goes through `StoreContext.changeTickets`.
struct TicketStore: Sendable {
    let context: StoreContext
    let scope: ReadScope

    static let notFound = "Ticket not found"

    // MARK: Reads

    /// One page, newest first, and the cursor of the next page (nil on the last page).
    func page(_ filter: TicketFilter) async throws -> TicketPage {
        let limit = filter.limit + 1
        let rows: [any SQLRow]
        if filter.searchTerms.isEmpty {
            rows = try await context.sql.raw(
                Self.select + " FROM tickets t" + Self.names + Self.whereClause(conditions(filter)) + Self.newestFirst
                    + " LIMIT \(literal: limit)"
            ).all()
        } else {
            switch context.kind {
            case .postgres: rows = try await postgresSearch(filter, limit: limit)
            case .sqlite: rows = try await sqliteSearch(filter, limit: limit)
            }
        }
        var items = try rows.map(Self.response)
        var next: String?
        if items.count > filter.limit {
            items.removeLast()
            next = items.last.map { TicketCursor(createdAt: $0.createdAt, id: $0.id).encoded }
        }
        return TicketPage(items: items, nextCursor: next)
    }

    /// The ticket as the API shows it, or 404.
    func response(id: Int) async throws -> TicketResponse {
        let rows = try await context.sql.raw(
            Self.select + " FROM tickets t" + Self.names + Self.whereClause(["t.id = \(bind: id)"] + visibility)
        ).all()
        guard let row = rows.first else { throw NotFound(Self.notFound) }
        return try Self.response(row)
    }

    /// The stored ticket, for deciding what may be done with it; 404 if the reader may not see it.
    func ticket(id: Int) async throws -> Ticket {
        guard let ticket = try await Self.ticket(id: id, scope: scope, on: context.sql) else {
            throw NotFound(Self.notFound)
        }
        return ticket
    }

    static func ticket(id: Int, scope: ReadScope, on sql: any SQLDatabase) async throws -> Ticket? {
        var conditions: [SQLQueryString] = ["t.id = \(bind: id)"]
        if let authorID = scope.authorID { conditions.append("t.author_id = \(bind: authorID)") }
        return try await sql.raw(
            "SELECT " + Columns.of(Ticket.CodingKeys.self, table: "t") + " FROM tickets t" + whereClause(conditions)
        ).first()?.decode(model: Ticket.self)
    }

    // MARK: Writes

    func create(_ new: NewTicket, by actor: ChangeActor) async throws -> TicketResponse {
        guard let author = actor.user else { preconditionFailure("a ticket is always filed by someone") }
        let greatest = context.kind.greatest
        let ticket = try await context.changeTickets(by: actor) { change in
            // `created_at` is never earlier than an earlier ticket's (should the clock step back), so id
            // order is always newest-first order: the SQLite search relies on it.
            let row = try await change.sql.raw(
                """
                INSERT INTO tickets (title, description, status, priority, author_id, assignee_id,
                                     created_at, updated_at, activity_at)
                SELECT \(bind: new.title), \(bind: new.description), \(bind: TicketStatus.open.rawValue),
                       \(bind: new.priority.rawValue), \(bind: author.id), NULL, latest.c, latest.c, latest.c
                FROM (SELECT \(unsafeRaw: greatest)(\(bind: change.now), COALESCE(MAX(created_at), \(bind: change.now))) AS c
                      FROM tickets) latest
                RETURNING \(Columns.of(Ticket.CodingKeys.self))
                """
            ).first()
            guard let row else { throw NotFound(Self.notFound) }
            return try row.decode(model: Ticket.self)
        }
        return TicketResponse(ticket, author: UserSummary(author), assignee: nil)
    }

    func update(_ ticket: Ticket, with change: TicketChange, by actor: ChangeActor) async throws -> TicketResponse {
        try await context.changeTickets(by: actor) { tx in
            var assignments: [SQLQueryString] = []
            if let title = change.title { assignments.append("title = \(bind: title)") }
            if let description = change.description { assignments.append("description = \(bind: description)") }
            if let status = change.status { assignments.append("status = \(bind: status.rawValue)") }
            if let priority = change.priority { assignments.append("priority = \(bind: priority.rawValue)") }
            if let assignee = change.assigneeID {
                if let assigneeID = assignee {
                    let role = try await tx.sql.raw("SELECT role FROM users WHERE id = \(bind: assigneeID)").first()?
                        .decode(column: "role", as: Role.self)
                    guard role?.isStaff == true else {
                        throw ValidationFailure(fields: ["assignee_id": "must be the id of an agent or admin"])
                    }
                }
                assignments.append("assignee_id = \(bind: assignee)")
            }
            if !assignments.isEmpty {
                try await tx.sql.raw(
                    "UPDATE tickets SET " + assignments.joined(separator: ", ") + " WHERE id = \(bind: ticket.id)"
                ).run()
            }
            try await tx.touch(ticket, seenByCustomer: true)
        }
        return try await TicketStore(context: context, scope: .everything).response(id: ticket.id)
    }

    func delete(_ ticket: Ticket, by actor: ChangeActor) async throws {
        try await context.changeTickets(by: actor) { tx in
            try await tx.sql.raw("DELETE FROM tickets WHERE id = \(bind: ticket.id)").run()
        }
    }

    // MARK: SQL

    static let select: SQLQueryString =
        "SELECT " + Columns.of(Ticket.CodingKeys.self, table: "t")
        + ", a.username AS author_username, s.username AS assignee_username"
    static let names: SQLQueryString =
        " JOIN users a ON a.id = t.author_id LEFT JOIN users s ON s.id = t.assignee_id"
    static let newestFirst: SQLQueryString = " ORDER BY t.created_at DESC, t.id DESC"

    /// The reader's visibility as conditions on `t`.
    var visibility: [SQLQueryString] {
        scope.authorID.map { ["t.author_id = \(bind: $0)"] } ?? []
    }

    /// Visibility and the filter's conditions on `t`, search aside.
    func conditions(_ filter: TicketFilter, keyset: Bool = true) -> [SQLQueryString] {
        var conditions = visibility
        if let status = filter.status { conditions.append("t.status = \(bind: status.rawValue)") }
        if let priority = filter.priority { conditions.append("t.priority = \(bind: priority.rawValue)") }
        switch filter.assignee {
        case .user(let id): conditions.append("t.assignee_id = \(bind: id)")
        case .unassigned: conditions.append("t.assignee_id IS NULL")
        case nil: break
        }
        if keyset, let after = filter.after {
            // Compared with the stored time of the ticket the cursor names, so that the database compares
            // its own values; that ticket is looked up only among those the reader may see (so a cursor
            // tells nothing of anyone else's tickets), and the cursor's own time stands in otherwise.
            var named: [SQLQueryString] = ["c.id = \(bind: after.id)"]
            if let authorID = scope.authorID { named.append("c.author_id = \(bind: authorID)") }
            conditions.append(
                "(t.created_at, t.id) < (COALESCE((SELECT c.created_at FROM tickets c"
                    + Self.whereClause(named) + "), \(bind: after.createdAt)), \(bind: after.id))")
        }
        return conditions
    }

    static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    static func response(_ row: any SQLRow) throws -> TicketResponse {
        let ticket = try row.decode(model: Ticket.self)
        let assigneeName = try row.decode(column: "assignee_username", as: String?.self)
        return TicketResponse(
            ticket,
            author: UserSummary(
                id: ticket.authorID, username: try row.decode(column: "author_username", as: String.self)),
            assignee: ticket.assigneeID.flatMap { id in assigneeName.map { UserSummary(id: id, username: $0) } })
    }
}
