import Fluent
import SQLKit

/// Ticket counts per status and priority (and, for closed tickets, whether an SLA target was missed),
/// overall (`author_id` 0) and per author, kept by every
/// change in its own transaction (see `TicketTransaction.count`), so that `/api/stats` reads a
/// dozen rows instead of counting the tickets. Overall counts are spread over `shard`s so that
/// concurrent changes on PostgreSQL do not all wait for one row.
struct CreateTicketCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ticket_counts")
            .field("author_id", .int, .required)
            .field("shard", .int, .required)
            .field("status", .string, .required)
            .field("priority", .string, .required)
            .field("late", .int, .required)
            .field("n", .int, .required)
            .compositeIdentifier(over: "author_id", "shard", "status", "priority", "late")
            .create()
        try await TicketCounts.rebuild(at: .nowMilliseconds, on: database.sql)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ticket_counts").delete()
    }
}
