import Crypto
import Foundation
import SQLKit

/// A message as it is recorded once imported: what makes importing it again a no-op.
struct InboundRecord: Sendable {
    var dedupeKey: String
    var messageID: String?
    var sender: String
    var subject: String
    var channel: MailChannel
    var raw: [UInt8]

    /// The Message-ID when there is one, else a hash of the whole message.
    static func dedupeKey(messageID: String?, raw: [UInt8]) -> String {
        if let messageID, !messageID.isEmpty { return "id:" + messageID.lowercased() }
        return "sha256:" + Hex.lowercase(SHA256.hash(data: raw))
    }
}

/// What an imported message adds to the change it causes: its screenshots, and its record.
struct ImportedMail: Sendable {
    var record: InboundRecord
    var images: [NewImage]
}

/// Mail that came in (see `CreateInboundMessage`).
struct InboundStore: Sendable {
    let context: StoreContext

    /// What became of a message already seen, if it was.
    func previous(_ dedupeKey: String) async throws -> ImportOutcome? {
        guard
            let row = try await context.sql.raw(
                "SELECT outcome, reason, ticket_id, comment_id FROM inbound_messages WHERE dedupe_key = \(bind: dedupeKey)"
            ).first()
        else { return nil }
        return ImportOutcome(
            ticketID: try row.decode(column: "ticket_id", as: Int?.self),
            commentID: try row.decode(column: "comment_id", as: Int?.self), created: false,
            ignored: "already imported")
    }

    /// How many messages `sender` sent since `since`.
    func count(from sender: String, since: Date) async throws -> Int {
        try await context.sql.raw(
            """
            SELECT COUNT(*) AS n FROM inbound_messages
            WHERE sender = \(bind: sender) AND received_at > \(bind: since)
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The ticket a message Helpdesk sent was about, for the first of `messageIDs` that is one.
    func ticketID(sentAs messageIDs: [String]) async throws -> Int? {
        guard !messageIDs.isEmpty else { return nil }
        let list = SQLList(messageIDs.prefix(50).map { SQLBind($0) })
        return try await context.sql.raw(
            "SELECT ticket_id FROM outbox WHERE message_id IN (\(list)) AND ticket_id IS NOT NULL LIMIT 1"
        ).first()?.decode(column: "ticket_id", as: Int?.self)
    }

    /// Records a message that was deliberately not imported (it still counts against its sender).
    func recordIgnored(_ record: InboundRecord, reason: String) async throws {
        let now = context.clock.now()
        try await context.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO inbound_messages (dedupe_key, message_id, sender, subject, channel, outcome, reason, received_at)
                VALUES (\(bind: record.dedupeKey), \(bind: record.messageID), \(bind: record.sender),
                        \(bind: record.subject), \(bind: record.channel.rawValue), 'ignored', \(bind: reason), \(bind: now))
                ON CONFLICT (dedupe_key) DO NOTHING
                """
            ).run()
        }
    }

    /// The original message of a comment that came by mail.
    func source(ofComment commentID: Int) async throws -> [UInt8]? {
        try await context.sql.raw(
            "SELECT raw FROM inbound_messages WHERE comment_id = \(bind: commentID) AND raw IS NOT NULL"
        ).first().map { Array(try $0.decode(column: "raw", as: Data.self)) }
    }

    /// Inside the transaction of the ticket or comment the message became.
    static func record(_ mail: ImportedMail, ticketID: Int, commentID: Int?, at now: Date, on sql: any SQLDatabase)
        async throws
    {
        let record = mail.record
        try await sql.raw(
            """
            INSERT INTO inbound_messages (dedupe_key, message_id, sender, subject, channel, outcome, ticket_id,
                                          comment_id, raw, received_at)
            VALUES (\(bind: record.dedupeKey), \(bind: record.messageID), \(bind: record.sender),
                    \(bind: record.subject), \(bind: record.channel.rawValue),
                    \(bind: commentID == nil ? "ticket" : "comment"), \(bind: ticketID), \(bind: commentID),
                    \(bind: Data(record.raw)), \(bind: now))
            """
        ).run()
        for image in mail.images {
            try await ImageStore.insert(image, ticketID: ticketID, commentID: commentID, at: now, on: sql)
        }
    }
}
