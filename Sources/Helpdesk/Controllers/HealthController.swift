import Vapor

struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("health", "live", use: live)
        routes.get("health", "ready", use: ready)
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

    /// The process answers: for a load balancer's liveness probe (no database involved).
    @Sendable func live(req: Request) async throws -> HealthResponse {
        HealthResponse(status: "ok")
    }

    /// Ready for traffic: the database answers and every migration this binary knows has run.
    @Sendable func ready(req: Request) async throws -> HealthResponse {
        let applied: Int
        do {
            applied = try await req.storeContext.appliedMigrations()
        } catch {
            req.logger.error("Readiness check: the database did not answer: \(error)")
            throw Abort(.serviceUnavailable, reason: "The database is not answering")
        }
        guard applied >= Migrations.all.count else {
            throw Abort(
                .serviceUnavailable,
                reason:
                    "The database is behind: \(applied) of \(Migrations.all.count) migrations applied (run helpdesk migrate)"
            )
        }
        return HealthResponse(status: "ok")
    }
}
