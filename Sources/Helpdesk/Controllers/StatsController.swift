import Vapor

struct StatsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("stats", use: stats)
    }

    /// Counts over the tickets the caller can see.
    @Sendable func stats(req: Request) async throws -> StatsResponse {
        try await req.stats.stats()
    }
}
