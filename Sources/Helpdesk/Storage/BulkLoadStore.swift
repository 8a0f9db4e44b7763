import Foundation
import SQLKit

/// Bulk loading for `helpdesk seed`: many rows a statement, many statements a transaction, so that a
/// million tickets take a minute. Ids are given explicitly, so the load knows them without reading back.
struct BulkLoadStore: Sendable {
    let context: StoreContext

    static let rowsPerStatement = 500

    /// One ticket with its comments, as `helpdesk seed` makes them up.
    struct TicketRow: Sendable {
        var ticket: Ticket
        var sla: TicketSLAState
        var comments: [CommentRow]
        var tags: [String] = []
    }

    struct CommentRow: Sendable {
        var text: String
        var `internal`: Bool
        var authorID: Int
        var createdAt: Date
    }

    func users(emails: [String]) async throws -> [User] {
        guard !emails.isEmpty else { return [] }
        return try await context.sql.raw(
            UserStore.select + "WHERE email IN ("
                + emails.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
                + ")"
        ).all().map(UserStore.user)
    }

    func firstUser(usernames: [String]) async throws -> User? {
        guard !usernames.isEmpty else { return nil }
        return try await context.sql.raw(
            UserStore.select + "WHERE username IN ("
                + usernames.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ") + ") LIMIT 1"
        ).first().map(UserStore.user)
    }

    func insert(users: [(username: String, email: String, role: Role)], passwordHash: String) async throws {
        let now = context.clock.now()
        try await context.transaction { sql in
            for chunk in users.chunked(into: Self.rowsPerStatement) {
                var insert = sql.insert(into: "users").columns(
                    "username", "email", "password_hash", "role", "token_version", "created_at")
                for user in chunk {
                    insert = insert.values(
                        SQLBind(user.username), SQLBind(user.email.lowercased()), SQLBind(passwordHash),
                        SQLBind(user.role.rawValue), SQLBind(0), SQLBind(now))
                }
                try await insert.run()
            }
        }
    }

    /// The id the next ticket gets, and the newest ticket's creation time (new ones must not be older).
    func ticketHighWater() async throws -> (nextID: Int, latestCreatedAt: Date?) {
        let row = try await context.sql.raw(
            "SELECT COALESCE(MAX(id), 0) AS m, MAX(created_at) AS c FROM tickets"
        ).first()
        return (
            (try row?.decode(column: "m", as: Int.self) ?? 0) + 1,
            try row?.decode(column: "c", as: Date?.self)
        )
    }

    /// Writes the tickets and their comments in one transaction.
    func insert(tickets: [TicketRow]) async throws {
        try await context.transaction { sql in
            for chunk in tickets.chunked(into: Self.rowsPerStatement) {
                var insert = sql.insert(into: "tickets").columns(
                    Ticket.CodingKeys.allCases.map(\.rawValue) + TicketSLAState.CodingKeys.allCases.map(\.rawValue)
                        + TicketReplies.CodingKeys.allCases.map(\.rawValue))
                for row in chunk {
                    let (ticket, sla) = (row.ticket, row.sla)
                    let replies = TicketReplies(
                        comments: row.comments.map { ($0.authorID, $0.internal, $0.createdAt) })
                    insert = insert.values(
                        SQLBind(ticket.id), SQLBind(ticket.title), SQLBind(ticket.description),
                        SQLBind(ticket.status.rawValue), SQLBind(ticket.priority.rawValue), SQLBind(ticket.authorID),
                        SQLBind(ticket.assigneeID), SQLBind(ticket.createdAt), SQLBind(ticket.updatedAt),
                        SQLBind(ticket.activityAt), SQLBind(ticket.mergedIntoID), SQLBind(sla.firstRespondedAt),
                        SQLBind(sla.resolvedAt),
                        SQLBind(sla.awaitingCustomer), SQLBind(sla.pausedSince), SQLBind(sla.pausedMinutes),
                        SQLBind(sla.firstResponseDueAt), SQLBind(sla.resolutionDueAt), SQLBind(sla.dueAt),
                        SQLBind(sla.riskAt), SQLBind(replies.lastReplyAt), SQLBind(replies.lastReplyBy),
                        SQLBind(replies.lastPublicReplyAt), SQLBind(replies.lastPublicReplyBy),
                        SQLBind(replies.customerSeenAt))
                }
                try await insert.run()
            }
            let tags = tickets.flatMap { row in row.tags.map { (row.ticket.id, $0) } }
            for chunk in tags.chunked(into: Self.rowsPerStatement) {
                var insert = sql.insert(into: "ticket_tags").columns("ticket_id", "tag")
                for (ticketID, tag) in chunk { insert = insert.values(SQLBind(ticketID), SQLBind(tag)) }
                try await insert.run()
            }
            let comments = tickets.flatMap { row in row.comments.map { (row.ticket.id, $0) } }
            for chunk in comments.chunked(into: Self.rowsPerStatement) {
                var insert = sql.insert(into: "comments").columns(
                    "text", "internal", "author_id", "ticket_id", "created_at")
                for (ticketID, comment) in chunk {
                    insert = insert.values(
                        SQLBind(comment.text), SQLBind(comment.internal), SQLBind(comment.authorID), SQLBind(ticketID),
                        SQLBind(comment.createdAt))
                }
                try await insert.run()
            }
        }
    }

    /// After a load: the counters are counted again from the tickets; PostgreSQL's identity sequence must move past the explicit ids, and a bulk load
    /// leaves the GIN index's pending list unmerged and the planner without statistics.
    func finish() async throws {
        let now = context.clock.now()
        try await context.transaction { sql in try await TicketCounts.rebuild(at: now, on: sql) }
        guard context.kind == .postgres else { return }
        try await context.sql.raw(
            "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets))"
        ).run()
        try await context.sql.raw("VACUUM ANALYZE tickets").run()
        try await context.sql.raw("VACUUM ANALYZE comments").run()
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
