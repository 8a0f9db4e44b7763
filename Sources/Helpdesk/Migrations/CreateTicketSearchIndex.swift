import Fluent
import SQLKit

/// A full-text index over title and description, written in the same statement as the ticket:
/// an FTS5 table kept by triggers on SQLite, a generated `tsvector` column with a GIN index on PostgreSQL.
/// Both index runs of letters and digits only, so the two databases find the same tickets.
struct CreateTicketSearchIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        switch DatabaseKind(of: sql) {
        case .sqlite:
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE tickets_fts USING fts5(
                    title, description, content='tickets', content_rowid='id',
                    tokenize = "unicode61 remove_diacritics 2", prefix = '2 3'
                )
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
                    INSERT INTO tickets_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
                END
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
                    INSERT INTO tickets_fts(tickets_fts, rowid, title, description)
                    VALUES ('delete', old.id, old.title, old.description);
                END
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, description ON tickets BEGIN
                    INSERT INTO tickets_fts(tickets_fts, rowid, title, description)
                    VALUES ('delete', old.id, old.title, old.description);
                    INSERT INTO tickets_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
                END
                """
            ).run()
            try await sql.raw("INSERT INTO tickets_fts(tickets_fts) VALUES ('rebuild')").run()
        case .postgres:
            try await sql.raw(
                """
                ALTER TABLE tickets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                    to_tsvector('simple'::regconfig,
                        regexp_replace(title || ' ' || description, '[^[:alnum:]]+', ' ', 'g'))
                ) STORED
                """
            ).run()
            try await sql.raw("CREATE INDEX tickets_search_idx ON tickets USING GIN (search_vector)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        switch DatabaseKind(of: sql) {
        case .sqlite:
            for trigger in ["tickets_fts_insert", "tickets_fts_delete", "tickets_fts_update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
            try await sql.raw("DROP TABLE IF EXISTS tickets_fts").run()
        case .postgres:
            try await sql.raw("DROP INDEX IF EXISTS tickets_search_idx").run()
            try await sql.raw("ALTER TABLE tickets DROP COLUMN IF EXISTS search_vector").run()
        }
    }
}
