import Foundation
import SQLKit

/// The throttle's attempts in PostgreSQL, shared by every instance. A bucket is checked and counted
/// under a transaction-level advisory lock on its name, so two instances cannot both let the last
/// allowed attempt through.
struct ThrottleStore: Sendable {
    let context: StoreContext

    enum Outcome: Sendable {
        /// Counted: the rows written.
        case counted([Int])
        /// Bucket `index` is full until `retryAfter` seconds from now; nothing was counted.
        case full(index: Int, retryAfter: Int)
    }

    /// Counts one attempt in every bucket, or says which is full and how long until its oldest attempt
    /// leaves the window.
    func reserve(_ buckets: [(key: String, limit: Int)], window: TimeInterval, at now: Date) async throws
        -> Outcome
    {
        let cutoff = now.addingTimeInterval(-window)
        return try await context.transaction { sql in
            for (index, bucket) in buckets.enumerated() {
                try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "throttle:" + bucket.key)))").run()
                let row = try await sql.raw(
                    """
                    SELECT COUNT(*) AS n, MIN(at) AS oldest FROM throttle_events
                    WHERE bucket = \(bind: bucket.key) AND at > \(bind: cutoff)
                    """
                ).first()
                let count = try row?.decode(column: "n", as: Int.self) ?? 0
                if count >= bucket.limit, let oldest = try row?.decode(column: "oldest", as: Date?.self) {
                    let wait = Int(oldest.addingTimeInterval(window).timeIntervalSince(now).rounded(.up))
                    return .full(index: index, retryAfter: max(1, wait))
                }
            }
            var ids: [Int] = []
            for bucket in buckets {
                let id = try await sql.raw(
                    "INSERT INTO throttle_events (bucket, at) VALUES (\(bind: bucket.key), \(bind: now)) RETURNING id"
                ).first()?.decode(column: "id", as: Int.self)
                if let id { ids.append(id) }
            }
            // Old attempts go as new ones come, so the table stays the size of one window.
            try await sql.raw("DELETE FROM throttle_events WHERE at <= \(bind: cutoff)").run()
            return .counted(ids)
        }
    }

    func release(_ ids: [Int]) async throws {
        guard !ids.isEmpty else { return }
        try await context.transaction { sql in
            try await sql.raw("DELETE FROM throttle_events WHERE id IN (\(SQLList(ids.map { SQLBind($0) })))").run()
        }
    }

    func reset(_ key: String) async throws {
        try await context.transaction { sql in
            try await sql.raw("DELETE FROM throttle_events WHERE bucket = \(bind: key)").run()
        }
    }
}
