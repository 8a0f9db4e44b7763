import SQLKit

/// Counts over the tickets a reader may see, from the status and priority indexes.
struct StatsStore: Sendable {
    let context: StoreContext
    let scope: ReadScope

    func stats() async throws -> StatsResponse {
        var stats = StatsResponse()
        for (key, count) in try await counts(by: "status") {
            switch TicketStatus(rawValue: key) {
            case .open: stats.byStatus.open = count
            case .inProgress: stats.byStatus.inProgress = count
            case .closed: stats.byStatus.closed = count
            case nil: break
            }
        }
        for (key, count) in try await counts(by: "priority") {
            switch TicketPriority(rawValue: key) {
            case .low: stats.byPriority.low = count
            case .normal: stats.byPriority.normal = count
            case .high: stats.byPriority.high = count
            case .urgent: stats.byPriority.urgent = count
            case nil: break
            }
        }
        return stats
    }

    private func counts(by column: String) async throws -> [(String, Int)] {
        var query: SQLQueryString = "SELECT \(ident: column) AS k, COUNT(*) AS n FROM tickets"
        if let authorID = scope.authorID { query += " WHERE author_id = \(bind: authorID)" }
        query += " GROUP BY \(ident: column)"
        return try await context.sql.raw(query).all().map {
            (try $0.decode(column: "k", as: String.self), try $0.decode(column: "n", as: Int.self))
        }
    }
}
