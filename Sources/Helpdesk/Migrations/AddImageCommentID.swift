import Fluent
import SQLKit

/// A screenshot can belong to a reply (it still belongs to the ticket); one attached to an internal
/// note is shown to staff only.
struct AddImageCommentID: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ticket_images").field("comment_id", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ticket_images").deleteField("comment_id").update()
    }
}
