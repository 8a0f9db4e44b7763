import Foundation
import SQLKit
import Vapor

/// The outbox: mail written in the same transaction as the change that caused it (`enqueue`), and
/// delivered by the worker, which claims due rows (`claim`), sends them, and records how it went.
struct OutboxStore: Sendable {
    let context: StoreContext

    static let pageSize = 50
    static let notFound = "Email not found"

    /// A claimed message, ready to send.
    struct Claimed: Sendable {
        var id: Int
        var kind: String
        var recipient: String
        var message: String
        /// Including this one.
        var attempts: Int
    }

    // MARK: Writing mail

    /// Adds one message to the outbox inside the caller's transaction, due at once.
    static func enqueue(
        _ message: OutgoingMessage, kind: NotificationKind, ticketID: Int?, recipientID: Int?, at now: Date,
        on sql: any SQLDatabase
    ) async throws {
        try await sql.raw(
            """
            INSERT INTO outbox (kind, ticket_id, recipient_id, recipient, subject, message_id, message, status,
                                attempts, next_attempt_at, created_at)
            VALUES (\(bind: kind.rawValue), \(bind: ticketID), \(bind: recipientID), \(bind: message.to.address),
                    \(bind: message.subject), \(bind: message.messageID), \(bind: message.rendered()),
                    \(bind: OutboxStatus.pending.rawValue), 0, \(bind: now), \(bind: now))
            """
        ).run()
    }

    /// The people `ids` name, as mail recipients.
    static func recipients(_ ids: [Int], on sql: any SQLDatabase) async throws -> [Int: MailRecipient] {
        guard !ids.isEmpty else { return [:] }
        let list = SQLList(Set(ids).sorted().map { SQLBind($0) })
        let rows = try await sql.raw(Self.recipientColumns + " WHERE id IN (\(list))").all()
        return Dictionary(uniqueKeysWithValues: try rows.map(recipient).map { ($0.id, $0) })
    }

    /// Every agent and admin who wants mail.
    static func staffRecipients(on sql: any SQLDatabase) async throws -> [MailRecipient] {
        try await sql.raw(
            Self.recipientColumns
                + " WHERE role IN ('agent', 'admin') AND email_notifications = \(bind: true) AND active = \(bind: true)"
                + " ORDER BY id"
        ).all().map(recipient)
    }

    private static let recipientColumns: SQLQueryString =
        "SELECT id, username, email, role, email_notifications, active FROM users"

