import Fluent
import SQLKit

/// Mail that came in: one row per message, whatever became of it, so that the same message is never
/// imported twice (its Message-ID, or its hash without one, is unique), senders can be throttled, and
/// staff can read the original of a comment that came by mail.
struct CreateInboundMessage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inbound_messages")
            .field("id", .int, .identifier(auto: true))
            .field("dedupe_key", .string, .required)
            .field("message_id", .string)
            .field("sender", .string, .required)
            .field("subject", .string, .required)
            .field("channel", .string, .required)
            .field("outcome", .string, .required)
            .field("reason", .string)
            .field("ticket_id", .int)
            .field("comment_id", .int)
            .field("raw", .data)
            .field("received_at", .datetime, .required)
            .unique(on: "dedupe_key")
            .create()
        let sql = database.sql
        try await sql.create(index: "inbound_messages_sender_idx").on("inbound_messages")
            .column("sender").column("received_at").run()
        try await sql.create(index: "inbound_messages_comment_idx").on("inbound_messages").column("comment_id").run()
        // Replies name the Message-IDs Helpdesk sent; threading looks them up.
        try await sql.create(index: "outbox_message_id_idx").on("outbox").column("message_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "outbox_message_id_idx").run()
        try await database.schema("inbound_messages").delete()
    }
}
