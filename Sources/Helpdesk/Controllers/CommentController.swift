import Fluent
import SQLKit
import Vapor

struct CommentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let comments = routes.grouped("tickets", ":id", "comments")
        comments.get(use: index)
        comments.post(use: create)
    }

    @Sendable func index(req: Request) async throws -> CommentList {
        let ticket = try await Ticket.visible(try req.idParameter(notFound: Ticket.notFound), to: req)
        let includeInternal = try req.policy.canSeeInternalNotes
        var query: SQLQueryString = """
            SELECT c.id, c.ticket_id, c.text, c.internal, c.author_id, u.username, u.role, c.created_at
            FROM comments c JOIN users u ON u.id = c.author_id
            WHERE c.ticket_id = \(bind: try ticket.requireID())
            """
        if !includeInternal { query += " AND c.internal = \(bind: false)" }
        query += " ORDER BY c.created_at ASC, c.id ASC"
        let rows = try await req.db.sql.raw(query).all()
        return CommentList(items: try rows.map(Self.decode))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let ticket = try await Ticket.visible(try req.idParameter(notFound: Ticket.notFound), to: req)
        let input = try req.decodeBody(CreateCommentRequest.self)
        try input.validate()
        let isInternal = input.internal ?? false
        try req.policy.authorizeComment(internal: isInternal)

        let author = try req.user
        let comment = Comment(
            text: input.text, internal: isInternal, authorID: try author.requireID(), ticketID: try ticket.requireID())
        // The comment is written first so that the transaction holds the write lock from its first statement.
        try await req.write { db in
            try await db.transaction { db in
                try await comment.insert(on: db)
                try await ticket.saveTouch(on: db)
            }
        }
        let response = CommentResponse(
            id: try comment.requireID(), ticketId: try ticket.requireID(), text: comment.text,
            internal: comment.internal,
            authorId: try author.requireID(),
            author: CommentAuthor(id: try author.requireID(), username: author.username, role: author.role),
            createdAt: comment.createdAt)
        return try await response.encodeResponse(status: .created, for: req)
    }

    private static func decode(_ row: any SQLRow) throws -> CommentResponse {
        let authorID = try row.decode(column: "author_id", as: Int.self)
        return CommentResponse(
            id: try row.decode(column: "id", as: Int.self),
            ticketId: try row.decode(column: "ticket_id", as: Int.self),
            text: try row.decode(column: "text", as: String.self),
            internal: try row.decode(column: "internal", as: Bool.self),
            authorId: authorID,
            author: CommentAuthor(
                id: authorID,
                username: try row.decode(column: "username", as: String.self),
                role: try row.decode(column: "role", as: Role.self)),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