    private static func recipient(_ row: any SQLRow) throws -> MailRecipient {
        MailRecipient(
            id: try row.decode(column: "id", as: Int.self),
            username: try row.decode(column: "username", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            isStaff: try row.decode(column: "role", as: Role.self).isStaff,
            // A deactivated account is mailed nothing.
            wantsMail: try row.decode(column: "email_notifications", as: Bool.self)
                && row.decode(column: "active", as: Bool.self))
    }

    // MARK: Delivering it

    /// Claims up to `limit` due messages for `lease` seconds: they are not due again until then, so
    /// another worker leaves them alone (on PostgreSQL, rows another worker is claiming are skipped,
    /// not waited for). A worker that dies holding a claim leaves it to expire.
    func claim(limit: Int, lease: TimeInterval) async throws -> [Claimed] {
        let now = context.clock.now()
        let until = now.addingTimeInterval(lease)
        let skipLocked: SQLQueryString = context.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await context.transaction { sql in
            try await sql.raw(
                """
                UPDATE outbox SET attempts = attempts + 1, next_attempt_at = \(bind: until), claimed_until = \(bind: until)
                WHERE id IN (SELECT id FROM outbox
                             WHERE status = 'pending' AND next_attempt_at <= \(bind: now)
                             ORDER BY next_attempt_at, id LIMIT \(literal: limit)
                """ + skipLocked + ") RETURNING id, kind, recipient, message, attempts"
            ).all().map { row in
                Claimed(
                    id: try row.decode(column: "id", as: Int.self),
                    kind: try row.decode(column: "kind", as: String.self),
                    recipient: try row.decode(column: "recipient", as: String.self),
                    message: try row.decode(column: "message", as: String.self),
                    attempts: try row.decode(column: "attempts", as: Int.self))
            }.sorted { $0.id < $1.id }
        }
    }

    /// With one process (SQLite) a claim still held at start-up belonged to a worker that died: its
    /// messages are due again at once, rather than when the claim would have run out.
    func releaseClaims() async throws {
        let now = context.clock.now()
        try await context.transaction { sql in
            try await sql.raw(
                """
                UPDATE outbox SET next_attempt_at = \(bind: now), claimed_until = NULL
                WHERE status = 'pending' AND claimed_until IS NOT NULL
                """
            ).run()
        }
    }

    /// Records how each claimed message went: sent; failed for good (a 5xx, or the last retry); or due
    /// again after the next delay.
    func record(_ outcomes: [(Claimed, Result<Void, MailDeliveryError>)], retryDelays: [TimeInterval]) async throws {
        guard !outcomes.isEmpty else { return }
        let now = context.clock.now()
        try await context.transaction { sql in
            for (mail, outcome) in outcomes {
                switch outcome {
                case .success:
                    try await sql.raw(
                        """
                        UPDATE outbox SET status = 'sent', sent_at = \(bind: now), next_attempt_at = NULL,
                                          claimed_until = NULL, last_error = NULL
                        WHERE id = \(bind: mail.id)
                        """
                    ).run()
                case .failure(let error):
                    let reason = String(error.description.prefix(1000))
                    var retryAt: Date?
                    if case .transient = error, mail.attempts <= retryDelays.count {
                        retryAt = now.addingTimeInterval(retryDelays[mail.attempts - 1])
                    }
                    let status: OutboxStatus = retryAt == nil ? .failed : .pending
                    try await sql.raw(
                        """
                        UPDATE outbox SET status = \(bind: status.rawValue), next_attempt_at = \(bind: retryAt),
                                          claimed_until = NULL, last_error = \(bind: reason)
                        WHERE id = \(bind: mail.id)
                        """
                    ).run()
                }
            }
        }
    }

    // MARK: The admin's view

    /// How many messages wait, and how many failed for good (for the metrics).
    func depth() async throws -> (pending: Int, failed: Int) {
        let rows = try await context.sql.raw(
            "SELECT status, COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'failed') GROUP BY status"
        ).all()
        var depth = (pending: 0, failed: 0)
        for row in rows {
            let count = try row.decode(column: "n", as: Int.self)
            if try row.decode(column: "status", as: String.self) == "pending" {
                depth.pending = count
            } else {
                depth.failed = count
            }
        }
        return depth
    }

    func page(status: OutboxStatus?, after cursor: Int?) async throws -> OutboxPage {
        var conditions: [SQLQueryString] = []
        if let status { conditions.append("status = \(bind: status.rawValue)") }
        if let cursor { conditions.append("id < \(bind: cursor)") }
        let rows = try await context.sql.raw(
            Self.select + TicketStore.whereClause(conditions) + " ORDER BY id DESC LIMIT \(literal: Self.pageSize + 1)"
        ).all()
        var items = try rows.map(Self.email)
        var next: String?
        if items.count > Self.pageSize {
            items.removeLast()
            next = items.last.map { IDCursor(id: $0.id).encoded }
        }
        return OutboxPage(items: items, nextCursor: next)
    }

    /// Makes a message that failed (or is still waiting) due now, with a fresh run of retries. 404 for
    /// an unknown id; nil when it was already sent.
    func retry(id: Int) async throws -> OutboxEmailResponse? {
        let now = context.clock.now()
        return try await context.transaction { sql in
            guard
                let row = try await sql.raw("SELECT status, claimed_until FROM outbox WHERE id = \(bind: id)").first()
            else { throw NotFound(Self.notFound) }
            guard try row.decode(column: "status", as: OutboxStatus.self) != .sent else { return nil }
            if let claim = try row.decode(column: "claimed_until", as: Date?.self), claim > now {
                throw Abort(.conflict, reason: "That email is being sent right now")
            }
            try await sql.raw(
                """
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = \(bind: now),
                                  claimed_until = NULL, last_error = NULL
                WHERE id = \(bind: id)
                """
            ).run()
            return try await sql.raw(Self.select + " WHERE id = \(bind: id)").first().map(Self.email)
        }
    }

    private static let select: SQLQueryString =
        "SELECT id, kind, recipient, subject, ticket_id, status, attempts, last_error, created_at, next_attempt_at, sent_at FROM outbox"

    private static func email(_ row: any SQLRow) throws -> OutboxEmailResponse {
        OutboxEmailResponse(
            id: try row.decode(column: "id", as: Int.self),
            kind: try row.decode(column: "kind", as: String.self),
            to: try row.decode(column: "recipient", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            ticketId: try row.decode(column: "ticket_id", as: Int?.self),
            status: try row.decode(column: "status", as: OutboxStatus.self),
            attempts: try row.decode(column: "attempts", as: Int.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: Date?.self),
            sentAt: try row.decode(column: "sent_at", as: Date?.self))
    }
}
