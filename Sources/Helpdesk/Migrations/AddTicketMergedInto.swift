import Fluent
import SQLKit

/// A duplicate merged into another ticket points at it (closed, its thread moved there). A plain
/// `ALTER TABLE … ADD COLUMN` keeps the foreign key on both databases; deleting the target leaves the
/// pointer empty rather than deleting the duplicate.
struct AddTicketMergedInto: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let type = DatabaseKind(of: sql) == .postgres ? "BIGINT" : "INTEGER"
        try await sql.raw(
            """
            ALTER TABLE tickets ADD COLUMN merged_into_id \(unsafeRaw: type)
                REFERENCES tickets(id) ON DELETE SET NULL
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE tickets DROP COLUMN merged_into_id").run()
    }
}
