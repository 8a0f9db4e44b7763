import Fluent
import SQLKit

/// The transactional outbox: each notification is a row written in the same transaction as the change
/// that caused it, holding the whole rendered message, and the delivery worker sends what is due.
struct CreateOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox")
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("ticket_id", .int)
            .field("recipient_id", .int)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("message_id", .string, .required)
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime)
            .field("claimed_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
        // The worker's question (which pending rows are due?) and the admin page's (newest of a status).
        try await database.sql.create(index: "outbox_due_idx").on("outbox")
            .column("status").column("next_attempt_at").run()
        try await database.sql.create(index: "outbox_status_idx").on("outbox")
            .column("status").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox").delete()
    }
}
