import Vapor

struct CommentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let comments = routes.grouped("tickets", ":id", "comments")
        comments.get(use: index)
        comments.post(use: create)
        comments.get(":comment", "source", use: source)
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

    /// The original message a comment was imported from, quoted history and all: staff only.
    @Sendable func source(req: Request) async throws -> Response {
        let ticket = try await req.tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        try req.policy.authorizeMailSource()
        let commentID = try req.idParameter("comment", notFound: Self.noSource)
        guard try await req.comments.belongs(commentID, to: ticket),
            let raw = try await req.inbound.source(ofComment: commentID)
        else { throw NotFound(Self.noSource) }
        let response = Response(status: .ok, body: .init(data: Data(raw)))
        response.headers.contentType = HTTPMediaType(type: "message", subType: "rfc822")
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"comment-\(commentID).eml\"")
        return response
    }

    static let noSource = "That comment did not come by email"
}
