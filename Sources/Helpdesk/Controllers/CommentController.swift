import Vapor

struct CommentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let comments = routes.grouped("tickets", ":id", "comments")
        comments.get(use: index)
        comments.post(use: create)
    }

    @Sendable func index(req: Request) async throws -> CommentList {
        let ticket = try await req.tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        return CommentList(items: try await req.comments.list(on: ticket))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let ticket = try await req.tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        let input = try req.decodeValid(CreateCommentRequest.self)
        try req.policy.authorizeComment(internal: input.internal)
        let comment = try await req.comments.add(input, to: ticket, by: try req.actor)
        return try await comment.encodeResponse(status: .created, for: req)
    }
}
