import Fluent
import Foundation
import SQLKit

/// SQLite's writes, one transaction at a time, with group commit.
///
/// SQLite takes one writer at a time; left to itself, a second connection that wants to write spins
/// in sqlite-nio's busy handler. Here units of writes wait in a queue instead, and every unit that
/// arrived while a commit was in flight is written in the next transaction: each in a savepoint of
/// its own (one that fails is rolled back alone), then one COMMIT — one fsync for the whole group,
/// `synchronous` still FULL. No caller hears back before the commit that holds its writes is durable.
/// PostgreSQL needs none of this: its transactions go straight to the database.
actor GroupCommit {
    private struct Unit: Sendable {
        /// Runs the unit's writes; false if they failed (and were rolled back to their savepoint).
        let run: @Sendable (any SQLDatabase) async -> Bool
        /// Answers the caller, with the commit's error if the group could not be committed.
        let finish: @Sendable ((any Error)?) -> Void
    }

    /// How many units one transaction takes at most, so that a burst cannot hold the lock for long.
    static let maxGroup = 64

    private let database: any Database
    private var pending: [Unit] = []
    private var committing = false

    init(database: any Database) {
        self.database = database
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome<T>()
            pending.append(
                Unit(
                    run: { sql in
                        do {
                            outcome.value = try await body(sql)
                            return true
                        } catch {
                            outcome.error = error
                            return false
                        }
                    },
                    finish: { commitError in
                        if let error = outcome.error ?? commitError {
                            continuation.resume(throwing: error)
                        } else if let value = outcome.value {
                            continuation.resume(returning: value)
                        } else {
                            continuation.resume(throwing: CancellationError())
                        }
                    }))
            if !committing {
                committing = true
                Task { await self.drain() }
            }
        }
    }

    /// Commits groups until nobody waits.
    private func drain() async {
        while !pending.isEmpty {
            let group = Array(pending.prefix(Self.maxGroup))
            pending.removeFirst(group.count)
            let error = await commit(group)
            for unit in group { unit.finish(error) }
        }
        committing = false
    }

    private func commit(_ group: [Unit]) async -> (any Error)? {
        do {
            try await database.withConnection { connection in
                let sql = connection.sql
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    for unit in group {
                        try await sql.raw("SAVEPOINT unit").run()
                        if await !unit.run(sql) { try await sql.raw("ROLLBACK TO unit").run() }
                        try await sql.raw("RELEASE unit").run()
                    }
                    try await sql.raw("COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
            return nil
        } catch {
            return error
        }
    }
}

/// A unit's result, written by the unit and read once its group has committed (never both at once).
private final class Outcome<T: Sendable>: @unchecked Sendable {
    var value: T?
    var error: (any Error)?
}
