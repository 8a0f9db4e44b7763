import Vapor

struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
    }

    struct HealthResponse: Content {
        var status: String
    }

    @Sendable func health(req: Request) async throws -> HealthResponse {
        do {
            try await req.storeContext.ping()
        } catch {
            req.logger.error("Health check: the database did not answer: \(error)")
            throw Abort(.serviceUnavailable, reason: "The database is not answering")
        }
        return HealthResponse(status: "ok")
    }
}
