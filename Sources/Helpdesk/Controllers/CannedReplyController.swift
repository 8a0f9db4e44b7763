import Vapor

/// Staff's canned replies: their own, and the shared ones admins keep.
struct CannedReplyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let replies = routes.grouped("canned-replies")
        replies.get(use: list)
        replies.post(use: create)
        replies.patch(":id", use: update)
        replies.delete(":id", use: delete)
    }

    @Sendable func list(req: Request) async throws -> CannedReplyList {
        try req.policy.authorizeCannedReplies()
        let query = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
        guard query.unicodeScalars.count <= CannedReplyLimits.title else {
            throw Abort(.badRequest, reason: "q must be at most \(CannedReplyLimits.title) characters")
        }
        return CannedReplyList(items: try await req.cannedReplies.list(matching: query))
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.policy.authorizeCannedReplies()
        let new = try req.decodeValid(CreateCannedReplyRequest.self)
        try req.policy.authorizeCannedReplyCreate(new)
        let reply = try await req.cannedReplies.create(new)
        return try await reply.encodeResponse(status: .created, for: req)
    }

    @Sendable func update(req: Request) async throws -> CannedReply {
        try req.policy.authorizeCannedReplies()
        let store = try req.cannedReplies
        let reply = try await store.find(id: try req.idParameter(notFound: CannedReplyStore.notFound))
        let change = try req.decodeValid(UpdateCannedReplyRequest.self)
        try req.policy.authorizeCannedReplyChange(reply, to: change)
        return try await store.update(reply, with: change)
    }

    @Sendable func delete(req: Request) async throws -> HTTPStatus {
        try req.policy.authorizeCannedReplies()
        let store = try req.cannedReplies
        let reply = try await store.find(id: try req.idParameter(notFound: CannedReplyStore.notFound))
        try req.policy.authorizeCannedReplyChange(reply)
        try await store.delete(reply)
        return .noContent
    }
}
