import Fluent
import Foundation
import SQLKit

/// What every store works with: the database, its kind, the write gate, the clock and the SLA clock.
struct StoreContext: Sendable {
    let database: any Database
    let kind: DatabaseKind
    let gate: WriteGate?
    let clock: AppClock
    let slaClocks: SLAClockCache

    var sql: any SQLDatabase { database.sql }

    /// Runs a unit of writes in one transaction. On SQLite one unit at a time (see `WriteGate`).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let database = database
        let work: @Sendable () async throws -> T = {
            try await database.transaction { try await body($0.sql) }
        }
        guard let gate else { return try await work() }
        return try await gate.run(work)
    }

    /// Whether the database answers at all.
    func ping() async throws {
        try await sql.raw("SELECT 1").run()
    }
}

/// Now, cut to whole milliseconds (what the API prints is exactly what the database holds); tests
/// set it by hand instead of sleeping.
struct AppClock: Sendable {
    let now: @Sendable () -> Date

    static let system = AppClock { .nowMilliseconds }
}
