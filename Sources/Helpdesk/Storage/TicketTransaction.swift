import Foundation
import SQLKit

/// The one path every change to a ticket takes, whatever asked for it (the web app, the API, mail,
/// a bulk action): one database transaction that writes the change and everything that follows from
/// it, so that nothing is ever half-done. Stores open one with `StoreContext.changeTickets`; a change
/// writes its own rows through `sql`, then says what happened through the methods here, which write
/// the consequences in the same transaction (today the ticket's activity times; the history, event,
/// outbox and counter rows join them here).
struct TicketTransaction: Sendable {
    let sql: any SQLDatabase
    let kind: DatabaseKind
    let actor: ChangeActor
    /// One time for the whole change.
    let now: Date

    /// Records that `ticket` changed. Every change moves its staff activity time; only a change its
    /// customer can see moves `updated_at`, so an internal note leaves no trace a customer could read.
    /// Each moves forward by at least a millisecond, so that every change shows in it.
    @discardableResult
    func touch(_ ticket: Ticket, seenByCustomer: Bool) async throws -> Ticket {
        var touched = ticket
        touched.activityAt = max(now, ticket.activityAt.addingTimeInterval(0.001))
        if seenByCustomer {
            touched.updatedAt = max(now, ticket.updatedAt.addingTimeInterval(0.001))
        }
        try await sql.raw(
            """
            UPDATE tickets SET updated_at = \(bind: touched.updatedAt), activity_at = \(bind: touched.activityAt)
            WHERE id = \(bind: ticket.id)
            """
        ).run()
        return touched
    }
}

extension StoreContext {
    /// Opens the transaction that a change to tickets goes through (see `TicketTransaction`).
    func changeTickets<T: Sendable>(
        by actor: ChangeActor, _ body: @escaping @Sendable (TicketTransaction) async throws -> T
    ) async throws -> T {
        let now = clock.now()
        let kind = kind
        return try await transaction { sql in
            try await body(TicketTransaction(sql: sql, kind: kind, actor: actor, now: now))
        }
    }
}
