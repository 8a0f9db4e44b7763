import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The one path every change to a ticket takes, whatever asked for it (the web app, the API, mail,
/// a bulk action): one database transaction that writes the change and everything that follows from
/// it, so that nothing is ever half-done. Stores open one with `StoreContext.changeTickets`; a change
/// reads the ticket as it is (`current`, locked against other writers), writes its own rows through
/// `sql`, then says what happened through the methods here, which write the consequences in the same
/// transaction: the history row (`record`), the SLA clock (`advanceSLA`), the counters behind the
/// stats (`count`) and the activity times (`touch`); the event and outbox rows of the features to
/// come join them here.
struct TicketTransaction: Sendable {
    let sql: any SQLDatabase
    let kind: DatabaseKind
    let actor: ChangeActor
    /// One time for the whole change.
    let now: Date
    let slaClocks: SLAClockCache
    /// Nil when mail is off.
    let mail: MailQueue?
    /// Set once this transaction has written mail, so that the worker is woken after the commit.
    let wroteMail = NIOLockedValueBox(false)
    /// Set once it has written an event, so that streams are woken after the commit.
    let wroteEvent = NIOLockedValueBox(false)

    /// The ticket and its SLA columns as they are now; on PostgreSQL the row stays locked until the
    /// transaction ends (SQLite writes one transaction at a time anyway). 404 if it is gone.
    func current(_ id: Int) async throws -> (ticket: Ticket, sla: TicketSLAState) {
        let lock: SQLQueryString = kind == .postgres ? " FOR UPDATE" : ""
        guard
            let row = try await sql.raw(
                "SELECT " + Columns.of(Ticket.CodingKeys.self) + ", " + Columns.of(TicketSLAState.CodingKeys.self)
                    + " FROM tickets WHERE id = \(bind: id)" + lock
            ).first()
        else { throw NotFound(TicketStore.notFound) }
        return (try Ticket(row: row), try TicketSLAState(row: row))
    }

    /// Appends a row to the ticket's history, by this transaction's actor.
    func record(_ ticketID: Int, _ action: String, field: String? = nil, from: String? = nil, to: String? = nil)
        async throws
    {
        try await sql.raw(
            """
            INSERT INTO ticket_history (ticket_id, action, field, from_value, to_value, actor_id, via, created_at)
            VALUES (\(bind: ticketID), \(bind: action), \(bind: field), \(bind: from), \(bind: to),
                    \(bind: actor.user?.id), \(bind: actor.via.rawValue), \(bind: now))
            """
        ).run()
    }

    /// Moves the ticket's SLA clock by `events` (in order) and writes its SLA columns. The configuration
    /// is read here, in the transaction, so a change always uses the one in force.
    @discardableResult
    func advanceSLA(
        _ ticket: Ticket, _ state: TicketSLAState, status: TicketStatus, priority: TicketPriority, _ events: [SLAEvent]
    ) async throws -> TicketSLAState {
        guard !events.isEmpty else { return state }
        let clock = slaClocks.clock(for: try await SLAStore.load(on: sql), at: now)
        var next = state
        for event in events {
            next = clock.apply(
                event, to: next, createdAt: ticket.createdAt, priority: priority, status: status, now: now)
        }
        guard next != state else { return next }
        try await sql.raw(
            """
            UPDATE tickets SET first_responded_at = \(bind: next.firstRespondedAt), resolved_at = \(bind: next.resolvedAt),
                awaiting_customer = \(bind: next.awaitingCustomer), sla_paused_since = \(bind: next.pausedSince),
                sla_paused_minutes = \(bind: next.pausedMinutes), first_response_due_at = \(bind: next.firstResponseDueAt),
                resolution_due_at = \(bind: next.resolutionDueAt), sla_due_at = \(bind: next.dueAt),
                sla_risk_at = \(bind: next.riskAt)
            WHERE id = \(bind: ticket.id)
            """
        ).run()
        return next
    }

    /// Appends the event that live streams send for this change (see `EventStore.append`).
    func emit(_ event: EventKind, about ticket: Ticket, internal: Bool = false, objectID: Int? = nil) async throws {
        try await EventStore.append(
            event, ticketID: ticket.id, ticketAuthorID: ticket.authorID, internal: `internal`, objectID: objectID,
            at: now, database: kind, on: sql)
        wroteEvent.withLockedValue { $0 = true }
    }

    /// Moves the ticket from the counts it was in to the ones it is in now (nil: it did not exist, or
    /// no longer does).
    func count(_ ticket: Ticket, from old: TicketTally?, to new: TicketTally?) async throws {
        guard old != new else { return }
        if let old { try await TicketCounts.add(-1, ticketID: ticket.id, authorID: ticket.authorID, old, on: sql) }
        if let new { try await TicketCounts.add(1, ticketID: ticket.id, authorID: ticket.authorID, new, on: sql) }
    }

    /// Where a ticket counts, with its SLA columns as they are after this change.
    func tally(_ status: TicketStatus, _ priority: TicketPriority, _ sla: TicketSLAState) -> TicketTally {
        TicketTally(status: status, priority: priority, late: status == .closed && sla.dueAt <= now)
    }

    /// Records that `ticket` changed. Every change moves its staff activity time; only a change its
    /// customer can see moves `updated_at`, so an internal note leaves no trace a customer could read.
    /// Each moves forward by at least a millisecond, so that every change shows in it.
    func touch(_ ticket: Ticket, seenByCustomer: Bool) async throws {
        let activityAt = max(now, ticket.activityAt.addingTimeInterval(0.001))
        let updatedAt = seenByCustomer ? max(now, ticket.updatedAt.addingTimeInterval(0.001)) : ticket.updatedAt
        try await sql.raw(
            """
            UPDATE tickets SET updated_at = \(bind: updatedAt), activity_at = \(bind: activityAt)
            WHERE id = \(bind: ticket.id)
            """
        ).run()
    }
}

extension StoreContext {
    /// Opens the transaction that a change to tickets goes through (see `TicketTransaction`).
    func changeTickets<T: Sendable>(
        by actor: ChangeActor, _ body: @escaping @Sendable (TicketTransaction) async throws -> T
    ) async throws -> T {
        let now = clock.now()
        let kind = kind
        let slaClocks = slaClocks
        let mail = mail
        let wroteMail = NIOLockedValueBox(false)
        let wroteEvent = NIOLockedValueBox(false)
        let result = try await transaction { sql in
            let tx = TicketTransaction(sql: sql, kind: kind, actor: actor, now: now, slaClocks: slaClocks, mail: mail)
            let result = try await body(tx)
            if tx.wroteMail.withLockedValue({ $0 }) { wroteMail.withLockedValue { $0 = true } }
            if tx.wroteEvent.withLockedValue({ $0 }) { wroteEvent.withLockedValue { $0 = true } }
            return result
        }
        if let mail, wroteMail.withLockedValue({ $0 }) { await mail.wake.poke() }
        if let events, wroteEvent.withLockedValue({ $0 }) { await events.poke() }
        return result
    }
}
