import Fluent
import Foundation
import SQLKit

/// What every store works with: the database, its kind, the write gate, the clock and the SLA clock.
struct StoreContext: Sendable {
    let database: any Database
    let kind: DatabaseKind
    /// SQLite only (see `GroupCommit`).
    let committer: GroupCommit?
    let clock: AppClock
    let slaClocks: SLAClockCache
    /// Nil when mail is off.
    var mail: MailQueue? = nil
    /// This process's live streams, woken after a change commits.
    var events: EventBus? = nil
    /// Who is behind recently used sessions (see `SessionCache`); nil: every lookup queries.
    var sessionCache: SessionCache? = nil

    var sql: any SQLDatabase { database.sql }

    /// Runs a unit of writes as one transaction: all of it or none. On SQLite units are committed in
    /// groups (see `GroupCommit`); the unit must write only through the `SQLDatabase` it is given.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let committer { return try await committer.run(body) }
        return try await database.transaction { try await body($0.sql) }
    }

    /// Whether the database answers at all.
    func ping() async throws {
        try await sql.raw("SELECT 1").run()
    }

    /// How many migrations the database has applied (Fluent's own table).
    func appliedMigrations() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()?.decode(column: "n", as: Int.self)
            ?? 0
    }
}

/// Now, cut to whole milliseconds (what the API prints is exactly what the database holds); tests
/// set it by hand instead of sleeping.
struct AppClock: Sendable {
    let now: @Sendable () -> Date

    static let system = AppClock { .nowMilliseconds }
}
