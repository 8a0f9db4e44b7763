import Foundation
import Vapor

/// A user as the API shows them. Its keys are also the `users` columns, so the stores read rows
/// straight into it.
struct UserResponse: Content {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, username, email, role
        case createdAt = "created_at"
        case emailNotifications = "email_notifications"
    }

    var id: Int
    var username: String
    var email: String
    var role: Role
    var createdAt: Date
    /// Whether Helpdesk mails them about tickets (password resets are sent regardless).
    var emailNotifications: Bool
}

extension UserResponse {
    init(_ user: User) { self = user.profile }
}

struct UserList: Content {
    var items: [UserResponse]
}

struct UserSummary: Content {
    var id: Int
    var username: String
}

extension UserSummary {
    init(_ user: User) {
        self.init(id: user.id, username: user.username)
    }

    /// From a left join: nil when there is nobody (no assignee, a system change, a deleted user).
    init?(id: Int?, username: String?) {
        guard let id, let username else { return nil }
        self.init(id: id, username: username)
    }
}

struct UpdateUserRoleRequest: Content, ValidatedRequest {
    var role: String

    func validated() throws -> RoleChange {
        guard let role = Role(rawValue: role) else {
            throw ValidationFailure(fields: ["role": "must be one of customer, agent, admin"])
        }
        return RoleChange(role: role)
    }
}

/// A checked role change.
struct RoleChange: Sendable {
    var role: Role
}
