import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The SLA configuration: one JSON row, or the standard configuration while there is none.
struct SLAStore: Sendable {
    let context: StoreContext

    func config() async throws -> SLAConfig {
        try await Self.load(on: context.sql)
    }

    /// Replaces the configuration; it applies to each ticket from its next change on.
    func replace(with config: SLAConfig) async throws -> SLAConfig {
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        let now = context.clock.now()
        try await context.transaction { sql in
            try await sql.raw("DELETE FROM sla_config WHERE id = 1").run()
            try await sql.raw(
                "INSERT INTO sla_config (id, config, updated_at) VALUES (1, \(bind: json), \(bind: now))"
            ).run()
        }
        context.slaClocks.forget()
        return config
    }

    static func load(on sql: any SQLDatabase) async throws -> SLAConfig {
        guard let row = try await sql.raw("SELECT config FROM sla_config WHERE id = 1").first() else {
            return .standard
        }
        let json = try row.decode(column: "config", as: String.self)
        return try JSONDecoder().decode(SLAConfig.self, from: Data(json.utf8))
    }
}

/// The SLA clock for reads, kept for a few seconds: lists show every ticket's SLA state, and reading
/// and parsing the configuration for each request would cost more than the list. Writes read the
/// configuration inside their transaction instead. Another instance's change shows here within
/// `lifetime`.
final class SLAClockCache: Sendable {
    private let cached = NIOLockedValueBox<(clock: SLAClock, loaded: Date)?>(nil)
    private let lifetime: TimeInterval = 5

    func clock(at now: Date, loading: () async throws -> SLAConfig) async throws -> SLAClock {
        if let (clock, loaded) = cached.withLockedValue({ $0 }), now.timeIntervalSince(loaded) < lifetime,
            now >= loaded
        {
            return clock
        }
        let clock = SLAClock(try await loading())
        cached.withLockedValue { $0 = (clock, now) }
        return clock
    }

    func forget() {
        cached.withLockedValue { $0 = nil }
    }

    /// A clock for exactly this configuration, reusing the cached one (and the days it has worked out)
    /// when the configuration is the same: writes read the configuration in their transaction, and
    /// building a calendar from nothing for each of them made the walks start cold every time.
    func clock(for config: SLAConfig, at now: Date) -> SLAClock {
        if let (clock, _) = cached.withLockedValue({ $0 }), clock.config == config { return clock }
        let clock = SLAClock(config)
        cached.withLockedValue { $0 = (clock, now) }
        return clock
    }
}

extension StoreContext {
    /// The SLA clock for showing tickets (see `SLAClockCache`).
    func slaClock() async throws -> SLAClock {
        try await slaClocks.clock(at: clock.now()) { try await SLAStore.load(on: sql) }
    }
}
