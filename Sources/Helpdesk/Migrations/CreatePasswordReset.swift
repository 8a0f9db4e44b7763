import Fluent
import SQLKit

/// Password-reset tokens, stored only as their SHA-256 hash: single use, short-lived.
struct CreatePasswordReset: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("password_resets")
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .int, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .create()
        try await database.sql.create(index: "password_resets_user_idx").on("password_resets")
            .column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("password_resets").delete()
    }
}
