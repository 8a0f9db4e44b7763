import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The accounts behind recently used sessions, so that a signed-in request usually needs no query to
/// learn who asks. It is only correct because every change to an account or a session goes through
/// `StoreContext.changeAccounts`, which empties it once the change has committed, and, on
/// PostgreSQL, NOTIFYs the other instances, whose listener empties theirs (see
/// `PostgresEventListener`). While that listener is not connected the cache is off, so an instance
/// that could miss a change never answers from it. A role change, a deactivation, a sign-out or a
/// password change therefore applies to the very next request.
final class SessionCache: Sendable {
    /// The NOTIFY channel of account and session changes.
    static let channel = "helpdesk_accounts"
    /// Past this many sessions it starts again empty (a bound, not an eviction policy).
    static let capacity = 10_000

    private struct Entry {
        var user: User
        var expiresAt: Date
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Moves on every clear, so that a lookup that began before a change never stores what it read.
        var generation = 0
        var enabled: Bool
        var hits = 0
    }

    private let state: NIOLockedValueBox<State>

    /// On by default on SQLite, where one server process serves (the commands that run beside it only
    /// create accounts, which no cached session can name); on PostgreSQL off until the listener is on.
    init(enabled: Bool) {
        state = NIOLockedValueBox(State(enabled: enabled))
    }

    /// The account behind `session`, if it is cached for that user and has not expired by `now`.
    func user(session: String, userID: Int, now: Date) -> User? {
        state.withLockedValue { state in
            guard state.enabled, let entry = state.entries[session], entry.user.id == userID, entry.expiresAt > now
            else { return nil }
            state.hits += 1
            return entry.user
        }
    }

    /// Whether it is on, and how many lookups it has answered (for `/metrics`).
    var usage: (enabled: Bool, hits: Int) {
        state.withLockedValue { ($0.enabled, $0.hits) }
    }

    /// What a lookup must hand back to `remember`; nil while the cache is off.
    var generation: Int? {
        state.withLockedValue { $0.enabled ? $0.generation : nil }
    }

    /// Keeps what a lookup read, unless something changed since it began (`generation`).
    func remember(_ user: User, session: String, expiresAt: Date, generation: Int) {
        state.withLockedValue { state in
            guard state.enabled, state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[session] = Entry(user: user, expiresAt: expiresAt)
        }
    }

    /// Forgets everything: some account or session changed.
    func clear() {
        state.withLockedValue { state in
            state.generation += 1
            state.entries.removeAll()
        }
    }

    /// Turns the cache on or off (PostgreSQL: with the listener's connection), empty either way.
    func setEnabled(_ enabled: Bool) {
        state.withLockedValue { state in
            state.enabled = enabled
            state.generation += 1
            state.entries.removeAll()
        }
    }
}

extension StoreContext {
    /// A transaction that changes accounts or sessions (see `SessionCache`): on PostgreSQL it NOTIFYs
    /// every instance at commit; here the cache is emptied once it has committed.
    func changeAccounts<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws
        -> T
    {
        let kind = kind
        let result = try await transaction { sql in
            let result = try await body(sql)
            if kind == .postgres { try await sql.raw("NOTIFY \(unsafeRaw: SessionCache.channel)").run() }
            return result
        }
        sessionCache?.clear()
        return result
    }
}
