import Fluent
import SQLKit

/// Every change to a ticket, written in the same transaction as the change (see `TicketTransaction`).
/// Append-only: nothing in the API updates or deletes a row; rows go with their ticket.
struct CreateTicketHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ticket_history")
            .field("id", .int, .identifier(auto: true))
            .field("ticket_id", .int, .required, .references(Ticket.schema, "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("field", .string)
            .field("from_value", .string)
            .field("to_value", .string)
            .field("actor_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("via", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "ticket_history_ticket_idx").on("ticket_history")
            .column("ticket_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ticket_history").delete()
    }
}
