import Fluent
import SQLKit

/// Admins can deactivate an account: it keeps its tickets and comments but cannot sign in, is not
/// mailed and cannot be assigned.
struct AddUserActive: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("active", .bool, .required, .sql(.default(true))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("active").update()
    }
}
