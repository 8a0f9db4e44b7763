import Foundation
import SQLKit

/// Where a ticket counts: its status and priority, and for a closed ticket whether it missed an SLA
/// target (fixed once it is closed, until it is reopened).
struct TicketTally: Equatable, Sendable {
    var status: TicketStatus
    var priority: TicketPriority
    var late = false
}

/// The counters behind `/api/stats` (see `CreateTicketCounts`).
enum TicketCounts {
    static let shards = 8

    struct Count: Sendable {
        var tally: TicketTally
        var n: Int
    }

    /// Adds `delta` to the counts of a ticket with this author and tally.
    static func add(_ delta: Int, ticketID: Int, authorID: Int, _ tally: TicketTally, on sql: any SQLDatabase)
        async throws
    {
        for (author, shard) in [(0, ticketID % shards), (authorID, 0)] {
            try await sql.raw(
                """
                INSERT INTO ticket_counts (author_id, shard, status, priority, late, n)
                VALUES (\(bind: author), \(bind: shard), \(bind: tally.status.rawValue), \(bind: tally.priority.rawValue),
                        \(bind: tally.late ? 1 : 0), \(bind: delta))
                ON CONFLICT (author_id, shard, status, priority, late) DO UPDATE SET n = ticket_counts.n + excluded.n
                """
            ).run()
        }
    }

    /// Counts everything again from the tickets: after a bulk load, and when the table is made.
    static func rebuild(at now: Date, on sql: any SQLDatabase) async throws {
        let tickets: SQLQueryString = """
            (SELECT id, author_id, status, priority,
                    CASE WHEN status = 'closed' AND sla_due_at <= \(bind: now) THEN 1 ELSE 0 END AS late
             FROM tickets) t
            """
        try await sql.raw("DELETE FROM ticket_counts").run()
        try await sql.raw(
            "INSERT INTO ticket_counts (author_id, shard, status, priority, late, n) SELECT 0, t.id % \(literal: shards), "
                + "t.status, t.priority, t.late, COUNT(*) FROM " + tickets
                + " GROUP BY t.id % \(literal: shards), t.status, t.priority, t.late"
        ).run()
        try await sql.raw(
            "INSERT INTO ticket_counts (author_id, shard, status, priority, late, n) SELECT t.author_id, 0, t.status, "
                + "t.priority, t.late, COUNT(*) FROM " + tickets + " GROUP BY t.author_id, t.status, t.priority, t.late"
        ).run()
    }

    /// The counts of one author's tickets, or of all for nil.
    static func read(authorID: Int?, on sql: any SQLDatabase) async throws -> [Count] {
        try await sql.raw(
            """
            SELECT status, priority, late, CAST(SUM(n) AS BIGINT) AS n FROM ticket_counts
            WHERE author_id = \(bind: authorID ?? 0) GROUP BY status, priority, late
            """
        ).all().compactMap { row in
            guard let status = TicketStatus(rawValue: try row.decode(column: "status", as: String.self)),
                let priority = TicketPriority(rawValue: try row.decode(column: "priority", as: String.self))
            else { return nil }
            return Count(
                tally: TicketTally(
                    status: status, priority: priority, late: try row.decode(column: "late", as: Int.self) == 1),
                n: try row.decode(column: "n", as: Int.self))
        }
    }
}
