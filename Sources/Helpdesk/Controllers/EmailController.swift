import Vapor

/// The outbox, for admins: what was sent, what waits, what failed and why; and a retry.
struct EmailController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let emails = routes.grouped("admin", "emails")
        emails.get(use: list)
        emails.post(":id", "retry", use: retry)
    }

    @Sendable func list(req: Request) async throws -> OutboxPage {
        try req.policy.authorizeOutboxView()
        var status: OutboxStatus?
        if let raw = try? req.query.get(String.self, at: "status"), !raw.isEmpty {
            guard let parsed = OutboxStatus(rawValue: raw) else {
                throw Abort(.badRequest, reason: "status must be one of pending, sent, failed")
            }
            status = parsed
        }
        var after: Int?
        if let raw = try? req.query.get(String.self, at: "cursor"), !raw.isEmpty {
            guard let cursor = IDCursor(encoded: raw) else {
                throw Abort(.badRequest, reason: "cursor is not one this server gave out")
            }
            after = cursor.id
        }
        return try await req.outbox.page(status: status, after: after)
    }

    @Sendable func retry(req: Request) async throws -> OutboxEmailResponse {
        try req.policy.authorizeOutboxView()
        let id = try req.idParameter(notFound: OutboxStore.notFound)
        guard let email = try await req.outbox.retry(id: id) else {
            throw Abort(.conflict, reason: "That email was sent already")
        }
        await req.application.services.mailQueue?.wake.poke()
        return email
    }
}
