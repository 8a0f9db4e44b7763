import Fluent
import SQLKit

struct CreateTicketImage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ticket_images")
            .field("id", .int, .identifier(auto: true))
            .field("ticket_id", .int, .required, .references(Ticket.schema, "id", onDelete: .cascade))
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("image_data", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "ticket_images_ticket_idx").on("ticket_images")
            .column("ticket_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ticket_images").delete()
    }
}
