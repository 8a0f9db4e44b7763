import FluentPostgresDriver
import Foundation
import SQLKit

/// What became of a message the IMAP poller has fetched (see `CreateIMAPState`).
enum IMAPMessageStatus: String, CaseIterable, Sendable {
    /// The importer took it (a ticket, a comment, or deliberately ignored): at most flagging or moving
    /// it is left, never importing it again.
    case imported
    /// Its import failed; it is tried again until it has failed `IMAP_MAX_FAILURES` times.
    case failed
    /// Given up on: moved to `IMAP_FAILED_MAILBOX`, or flagged `\Seen`.
    case movedAside = "moved_aside"
}

/// One message of a polled mailbox: a UID means something only with its mailbox's UIDVALIDITY.
struct IMAPMessageKey: Sendable, Hashable {
    /// The account and mailbox, `user@host/INBOX`.
    var mailbox: String
    var uidValidity: UInt32
    var uid: UInt32
}

struct IMAPMessageState: Sendable, Equatable {
    var status: IMAPMessageStatus
    var failures: Int
}

/// What the IMAP poller remembers: which messages it imported, failed on, or set aside; and, on
/// PostgreSQL, the lock that lets one instance poll at a time.
struct IMAPStateStore: Sendable {
    let context: StoreContext
    /// PostgreSQL: where the poll lock's own connection goes.
    var postgresURL: String?

    /// "HDIMAP" in ASCII: the advisory lock a poller holds for a pass.
    static let pollLockKey: Int64 = 0x4844_494D_4150

    /// The state of each of `uids` that has one (a UID never seen has none).
    func states(mailbox: String, uidValidity: UInt32, uids: [UInt32]) async throws -> [UInt32: IMAPMessageState] {
        guard !uids.isEmpty else { return [:] }
        let list = SQLList(uids.map { SQLBind(Int64($0)) })
        let rows = try await context.sql.raw(
            """
            SELECT uid, status, failures FROM imap_messages
            WHERE mailbox = \(bind: mailbox) AND uid_validity = \(bind: Int64(uidValidity)) AND uid IN (\(list))
            """
        ).all()
        var states: [UInt32: IMAPMessageState] = [:]
        for row in rows {
            let uid = try row.decode(column: "uid", as: Int64.self)
            let status = try row.decode(column: "status", as: String.self)
            guard let uid = UInt32(exactly: uid), let status = IMAPMessageStatus(rawValue: status) else { continue }
            states[uid] = IMAPMessageState(status: status, failures: try row.decode(column: "failures", as: Int.self))
        }
        return states
    }

    /// The importer took the message. If the process dies before this is written, the next pass hands the
    /// message to the importer again, which knows it (by its Message-ID or hash) and imports nothing.
    func recordImported(_ key: IMAPMessageKey) async throws {
        try await upsert(key, status: .imported, reason: nil, update: "last_error = NULL")
    }

    /// Counts a failed import; returns how many times the message has failed now.
    func recordFailure(_ key: IMAPMessageKey, reason: String) async throws -> Int {
        try await upsert(
            key, status: .failed, reason: reason,
            update: "failures = imap_messages.failures + 1, last_error = excluded.last_error")
    }

    /// The message was given up on: moved aside, or flagged so that it is not fetched again.
    func recordMovedAside(_ key: IMAPMessageKey, reason: String?) async throws {
        try await upsert(
            key, status: .movedAside, reason: reason,
            update: "last_error = COALESCE(excluded.last_error, imap_messages.last_error)")
    }

    /// Inserts the message's row, or updates it (status, time, and `update`); returns its failures.
    @discardableResult
    private func upsert(_ key: IMAPMessageKey, status: IMAPMessageStatus, reason: String?, update: SQLQueryString)
        async throws -> Int
    {
        let now = context.clock.now()
        let reason = reason.map { String($0.prefix(1000)) }
        let failures = status == .failed ? 1 : 0
        return try await context.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO imap_messages (mailbox, uid_validity, uid, status, failures, last_error, updated_at)
                VALUES (\(bind: key.mailbox), \(bind: Int64(key.uidValidity)), \(bind: Int64(key.uid)),
                        \(bind: status.rawValue), \(bind: failures), \(bind: reason), \(bind: now))
                ON CONFLICT (mailbox, uid_validity, uid) DO UPDATE SET status = excluded.status,
                    updated_at = excluded.updated_at,
                """ + " " + update + " RETURNING failures"
            ).first()?.decode(column: "failures", as: Int.self) ?? failures
        }
    }

    /// Runs `body` unless another instance is polling; nil when one is. On PostgreSQL the pass holds an
    /// advisory lock on a connection of its own: not one of the pool's, which `body` needs, and a lock
    /// that goes away with its connection however the process ends. SQLite has one process: no lock.
    func withPollLock<T: Sendable>(logger: Logger, _ body: () async throws -> T) async throws -> T? {
        guard context.kind == .postgres, let postgresURL else { return try await body() }
        let configuration = try SQLPostgresConfiguration(url: postgresURL).coreConfiguration
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let locked = try await connection.sql(queryLogLevel: .trace, logger: logger).raw(
                "SELECT pg_try_advisory_lock(\(bind: Self.pollLockKey)) AS locked"
            ).first()?.decode(column: "locked", as: Bool.self)
            let result = locked == true ? try await body() : nil
            // Closing the connection releases the lock.
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
