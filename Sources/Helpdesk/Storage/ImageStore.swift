import Foundation
import SQLKit
import Vapor

/// Screenshots of tickets. An image is found only through a ticket the reader may see, and its bytes
/// are read only after that check.
struct ImageStore: Sendable {
    let context: StoreContext
    let scope: ReadScope

    static let notFound = "Image not found"

    func list(on ticket: Ticket) async throws -> [ImageResponse] {
        try await context.sql.raw(
            "SELECT " + Columns.of(ImageResponse.CodingKeys.self, table: "i")
                + " FROM ticket_images i WHERE i.ticket_id = \(bind: ticket.id)" + visibleToReader + " ORDER BY i.id"
        ).all().map { try $0.decode(model: ImageResponse.self) }
    }

    /// The image and its ticket, if the reader may see both; otherwise 404.
    func find(id: Int) async throws -> (image: ImageResponse, ticket: Ticket) {
        guard
            let image = try await context.sql.raw(
                "SELECT " + Columns.of(ImageResponse.CodingKeys.self, table: "i")
                    + " FROM ticket_images i WHERE i.id = \(bind: id)" + visibleToReader
            ).first()?.decode(model: ImageResponse.self),
            let ticket = try await TicketStore.ticket(id: image.ticketId, scope: scope, on: context.sql)
        else {
            throw NotFound(Self.notFound)
        }
        return (image, ticket)
    }

    /// An image attached to an internal note is part of that note: staff only.
    private var visibleToReader: SQLQueryString {
        scope.internalNotes
            ? ""
            : " AND (i.comment_id IS NULL OR NOT EXISTS (SELECT 1 FROM comments c WHERE c.id = i.comment_id AND c.internal = \(bind: true)))"
    }

    func bytes(of image: ImageResponse) async throws -> Data {
        guard
            let row = try await context.sql.raw("SELECT image_data FROM ticket_images WHERE id = \(bind: image.id)")
                .first()
        else {
            throw NotFound(Self.notFound)
        }
        return try row.decode(column: "image_data", as: Data.self)
    }

    func add(_ upload: NewImage, to ticket: Ticket, by actor: ChangeActor) async throws -> ImageResponse {
        try await context.changeTickets(by: actor) { tx in
            var onInternalNote = false
            if let commentID = upload.commentID {
                onInternalNote = try await Self.checkAttachable(commentID, on: ticket, by: actor, sql: tx.sql)
            }
            let image = try await Self.insert(
                upload, ticketID: ticket.id, commentID: upload.commentID, at: tx.now, on: tx.sql)
            try await tx.record(ticket.id, "image_added", to: upload.filename)
            try await tx.emit(.imageCreated, about: ticket, internal: onInternalNote, objectID: image.id)
            return image
        }
    }

    /// Writes one image inside the caller's transaction.
    @discardableResult
    static func insert(_ upload: NewImage, ticketID: Int, commentID: Int?, at now: Date, on sql: any SQLDatabase)
        async throws -> ImageResponse
    {
        let row = try await sql.raw(
            """
            INSERT INTO ticket_images (ticket_id, filename, content_type, size, image_data, created_at, comment_id)
            VALUES (\(bind: ticketID), \(bind: upload.filename), \(bind: upload.format.contentType),
                    \(bind: upload.data.count), \(bind: upload.data), \(bind: now), \(bind: commentID))
            RETURNING \(Columns.of(ImageResponse.CodingKeys.self))
            """
        ).first()
        guard let row else { throw NotFound(TicketStore.notFound) }
        return try row.decode(model: ImageResponse.self)
    }

    /// A screenshot goes on one's own comment on this ticket: 422 for a comment elsewhere (or none),
    /// 403 for someone else's. Says whether the comment is an internal note.
    private static func checkAttachable(
        _ commentID: Int, on ticket: Ticket, by actor: ChangeActor, sql: any SQLDatabase
    )
        async throws -> Bool
    {
        let row = try await sql.raw(
            "SELECT author_id, internal FROM comments WHERE id = \(bind: commentID) AND ticket_id = \(bind: ticket.id)"
        ).first()
        guard let row else {
            throw ValidationFailure(fields: ["comment_id": "must be a comment on this ticket"])
        }
        guard try row.decode(column: "author_id", as: Int.self) == actor.user?.id else {
            throw Abort(.forbidden, reason: "Screenshots can be attached only to your own comments")
        }
        return try row.decode(column: "internal", as: Bool.self)
    }

    func delete(_ image: ImageResponse, on ticket: Ticket, by actor: ChangeActor) async throws {
        try await context.changeTickets(by: actor) { tx in
            var onInternalNote = false
            if let commentID = image.commentId {
                onInternalNote =
                    try await tx.sql.raw("SELECT internal FROM comments WHERE id = \(bind: commentID)").first()?
                    .decode(column: "internal", as: Bool.self) ?? false
            }
            try await tx.sql.raw("DELETE FROM ticket_images WHERE id = \(bind: image.id)").run()
            try await tx.record(image.ticketId, "image_deleted", from: image.filename)
            try await tx.emit(.imageDeleted, about: ticket, internal: onInternalNote, objectID: image.id)
        }
    }
}
