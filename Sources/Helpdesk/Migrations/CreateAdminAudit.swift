import Fluent

/// Administrative events that outlive what they are about: a deleted ticket, a role change.
struct CreateAdminAudit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("admin_audit")
            .field("id", .int, .identifier(auto: true))
            .field("action", .string, .required)
            .field("target_type", .string, .required)
            .field("target_id", .int, .required)
            .field("summary", .string, .required)
            .field("actor_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("admin_audit").delete()
    }
}
