import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Counts over the tickets a reader may see, from the counters every change keeps (a dozen rows,
/// however many tickets), and for staff the SLA counts.
struct StatsStore: Sendable {
    let context: StoreContext
    let scope: ReadScope
    let slaCounts: RecentSLACounts

    func stats() async throws -> StatsResponse {
        var stats = StatsResponse()
        let counts = try await TicketCounts.read(authorID: scope.authorID, on: context.sql)
        for count in counts {
            switch count.tally.status {
            case .open: stats.byStatus.open += count.n
            case .inProgress: stats.byStatus.inProgress += count.n
            case .closed: stats.byStatus.closed += count.n
            }
            switch count.tally.priority {
            case .low: stats.byPriority.low += count.n
            case .normal: stats.byPriority.normal += count.n
            case .high: stats.byPriority.high += count.n
            case .urgent: stats.byPriority.urgent += count.n
            }
        }
        if scope.internalNotes { stats.sla = try await slaStats(counts) }
        return stats
    }

    /// Breached and at-risk tickets change with the clock, not only with writes, so they are counted
    /// from the due and risk indexes (no table lookups), at most every few seconds per process; the
    /// share of closed tickets that met their targets comes from the counters and is always exact.
    private func slaStats(_ counts: [TicketCounts.Count]) async throws -> StatsResponse.SLA {
        let now = context.clock.now()
        let config = try await context.slaClock().config
        let targeted = Set(
            TicketPriority.allCases.filter {
                config.targets[$0].firstResponseMinutes != nil || config.targets[$0].resolutionMinutes != nil
            })
        let sql = context.sql
        var stats = try await slaCounts.value(at: now) {
            func count(_ condition: SQLQueryString) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM tickets WHERE " + condition).first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
            return StatsResponse.SLA(
                breached: try await count("sla_due_at <= \(bind: now)"),
                atRisk: try await count("sla_risk_at <= \(bind: now) AND sla_due_at > \(bind: now)"))
        }
        let closed = counts.filter { $0.tally.status == .closed && targeted.contains($0.tally.priority) }
        let total = closed.reduce(0) { $0 + $1.n }
        if total > 0 {
            let late = closed.filter(\.tally.late).reduce(0) { $0 + $1.n }
            stats.metPercent = (Double(total - late) / Double(total) * 1000).rounded() / 10
        }
        return stats
    }
}

/// The breached and at-risk counts, kept for a few seconds (see `StatsStore.slaStats`). A dashboard
/// that shows them is at most that much behind. One request at a time counts again; the others go on
/// with the value it replaces, so a dashboard's many requests never count all at once.
final class RecentSLACounts: Sendable {
    private struct State {
        var value: StatsResponse.SLA?
        var at = Date.distantPast
        var counting = false
    }

    private let state = NIOLockedValueBox(State())
    let ttl: TimeInterval

    init(ttl: TimeInterval = 5) { self.ttl = ttl }

    func value(at now: Date, counting: () async throws -> StatsResponse.SLA) async throws -> StatsResponse.SLA {
        let cached: StatsResponse.SLA? = state.withLockedValue { state in
            let fresh = now >= state.at && now.timeIntervalSince(state.at) < ttl
            if let value = state.value, fresh || state.counting { return value }
            state.counting = true
            return nil
        }
        if let cached { return cached }
        do {
            let value = try await counting()
            state.withLockedValue { $0 = State(value: value, at: now, counting: false) }
            return value
        } catch {
            state.withLockedValue { $0.counting = false }
            throw error
        }
    }
}
