import Fluent
import SQLKit

/// Tickets remember their last comment (any, and public) and when their customer last opened them, for
/// "last reply by …" in lists and the customers' "new reply" marker; and the activity order gets its
/// indexes (staff sort by `activity_at`, customers by `updated_at`, each walked by keyset).
struct AddTicketReplyColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        for (column, type) in [
            ("last_reply_at", DatabaseSchema.DataType.datetime), ("last_reply_by", .int),
            ("last_public_reply_at", .datetime), ("last_public_reply_by", .int), ("customer_seen_at", .datetime),
        ] {
            try await database.schema(Ticket.schema).field(FieldKey(stringLiteral: column), type).update()
        }
        let sql = database.sql
        try await sql.raw(
            """
            UPDATE tickets SET
              last_reply_at = (SELECT c.created_at FROM comments c WHERE c.ticket_id = tickets.id
                               ORDER BY c.created_at DESC, c.id DESC LIMIT 1),
              last_reply_by = (SELECT c.author_id FROM comments c WHERE c.ticket_id = tickets.id
                               ORDER BY c.created_at DESC, c.id DESC LIMIT 1),
              last_public_reply_at = (SELECT c.created_at FROM comments c WHERE c.ticket_id = tickets.id
                                      AND c.internal = \(bind: false) ORDER BY c.created_at DESC, c.id DESC LIMIT 1),
              last_public_reply_by = (SELECT c.author_id FROM comments c WHERE c.ticket_id = tickets.id
                                      AND c.internal = \(bind: false) ORDER BY c.created_at DESC, c.id DESC LIMIT 1)
            """
        ).run()
        try await sql.create(index: "tickets_activity_idx").on(Ticket.schema).column("activity_at").column("id").run()
        try await sql.create(index: "tickets_status_activity_idx").on(Ticket.schema)
            .column("status").column("activity_at").column("id").run()
        try await sql.create(index: "tickets_author_updated_idx").on(Ticket.schema)
            .column("author_id").column("updated_at").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in ["tickets_activity_idx", "tickets_status_activity_idx", "tickets_author_updated_idx"] {
            try await sql.drop(index: index).run()
        }
        for column in TicketReplies.CodingKeys.allCases {
            try await database.schema(Ticket.schema).deleteField(FieldKey(stringLiteral: column.rawValue)).update()
        }
    }
}
