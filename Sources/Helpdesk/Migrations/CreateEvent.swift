import Fluent
import SQLKit

/// What live streams send: one row per change to a ticket, written in the change's transaction. Rows
/// name what changed and who may see it; streams render it for each reader through the stores.
struct CreateEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("events")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("ticket_id", .int, .required)
            .field("ticket_author_id", .int, .required)
            .field("internal", .bool, .required)
            .field("object_id", .int)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("events").delete()
    }
}
