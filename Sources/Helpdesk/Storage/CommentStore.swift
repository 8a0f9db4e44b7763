import Foundation
import SQLKit
import Vapor

/// Comments on a ticket the reader has already been allowed to see (a `Ticket` comes from
/// `TicketStore`, which applies the reader's scope). Internal notes are read only when the scope says so.
struct CommentStore: Sendable {
    let context: StoreContext
    let scope: ReadScope

    func list(on ticket: Ticket) async throws -> [CommentResponse] {
        try await select("c.ticket_id = \(bind: ticket.id)")
    }

    /// One comment on `ticket`, if the reader may see it.
    func comment(id: Int, on ticket: Ticket) async throws -> CommentResponse? {
        try await select("c.id = \(bind: id) AND c.ticket_id = \(bind: ticket.id)").first
    }

    private func select(_ condition: SQLQueryString) async throws -> [CommentResponse] {
        var query: SQLQueryString = """
            SELECT c.id, c.ticket_id, c.text, c.internal, c.author_id, c.created_at, u.username, u.role
            FROM comments c JOIN users u ON u.id = c.author_id
            WHERE
            """
        query += " " + condition
        if !scope.internalNotes { query += " AND c.internal = \(bind: false)" }
        query += " ORDER BY c.created_at ASC, c.id ASC"
        return try await context.sql.raw(query).all().map { row in
            let authorID = try row.decode(column: "author_id", as: Int.self)
            return CommentResponse(
                id: try row.decode(column: "id", as: Int.self),
                ticketId: try row.decode(column: "ticket_id", as: Int.self),
                text: try row.decode(column: "text", as: String.self),
                internal: try row.decode(column: "internal", as: Bool.self),
                authorId: authorID,
                author: CommentAuthor(
                    id: authorID, username: try row.decode(column: "username", as: String.self),
                    role: try row.decode(column: "role", as: Role.self)),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    /// Whether comment `id` is on `ticket`.
    func belongs(_ id: Int, to ticket: Ticket) async throws -> Bool {
        try await context.sql.raw(
            "SELECT 1 AS one FROM comments WHERE id = \(bind: id) AND ticket_id = \(bind: ticket.id)"
        ).first() != nil
    }

    /// Adds the comment. An internal note is a change its customer never sees (see
    /// `TicketTransaction.touch`). A public reply moves the SLA clock: staff's is the first response and
    /// leaves the ticket waiting on the customer; the author's resumes it, and reopens a closed ticket.
    /// A reply that came by mail (`imported`) also gets the message's screenshots and its record, in the
    /// same transaction.
    func add(_ new: NewComment, to ticket: Ticket, by actor: ChangeActor, imported: ImportedMail? = nil) async throws
        -> CommentResponse
    {
        guard let author = actor.user else { preconditionFailure("a comment always has an author") }
        return try await context.changeTickets(by: actor) { tx in
            let (current, sla) = try await tx.current(ticket.id)
            if let into = current.mergedIntoID {
                throw Abort(.conflict, reason: "Ticket \(current.id) was merged into #\(into); reply there")
            }
            // The comment is written first so that the transaction holds the write lock from its first statement.
            let id = try await tx.sql.raw(
                """
                INSERT INTO comments (text, internal, author_id, ticket_id, created_at)
                VALUES (\(bind: new.text), \(bind: new.internal), \(bind: author.id), \(bind: ticket.id), \(bind: tx.now))
                RETURNING id
                """
            ).first()?.decode(column: "id", as: Int.self)
            guard let id else { throw NotFound(TicketStore.notFound) }
            let publicReply: SQLQueryString =
                new.internal
                ? "" : ", last_public_reply_at = \(bind: tx.now), last_public_reply_by = \(bind: author.id)"
            try await tx.sql.raw(
                "UPDATE tickets SET last_reply_at = \(bind: tx.now), last_reply_by = \(bind: author.id)" + publicReply
                    + " WHERE id = \(bind: current.id)"
            ).run()
            var status = current.status
            var events: [SLAEvent] = []
            if !new.internal, author.role.isStaff {
                events.append(.staffReplied)
            } else if !new.internal, author.id == current.authorID {
                if current.status == .closed {
                    status = .open
                    try await tx.sql.raw("UPDATE tickets SET status = 'open' WHERE id = \(bind: current.id)").run()
                    try await tx.record(current.id, "reopened", field: "status", from: "closed", to: "open")
                    events.append(.reopened)
                }
                events.append(.customerReplied)
            }
            let next = try await tx.advanceSLA(current, sla, status: status, priority: current.priority, events)
            try await tx.count(
                current, from: tx.tally(current.status, current.priority, sla),
                to: tx.tally(status, current.priority, next))
            try await tx.touch(current, seenByCustomer: !new.internal)
            if let imported {
                try await InboundStore.record(imported, ticketID: current.id, commentID: id, at: tx.now, on: tx.sql)
            }
            try await tx.notify(.comment(text: new.text, internal: new.internal), about: current)
            try await tx.emit(.commentCreated, about: current, internal: new.internal, objectID: id)
            if status != current.status { try await tx.emit(.ticketUpdated, about: current) }
            return CommentResponse(
                id: id, ticketId: ticket.id, text: new.text, internal: new.internal, authorId: author.id,
                author: CommentAuthor(author), createdAt: tx.now)
        }
    }
}
