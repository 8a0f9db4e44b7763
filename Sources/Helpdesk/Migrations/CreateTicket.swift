import Fluent
import SQLKit

struct CreateTicket: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Ticket.schema)
            .field("id", .int, .identifier(auto: true))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("status", .string, .required, .oneOf("status", TicketStatus.self))
            .field("priority", .string, .required, .oneOf("priority", TicketPriority.self), .sql(.default("normal")))
            .field("author_id", .int, .required, .references(User.schema, "id"))
            .field("assignee_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        // Every list is ordered (created_at DESC, id DESC) and walked by keyset, so each filter gets an
        // index that ends in that order: the database reads one page of entries and stops.
        let sql = database.sql
        try await sql.create(index: "tickets_created_idx").on(Ticket.schema)
            .column("created_at").column("id").run()
        for column in ["author_id", "assignee_id", "status", "priority"] {
            try await sql.create(index: "tickets_\(column)_created_idx").on(Ticket.schema)
                .column(column).column("created_at").column("id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Ticket.schema).delete()
    }
}
