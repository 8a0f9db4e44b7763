import Foundation
import SQLKit

/// The kinds of event a stream sends.
enum EventKind: String, Sendable, CaseIterable {
    case ticketCreated = "ticket.created"
    case ticketUpdated = "ticket.updated"
    case ticketDeleted = "ticket.deleted"
    case commentCreated = "comment.created"
    case imageCreated = "image.created"
    case imageDeleted = "image.deleted"
}

/// One stored event: what changed, on which ticket, and who may see it.
struct EventRow: Sendable, Equatable {
    var id: Int
    var kind: EventKind
    var ticketID: Int
    /// The ticket's customer: the only one besides staff who may see it.
    var ticketAuthorID: Int
    /// About an internal note (or its screenshot): staff only.
    var `internal`: Bool
    /// The comment's or image's id.
    var objectID: Int?

    /// The policy's rule for events, the same as for the REST reads: staff see everything; a customer
    /// their own tickets' events, never an internal note's.
    func isVisible(to scope: ReadScope) -> Bool {
        if let authorID = scope.authorID, authorID != ticketAuthorID { return false }
        return scope.internalNotes || !self.internal
    }
}

/// The events table (see `CreateEvent`).
struct EventStore: Sendable {
    let context: StoreContext

    /// The PostgreSQL channel that tells every instance an event was committed.
    static let channel = "helpdesk_events"

    /// Appends an event inside the caller's transaction. On PostgreSQL, transactions that write
    /// events take turns from here to their commit (a transaction-level advisory lock), so that ids
    /// become visible in the order they were given: a stream that has seen id N never later finds
    /// an N-1 it skipped. NOTIFY is delivered at commit, and only if the transaction commits.
    static func append(
        _ kind: EventKind, ticketID: Int, ticketAuthorID: Int, internal: Bool, objectID: Int?, at now: Date,
        database: DatabaseKind, on sql: any SQLDatabase
    ) async throws {
        if database == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.lockKey))").run()
        }
        try await sql.raw(
            """
            INSERT INTO events (kind, ticket_id, ticket_author_id, internal, object_id, created_at)
            VALUES (\(bind: kind.rawValue), \(bind: ticketID), \(bind: ticketAuthorID), \(bind: `internal`),
                    \(bind: objectID), \(bind: now))
            """
        ).run()
        if database == .postgres {
            try await sql.raw("NOTIFY \(unsafeRaw: Self.channel)").run()
        }
    }

    /// "HDEVENTS": the advisory lock that orders event-writing commits.
    static let lockKey = 0x4844_4556_454E_5453

    /// Events after `id`, oldest first.
    func after(_ id: Int, limit: Int = 500) async throws -> [EventRow] {
        try await context.sql.raw(
            """
            SELECT id, kind, ticket_id, ticket_author_id, internal, object_id FROM events
            WHERE id > \(bind: id) ORDER BY id LIMIT \(literal: limit)
            """
        ).all().compactMap { row in
            guard let kind = EventKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return EventRow(
                id: try row.decode(column: "id", as: Int.self), kind: kind,
                ticketID: try row.decode(column: "ticket_id", as: Int.self),
                ticketAuthorID: try row.decode(column: "ticket_author_id", as: Int.self),
                internal: try row.decode(column: "internal", as: Bool.self),
                objectID: try row.decode(column: "object_id", as: Int?.self))
        }
    }

    /// The newest event's id (0 when there is none) and the oldest one kept.
    func bounds() async throws -> (latest: Int, oldest: Int?) {
        let row = try await context.sql.raw("SELECT MAX(id) AS latest, MIN(id) AS oldest FROM events").first()
        return (
            try row?.decode(column: "latest", as: Int?.self) ?? 0, try row?.decode(column: "oldest", as: Int?.self)
        )
    }
}
