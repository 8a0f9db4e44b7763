import Fluent
import SQLKit

/// SQLite hands out the id of the newest row again once that row is deleted (an `INTEGER PRIMARY KEY`
/// without `AUTOINCREMENT`, which is how Fluent creates ids there): a deleted ticket's number, links and
/// reply address, or a deleted user's id, would come to name someone else's. This rebuilds the tables
/// with `AUTOINCREMENT`, keeping every row, index and trigger. PostgreSQL never reuses an identity.
struct RebuildSQLiteTablesWithAutoincrement: AsyncMigration {
    /// Parents before children; every table keeps its name, so references stay valid.
    static let tables = ["users", "tickets", "comments", "ticket_images"]
    static let primaryKey = #""id" INTEGER PRIMARY KEY"#

    func prepare(on database: any Database) async throws {
        guard DatabaseKind(of: database.sql) == .sqlite else { return }
        try await database.withConnection { connection in
            let sql = connection.sql
            // Dropping a parent table with foreign keys on would delete its children's rows; the switch
            // only takes effect outside a transaction.
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                for table in Self.tables { try await Self.rebuild(table, on: sql) }
                if try await sql.raw("PRAGMA foreign_key_check").first() != nil {
                    throw MigrationFailure("a foreign key points nowhere after rebuilding the tables")
                }
                try await sql.raw("COMMIT").run()
            } catch {
                try? await sql.raw("ROLLBACK").run()
                try? await sql.raw("PRAGMA foreign_keys = ON").run()
                throw error
            }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
        }
    }

    /// Nothing to undo: `AUTOINCREMENT` changes no row.
    func revert(on _: any Database) async throws {}

    private static func rebuild(_ table: String, on sql: any SQLDatabase) async throws {
        let objects = try await sql.raw(
            "SELECT type, sql FROM sqlite_master WHERE tbl_name = \(bind: table) AND sql IS NOT NULL"
        ).all().map { (try $0.decode(column: "type", as: String.self), try $0.decode(column: "sql", as: String.self)) }
        guard let create = objects.first(where: { $0.0 == "table" })?.1 else {
            throw MigrationFailure("table \(table) is missing")
        }
        guard create.contains(primaryKey), !create.uppercased().contains("AUTOINCREMENT") else { return }
        let rebuilt = table + "_rebuilt"
        guard let nameRange = create.range(of: "\"\(table)\"") ?? create.range(of: table) else {
            throw MigrationFailure("could not read the definition of \(table)")
        }
        var definition = create.replacingCharacters(in: nameRange, with: "\"\(rebuilt)\"")
        definition = definition.replacingOccurrences(of: primaryKey, with: primaryKey + " AUTOINCREMENT")
        try await sql.raw("\(unsafeRaw: definition)").run()
        try await sql.raw("INSERT INTO \(ident: rebuilt) SELECT * FROM \(ident: table)").run()
        try await sql.raw("DROP TABLE \(ident: table)").run()
        try await sql.raw("ALTER TABLE \(ident: rebuilt) RENAME TO \(ident: table)").run()
        for (_, statement) in objects where !statement.hasPrefix("CREATE TABLE") {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
    }
}

struct MigrationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
