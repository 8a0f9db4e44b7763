import Fluent

/// The one SLA configuration, as JSON in a single row (id 1); without a row the standard one applies.
struct CreateSLAConfig: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sla_config")
            .field("id", .int, .identifier(auto: false))
            .field("config", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sla_config").delete()
    }
}
