import Fluent
import SQLKit

struct CreateUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .field("id", .int, .identifier(auto: true))
            .field("username", .string, .required)
            .field("email", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required, .oneOf("role", Role.self))
            .field("token_version", .int, .required, .sql(.default(0)))
            .field("created_at", .datetime, .required)
            .unique(on: "username")
            .unique(on: "email")
            .create()
        try await database.sql.create(index: "users_role_idx").on(User.schema).column("role").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
