import Foundation
import SQLKit

/// A ticket's history, oldest first. The rows are written only by `TicketTransaction.record`.
struct HistoryStore: Sendable {
    let context: StoreContext

    func list(on ticket: Ticket) async throws -> [HistoryEntryResponse] {
        try await context.sql.raw(
            """
            SELECT h.id, h.action, h.field, h.from_value, h.to_value, h.actor_id, u.username, h.via, h.created_at
            FROM ticket_history h LEFT JOIN users u ON u.id = h.actor_id
            WHERE h.ticket_id = \(bind: ticket.id) ORDER BY h.id
            """
        ).all().map { row in
            let actorID = try row.decode(column: "actor_id", as: Int?.self)
            let actorName = try row.decode(column: "username", as: String?.self)
            return HistoryEntryResponse(
                id: try row.decode(column: "id", as: Int.self),
                action: try row.decode(column: "action", as: String.self),
                field: try row.decode(column: "field", as: String?.self),
                from: try row.decode(column: "from_value", as: String?.self),
                to: try row.decode(column: "to_value", as: String?.self),
                actor: UserSummary(id: actorID, username: actorName),
                via: try row.decode(column: "via", as: String.self),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }
}
