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
    private static let selectColumns: SQLQueryString = """
        SELECT t.id, t.title, t.description, t.status, t.priority, t.author_id, a.username AS author_username,
               t.assignee_id, s.username AS assignee_username, t.created_at, t.updated_at
        FROM tickets t
        JOIN users a ON a.id = t.author_id
        LEFT JOIN users s ON s.id = t.assignee_id
        """

    /// One page, newest first, and the cursor of the next page (nil on the last page).
    static func page(_ filter: TicketFilter, on database: any Database) async throws -> TicketPage {
        let sql = database.sql
        var conditions: [SQLQueryString] = []
        if let authorID = filter.authorID { conditions.append("t.author_id = \(bind: authorID)") }
        if let status = filter.status { conditions.append("t.status = \(bind: status.rawValue)") }
        if let priority = filter.priority { conditions.append("t.priority = \(bind: priority.rawValue)") }
        switch filter.assignee {
        case .user(let id): conditions.append("t.assignee_id = \(bind: id)")
        case .unassigned: conditions.append("t.assignee_id IS NULL")
        case nil: break
        }
        if !filter.searchTerms.isEmpty {
            conditions.append(searchCondition(filter.searchTerms, dialect: sql.dialect.name))
        }
        if let after = filter.after {
            // Compared with the row the cursor names, so the database compares its own stored values;
            // the cursor's own time only stands in if that ticket has since been deleted.
            conditions.append(
                """
                (t.created_at, t.id) < (COALESCE((SELECT c.created_at FROM tickets c WHERE c.id = \(bind: after.id)), \(bind: after.createdAt)), \(bind: after.id))
                """)
        }
        var query = selectColumns
        if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
        query += " ORDER BY t.created_at DESC, t.id DESC LIMIT \(literal: filter.limit + 1)"

        let rows = try await sql.raw(query).all()
        var items = try rows.map(decode)
        var next: String?
        if items.count > filter.limit {
            items.removeLast()
            next = items.last.map { TicketCursor(createdAt: $0.createdAt, id: $0.id).encoded }
        }
        return TicketPage(items: items, nextCursor: next)
    }

    static func find(id: Int, on database: any Database) async throws -> TicketResponse? {
        let rows = try await database.sql.raw(selectColumns + " WHERE t.id = \(bind: id)").all()
        return try rows.first.map(decode)
    }

    private static func searchCondition(_ terms: [String], dialect: String) -> SQLQueryString {
        if dialect == "postgresql" {
            return "t.search_vector @@ to_tsquery('simple', \(bind: TicketSearch.tsQuery(terms)))"
        }
        return "t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH \(bind: TicketSearch.fts5Match(terms)))"
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
