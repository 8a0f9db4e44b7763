import SQLKit

/// The counters behind `/api/stats` (see `CreateTicketCounts`).
enum TicketCounts {
    static let shards = 8

    /// Adds `delta` to the counts of a ticket with this author, status and priority.
    static func add(
        _ delta: Int, ticketID: Int, authorID: Int, status: TicketStatus, priority: TicketPriority,
        on sql: any SQLDatabase
    ) async throws {
        for (author, shard) in [(0, ticketID % shards), (authorID, 0)] {
            try await sql.raw(
                """
                INSERT INTO ticket_counts (author_id, shard, status, priority, n)
                VALUES (\(bind: author), \(bind: shard), \(bind: status.rawValue), \(bind: priority.rawValue), \(bind: delta))
                ON CONFLICT (author_id, shard, status, priority) DO UPDATE SET n = ticket_counts.n + excluded.n
                """
            ).run()
        }
    }

    /// Counts everything again from the tickets: after a bulk load, and when the table is made.
    static func rebuild(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM ticket_counts").run()
        try await sql.raw(
            """
            INSERT INTO ticket_counts (author_id, shard, status, priority, n)
            SELECT 0, id % \(literal: shards), status, priority, COUNT(*) FROM tickets
            GROUP BY id % \(literal: shards), status, priority
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO ticket_counts (author_id, shard, status, priority, n)
            SELECT author_id, 0, status, priority, COUNT(*) FROM tickets GROUP BY author_id, status, priority
            """
        ).run()
    }

    /// (status, priority, count) for one author, or overall for nil.
    static func read(authorID: Int?, on sql: any SQLDatabase) async throws -> [(String, String, Int)] {
        try await sql.raw(
            """
            SELECT status, priority, CAST(SUM(n) AS BIGINT) AS n FROM ticket_counts WHERE author_id = \(bind: authorID ?? 0)
            GROUP BY status, priority
            """
        ).all().map {
            (
                try $0.decode(column: "status", as: String.self), try $0.decode(column: "priority", as: String.self),
                try $0.decode(column: "n", as: Int.self)
            )
        }
    }
}
