import Fluent
import SQLKit

struct CreateComment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("comments")
            .field("id", .int, .identifier(auto: true))
            .field("text", .string, .required)
            .field("internal", .bool, .required, .sql(.default(false)))
            .field("author_id", .int, .required, .references(User.schema, "id"))
            .field("ticket_id", .int, .required, .references(Ticket.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "comments_ticket_created_idx").on("comments")
            .column("ticket_id").column("created_at").column("id").run()
        try await database.sql.create(index: "comments_author_idx").on("comments")
            .column("author_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("comments").delete()
    }
}
