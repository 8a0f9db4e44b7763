import Foundation
import NIOConcurrencyHelpers
import SQLKit

extension TicketTransaction {
    /// Writes the mail that `event` causes into the outbox, in this transaction: no change without its
    /// mail, no mail for a change that rolled back. `ticket` is the ticket as it is after the change.
    func notify(_ event: TicketMailEvent, about ticket: Ticket) async throws {
        guard let mail else { return }
        let people = try await OutboxStore.recipients(
            [ticket.authorID] + [ticket.assigneeID].compactMap { $0 }, on: sql)
        guard let author = people[ticket.authorID] else { return }
        let assignee = ticket.assigneeID.flatMap { people[$0] }
        let staff = assignee == nil ? try await OutboxStore.staffRecipients(on: sql) : []
        let deliveries = NotificationRules.deliveries(
            for: event, actorID: actor.user?.id, author: author, assignee: assignee, staff: staff)
        let body: String? =
            switch event {
            case .created(let description): description
            case .comment(let text, _): text
            case .assigned, .closed: nil
            }
        for delivery in deliveries {
            let message = mail.composer.ticketMessage(
                delivery.kind, ticketID: ticket.id, title: ticket.title, actorName: actor.user?.username, body: body,
                to: delivery.recipient, isAuthor: delivery.isAuthor, at: now)
            try await OutboxStore.enqueue(
                message, kind: delivery.kind, ticketID: ticket.id, recipientID: delivery.recipient.id, at: now, on: sql)
        }
        if !deliveries.isEmpty { wroteMail.withLockedValue { $0 = true } }
    }
}
