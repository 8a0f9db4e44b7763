import Fluent
import SQLKit

/// Staff's saved answers: private to their owner, or shared with all of staff (admins keep those).
struct CreateCannedReply: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // On SQLite `AUTOINCREMENT`, so that a deleted reply's id never comes to name another (see
        // `RebuildSQLiteTablesWithAutoincrement`).
        let id: DatabaseSchema.FieldConstraint =
            DatabaseKind(of: database.sql) == .sqlite
            ? .custom("PRIMARY KEY AUTOINCREMENT") : .identifier(auto: true)
        try await database.schema(CannedReply.schema)
            .field("id", .int, id)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("shared", .bool, .required)
            .field("owner_id", .int, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "canned_replies_owner_idx").on(CannedReply.schema)
            .column("owner_id").run()
        try await database.sql.create(index: "canned_replies_shared_idx").on(CannedReply.schema)
            .column("shared").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CannedReply.schema).delete()
    }
}
