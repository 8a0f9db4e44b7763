import Fluent
import SQLKit
import Vapor

struct StatsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("stats", use: stats)
    }

    /// Counts over the tickets the caller can see, from the status and priority indexes.
    @Sendable func stats(req: Request) async throws -> StatsResponse {
        let authorID = try req.policy.visibleAuthorID
        var stats = StatsResponse()
        for (key, count) in try await Self.counts(by: "status", authorID, req.db) {
            switch TicketStatus(rawValue: key) {
            case .open: stats.byStatus.open = count
            case .inProgress: stats.byStatus.inProgress = count
            case .closed: stats.byStatus.closed = count
            case nil: break
            }
        }
        for (key, count) in try await Self.counts(by: "priority", authorID, req.db) {
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

    private static func counts(by column: String, _ authorID: Int?, _ database: any Database) async throws -> [(
        String, Int
    )] {
        var query: SQLQueryString = "SELECT \(ident: column) AS k, COUNT(*) AS n FROM tickets"
        if let authorID { query += " WHERE author_id = \(bind: authorID)" }
        query += " GROUP BY \(ident: column)"
        return try await database.sql.raw(query).all().map {
            (try $0.decode(column: "k", as: String.self), try $0.decode(column: "n", as: Int.self))
        }
    }
}
