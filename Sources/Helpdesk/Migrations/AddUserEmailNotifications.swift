import Fluent
import SQLKit

/// Users choose whether Helpdesk mails them about tickets (password resets are sent regardless).
struct AddUserEmailNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .field("email_notifications", .bool, .required, .sql(.default(true)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("email_notifications").update()
    }
}
