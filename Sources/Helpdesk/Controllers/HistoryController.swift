import Vapor

/// A ticket's history and the admin audit log: read-only, for staff and admins.
struct HistoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tickets", ":id", "history", use: ticketHistory)
        routes.get("admin", "audit", use: audit)
    }

    @Sendable func ticketHistory(req: Request) async throws -> HistoryList {
        let ticket = try await req.tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        try req.policy.authorizeStaffView()
        return HistoryList(items: try await req.history.list(on: ticket))
    }

    @Sendable func audit(req: Request) async throws -> AuditPage {
        try req.policy.authorizeAuditView()
        var after: Int?
        if let raw = try? req.query.get(String.self, at: "cursor"), !raw.isEmpty {
            guard let cursor = IDCursor(encoded: raw) else {
                throw Abort(.badRequest, reason: "cursor is not one this server gave out")
            }
            after = cursor.id
        }
        return try await req.audit.page(after: after)
    }
}
