import Fluent
import SQLKit

/// What the IMAP poller did with each message of a mailbox it polls, so that a restart never imports a
/// message twice and a message that keeps failing is set aside. A UID names a message only together with
/// its mailbox (recorded with its account: `user@host/INBOX`) and the mailbox's UIDVALIDITY.
struct CreateIMAPState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("imap_messages")
            .field("id", .int, .identifier(auto: true))
            .field("mailbox", .string, .required)
            .field("uid_validity", .int64, .required)
            .field("uid", .int64, .required)
            .field("status", .string, .required, .oneOf("status", IMAPMessageStatus.self))
            .field("failures", .int, .required)
            .field("last_error", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "mailbox", "uid_validity", "uid")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("imap_messages").delete()
    }
}
