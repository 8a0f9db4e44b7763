import Fluent
import SQLKit

/// Throttled attempts, for PostgreSQL: every instance behind a load balancer counts the same ones.
struct CreateThrottleEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("throttle_events")
            .field("id", .int64, .identifier(auto: true))
            .field("bucket", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.sql.create(index: "throttle_events_bucket_idx").on("throttle_events")
            .column("bucket").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("throttle_events").delete()
    }
}
