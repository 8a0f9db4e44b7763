import Vapor

/// The SLA configuration: staff read it, admins replace it.
struct SLAController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("sla", use: show)
        routes.put("sla", use: replace)
    }

    @Sendable func show(req: Request) async throws -> SLAConfig {
        try req.policy.authorizeStaffView()
        return try await req.sla.config()
    }

    @Sendable func replace(req: Request) async throws -> SLAConfig {
        try req.policy.authorizeSLAChange()
        let config = try req.decodeValid(SLAConfig.self)
        return try await req.sla.replace(with: config)
    }
}
