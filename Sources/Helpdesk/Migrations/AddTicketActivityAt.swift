import Fluent
import SQLKit

/// Tickets get a staff-only activity time: internal notes move it and leave `updated_at`, which
/// customers see, alone. Existing tickets start from their `updated_at`.
struct AddTicketActivityAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Ticket.schema).field("activity_at", .datetime).update()
        try await database.sql.raw("UPDATE tickets SET activity_at = updated_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Ticket.schema).deleteField("activity_at").update()
    }
}
