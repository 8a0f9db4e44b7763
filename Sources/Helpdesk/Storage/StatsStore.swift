import Foundation
import SQLKit

/// Counts over the tickets a reader may see, from the status and priority indexes.
struct StatsStore: Sendable {
    let context: StoreContext
    let scope: ReadScope

    /// By status and priority from the counters every change keeps: a dozen rows, however many tickets.
    func stats() async throws -> StatsResponse {
        var stats = StatsResponse()
        for (status, priority, count) in try await TicketCounts.read(authorID: scope.authorID, on: context.sql) {
            switch TicketStatus(rawValue: status) {
            case .open: stats.byStatus.open += count
            case .inProgress: stats.byStatus.inProgress += count
            case .closed: stats.byStatus.closed += count
            case nil: break
            }
            switch TicketPriority(rawValue: priority) {
            case .low: stats.byPriority.low += count
            case .normal: stats.byPriority.normal += count
            case .high: stats.byPriority.high += count
            case .urgent: stats.byPriority.urgent += count
            case nil: break
            }
        }
        if scope.internalNotes { stats.sla = try await slaStats() }
        return stats
    }

    /// Each count is one index range: the due index for breaches, the risk index for tickets at risk.
    private func slaStats() async throws -> StatsResponse.SLA {
        let now = context.clock.now()
        let clock = try await context.slaClock()
        let targeted = TicketPriority.allCases.filter {
            let target = clock.config.targets[$0]
            return target.firstResponseMinutes != nil || target.resolutionMinutes != nil
        }
        let sql = context.sql
        func count(_ condition: SQLQueryString) async throws -> Int {
            try await sql.raw("SELECT COUNT(*) AS n FROM tickets WHERE " + condition).first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
        let priorities: SQLQueryString =
            targeted.count == TicketPriority.allCases.count
            ? ""
            : " AND priority IN (" + targeted.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ")
                + ")"
        var stats = StatsResponse.SLA()
        stats.breached = try await count("sla_due_at <= \(bind: now)")
        stats.atRisk = try await count("sla_risk_at <= \(bind: now) AND sla_due_at > \(bind: now)")
        guard !targeted.isEmpty else { return stats }
        let closed = try await count("status = 'closed'" + priorities)
        if closed > 0 {
            let late = try await count("sla_due_at <= \(bind: now) AND status = 'closed'" + priorities)
            stats.metPercent = (Double(closed - late) / Double(closed) * 1000).rounded() / 10
        }
        return stats
    }
}
