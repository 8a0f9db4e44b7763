import Foundation
import SQLKit

/// Tickets' tags (staff only; the policy checks who asks before these are called).
struct TagStore: Sendable {
    let context: StoreContext

    /// The most used tags starting with `prefix`, with how many tickets carry each.
    func popular(prefix: String, limit: Int = 20) async throws -> [TagCount] {
        let pattern = LikePattern.starting(with: prefix)
        return try await context.sql.raw(
            """
            SELECT tag, COUNT(*) AS n FROM ticket_tags WHERE tag LIKE \(bind: pattern) ESCAPE '\\'
            GROUP BY tag ORDER BY n DESC, tag LIMIT \(literal: limit)
            """
        ).all().map {
            TagCount(
                tag: try $0.decode(column: "tag", as: String.self), count: try $0.decode(column: "n", as: Int.self))
        }
    }

    static func tags(of ticketID: Int, on sql: any SQLDatabase) async throws -> [String] {
        try await tags(of: [ticketID], on: sql)[ticketID] ?? []
    }

    /// The tags of each ticket in `ids`, sorted.
    static func tags(of ids: [Int], on sql: any SQLDatabase) async throws -> [Int: [String]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw(
            "SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id IN (\(SQLList(ids.map { SQLBind($0) }))) ORDER BY tag"
        ).all()
        var tags: [Int: [String]] = [:]
        for row in rows {
            tags[try row.decode(column: "ticket_id", as: Int.self), default: []].append(
                try row.decode(column: "tag", as: String.self))
        }
        return tags
    }

    /// Sets the ticket's tags to exactly `tags`, inside the caller's transaction.
    static func replace(_ tags: [String], on ticketID: Int, sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM ticket_tags WHERE ticket_id = \(bind: ticketID)").run()
        guard !tags.isEmpty else { return }
        let values = SQLList(
            tags.map { SQLList([SQLBind(ticketID), SQLBind($0)]) as any SQLExpression }.map {
                SQLGroupExpression($0)
            })
        try await sql.raw("INSERT INTO ticket_tags (ticket_id, tag) VALUES \(values)").run()
    }
}

struct TagCount: Codable, Sendable {
    var tag: String
    var count: Int
}
