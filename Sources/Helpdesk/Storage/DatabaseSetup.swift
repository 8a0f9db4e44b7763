import Fluent
import SQLKit

enum DatabaseSetup {
    /// SQLite: WAL lets readers carry on while one writer commits; it is a property of the file, so it
    /// is set once. sqlite-nio installs a busy handler on every connection, so a writer waits for the
    /// lock rather than failing with "database is locked".
    static func useWriteAheadLog(_ database: any Database) async throws {
        try await database.sql.raw("PRAGMA journal_mode = WAL").run()
    }
}
