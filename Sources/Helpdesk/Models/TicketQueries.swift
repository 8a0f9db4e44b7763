import Fluent
import Foundation
import SQLKit

/// The filters of a ticket list, already checked.
struct TicketFilter {
    enum Assignee: Equatable {
        case user(Int)
        case unassigned
    }

    var authorID: Int?
    var status: TicketStatus?
    var priority: TicketPriority?
    var assignee: Assignee?
    var searchTerms: [String] = []
    var after: TicketCursor?
    var limit: Int = 20
}

/// Reads tickets with their author and assignee names in one query: no query per row.
enum TicketQueries {
    private static let columns: SQLQueryString = """
        SELECT t.id, t.title, t.description, t.status, t.priority, t.author_id, a.username AS author_username,
               t.assignee_id, s.username AS assignee_username, t.created_at, t.updated_at
        """
    private static let names: SQLQueryString = """
         JOIN users a ON a.id = t.author_id LEFT JOIN users s ON s.id = t.assignee_id
        """
    private static let newestFirst: SQLQueryString = " ORDER BY t.created_at DESC, t.id DESC"

    /// How many of the newest tickets a PostgreSQL search reads before it turns to the index.
    static let searchWindow = 2000

    /// One page, newest first, and the cursor of the next page (nil on the last page).
    static func page(_ filter: TicketFilter, on database: any Database) async throws -> TicketPage {
        let sql = database.sql
        let limit = filter.limit + 1
        var rows: [any SQLRow]
        if filter.searchTerms.isEmpty {
            rows = try await sql.raw(
                columns + " FROM tickets t" + names + whereClause(conditions(filter)) + newestFirst
                    + " LIMIT \(literal: limit)"
            ).all()
        } else if sql.dialect.name == "postgresql" {
            rows = try await postgresSearch(filter, limit: limit, on: sql)
        } else {
            rows = try await sqliteSearch(filter, limit: limit, on: sql)
        }
        var items = try rows.map(decode)
        var next: String?
        if items.count > filter.limit {
            items.removeLast()
            next = items.last.map { TicketCursor(createdAt: $0.createdAt, id: $0.id).encoded }
        }
        return TicketPage(items: items, nextCursor: next)
    }

    static func find(id: Int, on database: any Database) async throws -> TicketResponse? {
        let rows = try await database.sql.raw(columns + " FROM tickets t" + names + " WHERE t.id = \(bind: id)").all()
        return try rows.first.map(decode)
    }

    /// The filter's conditions on `t`, search aside.
    private static func conditions(_ filter: TicketFilter, keyset: Bool = true) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let authorID = filter.authorID { conditions.append("t.author_id = \(bind: authorID)") }
        if let status = filter.status { conditions.append("t.status = \(bind: status.rawValue)") }
        if let priority = filter.priority { conditions.append("t.priority = \(bind: priority.rawValue)") }
        switch filter.assignee {
        case .user(let id): conditions.append("t.assignee_id = \(bind: id)")
        case .unassigned: conditions.append("t.assignee_id IS NULL")
        case nil: break
        }
        if keyset, let after = filter.after {
            // Compared with the row the cursor names, so the database compares its own stored values;
            // the cursor's own time only stands in if that ticket has since been deleted.
            conditions.append(
                """
                (t.created_at, t.id) < (COALESCE((SELECT c.created_at FROM tickets c WHERE c.id = \(bind: after.id)), \(bind: after.createdAt)), \(bind: after.id))
                """)
        }
        return conditions
    }

    private static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// SQLite: tickets are inserted with `created_at` never below an earlier ticket's (see
    /// `Ticket.insert`), so id order is newest-first order, and the full-text index — kept in id
    /// order — yields matches newest first and stops after one page. A customer's search starts
    /// from their own (few) tickets instead.
    private static func sqliteSearch(_ filter: TicketFilter, limit: Int, on sql: any SQLDatabase) async throws
        -> [any SQLRow]
    {
        let match = TicketSearch.fts5Match(filter.searchTerms)
        if filter.authorID != nil {
            var conditions = conditions(filter)
            conditions.append("t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH \(bind: match))")
            return try await sql.raw(
                columns + " FROM tickets t" + names + whereClause(conditions) + newestFirst
                    + " LIMIT \(literal: limit)"
            ).all()
        }
        var conditions = conditions(filter, keyset: false)
        conditions.insert("tickets_fts MATCH \(bind: match)", at: 0)
        if let after = filter.after { conditions.append("f.rowid < \(bind: after.id)") }
        return try await sql.raw(
            columns + " FROM tickets_fts f JOIN tickets t ON t.id = f.rowid" + names + whereClause(conditions)
                + " ORDER BY f.rowid DESC LIMIT \(literal: limit)"
        ).all()
    }

    /// PostgreSQL: a common word fills a page from the newest few thousand tickets, read through the
    /// date index; only when it does not is the GIN index asked for every match (few, then).
    private static func postgresSearch(_ filter: TicketFilter, limit: Int, on sql: any SQLDatabase) async throws
        -> [any SQLRow]
    {
        let query: SQLQueryString = "to_tsquery('simple', \(bind: TicketSearch.tsQuery(filter.searchTerms)))"
        let recent = try await sql.raw(
            columns + " FROM (SELECT * FROM tickets t" + whereClause(conditions(filter)) + newestFirst
                + " LIMIT \(literal: searchWindow)) t" + names + " WHERE t.search_vector @@ " + query + newestFirst
                + " LIMIT \(literal: limit)"
        ).all()
        if recent.count == limit { return recent }
        return try await sql.raw(
            "WITH m AS MATERIALIZED (SELECT id FROM tickets WHERE search_vector @@ " + query + ") " + columns
                + " FROM tickets t JOIN m ON m.id = t.id" + names + whereClause(conditions(filter)) + newestFirst
                + " LIMIT \(literal: limit)"
        ).all()
    }

    private static func decode(_ row: any SQLRow) throws -> TicketResponse {
        let authorID = try row.decode(column: "author_id", as: Int.self)
        let assigneeID = try row.decode(column: "assignee_id", as: Int?.self)
        let assigneeName = try row.decode(column: "assignee_username", as: String?.self)
        return TicketResponse(
            id: try row.decode(column: "id", as: Int.self),
            title: try row.decode(column: "title", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            status: try row.decode(column: "status", as: TicketStatus.self),
            priority: try row.decode(column: "priority", as: TicketPriority.self),
            authorId: authorID,
            author: UserSummary(id: authorID, username: try row.decode(column: "author_username", as: String.self)),
            assigneeId: assigneeID,
            assignee: zip(assigneeID, assigneeName).map { UserSummary(id: $0, username: $1) },
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self)
        )
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
