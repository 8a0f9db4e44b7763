import Foundation
import SQLKit

extension TicketStore {
    /// Merges the duplicate `source` into `targetID` in one change: the source's comments and images
    /// move to the target with their times, the source is closed pointing at the target with a public
    /// note saying so (mailed to its customer like any reply), both histories record it, and live
    /// streams hear of every moved item. Refused (422) when the two tickets have different customers:
    /// merging would show one customer another's conversation.
    func merge(_ source: Ticket, into targetID: Int, by actor: ChangeActor) async throws -> TicketResponse {
        guard let author = actor.user else { preconditionFailure("a merge is always done by someone") }
        guard targetID != source.id else {
            throw ValidationFailure(fields: ["into_id": "must be another ticket: a ticket cannot be merged into itself"]
            )
        }
        try await context.changeTickets(by: actor) { tx in
            guard try await Self.ticket(id: targetID, scope: scope, on: tx.sql) != nil else {
                throw NotFound("Ticket \(targetID) not found")
            }
            // Locked in id order, so that two merges of the same pair cannot wait on each other.
            let first = try await tx.current(min(source.id, targetID))
            let second = try await tx.current(max(source.id, targetID))
            let (current, sla) = first.ticket.id == source.id ? first : second
            let target = first.ticket.id == source.id ? second.ticket : first.ticket
            try Self.checkMergeable(current, into: target)

            let moved = try await Self.moveThread(from: current.id, to: target.id, on: tx.sql)
            let noteID = try await tx.sql.raw(
                """
                INSERT INTO comments (text, internal, author_id, ticket_id, created_at)
                VALUES (\(bind: Self.mergeNote(into: target)), \(bind: false), \(bind: author.id), \(bind: current.id),
                        \(bind: tx.now))
                RETURNING id
                """
            ).first()?.decode(column: "id", as: Int.self)
            try await tx.sql.raw(
                """
                UPDATE tickets SET merged_into_id = \(bind: target.id), status = \(bind: TicketStatus.closed.rawValue),
                    last_reply_at = \(bind: tx.now), last_reply_by = \(bind: author.id),
                    last_public_reply_at = \(bind: tx.now), last_public_reply_by = \(bind: author.id)
                WHERE id = \(bind: current.id)
                """
            ).run()
            try await Self.recountReplies(of: target.id, on: tx.sql)

            try await tx.record(current.id, "merged", field: "merged_into", to: "#\(target.id)")
            if current.status != .closed {
                try await tx.record(current.id, "updated", field: "status", from: current.status.rawValue, to: "closed")
            }
            try await tx.record(target.id, "merged", field: "merged_from", to: "#\(current.id)")
            let events: [SLAEvent] = current.status == .closed ? [] : [.closed]
            let next = try await tx.advanceSLA(current, sla, status: .closed, priority: current.priority, events)
            try await tx.count(
                current, from: tx.tally(current.status, current.priority, sla),
                to: tx.tally(.closed, current.priority, next))
            try await tx.touch(current, seenByCustomer: true)
            try await tx.touch(target, seenByCustomer: true)

            try await tx.notify(.comment(text: Self.mergeNote(into: target), internal: false), about: current)
            try await tx.emit(.ticketUpdated, about: current)
            try await tx.emit(.commentCreated, about: current, objectID: noteID)
            try await tx.emit(.ticketUpdated, about: target)
            for comment in moved.comments {
                try await tx.emit(.commentCreated, about: target, internal: comment.internal, objectID: comment.id)
            }
            for image in moved.images {
                try await tx.emit(.imageCreated, about: target, internal: image.internal, objectID: image.id)
            }
        }
        return try await TicketStore(context: context, scope: .everything).response(id: targetID)
    }

    /// The public note left on a merged duplicate.
    static func mergeNote(into target: Ticket) -> String {
        "This ticket was merged into #\(target.id) (\(target.title)). The conversation continues there."
    }

    /// The rules of a merge besides who may ask (the policy's): 422 naming what is wrong.
    private static func checkMergeable(_ source: Ticket, into target: Ticket) throws {
        if let into = source.mergedIntoID {
            throw ValidationFailure(fields: ["id": "ticket \(source.id) has already been merged into #\(into)"])
        }
        if let into = target.mergedIntoID {
            throw ValidationFailure(fields: [
                "into_id": "ticket \(target.id) has itself been merged into #\(into); merge into that one"
            ])
        }
        guard source.authorID == target.authorID else {
            throw ValidationFailure(fields: [
                "into_id":
                    "ticket \(target.id) belongs to another customer; merging would show one customer another's conversation"
            ])
        }
    }

    /// Moves every comment and image of `source` to `target`, times kept; returns what moved (for the
    /// events), in order.
    private static func moveThread(from source: Int, to target: Int, on sql: any SQLDatabase) async throws
        -> (comments: [(id: Int, internal: Bool)], images: [(id: Int, internal: Bool)])
    {
        let comments = try await sql.raw(
            "SELECT id, internal FROM comments WHERE ticket_id = \(bind: source) ORDER BY created_at, id"
        ).all().map {
            (id: try $0.decode(column: "id", as: Int.self), internal: try $0.decode(column: "internal", as: Bool.self))
        }
        // An image belongs to the note it came with, if any; internal notes' images stay staff-only.
        let images = try await sql.raw(
            """
            SELECT i.id, COALESCE(c.internal, \(bind: false)) AS internal FROM ticket_images i
            LEFT JOIN comments c ON c.id = i.comment_id WHERE i.ticket_id = \(bind: source) ORDER BY i.id
            """
        ).all().map {
            (id: try $0.decode(column: "id", as: Int.self), internal: try $0.decode(column: "internal", as: Bool.self))
        }
        try await sql.raw("UPDATE comments SET ticket_id = \(bind: target) WHERE ticket_id = \(bind: source)").run()
        try await sql.raw("UPDATE ticket_images SET ticket_id = \(bind: target) WHERE ticket_id = \(bind: source)")
            .run()
        return (comments, images)
    }

    /// The ticket's last-reply columns from its comments as they now are.
    private static func recountReplies(of id: Int, on sql: any SQLDatabase) async throws {
        func last(_ publicOnly: Bool) -> SQLQueryString {
            let filter: SQLQueryString = publicOnly ? " AND c.internal = \(bind: false)" : ""
            return "FROM comments c WHERE c.ticket_id = \(bind: id)" + filter
                + " ORDER BY c.created_at DESC, c.id DESC LIMIT 1"
        }
        try await sql.raw(
            "UPDATE tickets SET last_reply_at = (SELECT c.created_at " + last(false)
                + "), last_reply_by = (SELECT c.author_id "
                + last(false) + "), last_public_reply_at = (SELECT c.created_at " + last(true)
                + "), last_public_reply_by = (SELECT c.author_id " + last(true) + ") WHERE id = \(bind: id)"
        ).run()
    }
}
