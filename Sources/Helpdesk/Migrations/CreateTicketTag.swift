import Fluent
import SQLKit

/// Staff's tags on tickets: one row per ticket and tag, indexed by tag for `?tag=` filters and counts.
struct CreateTicketTag: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ticket_tags")
            .field("ticket_id", .int, .required, .references(Ticket.schema, "id", onDelete: .cascade))
            .field("tag", .string, .required)
            .compositeIdentifier(over: "ticket_id", "tag")
            .create()
        try await database.sql.create(index: "ticket_tags_tag_idx").on("ticket_tags").column("tag").column("ticket_id")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ticket_tags").delete()
    }
}
