import Foundation
import Vapor

/// A user as the API shows them. Its keys are also the `users` columns, so the stores read rows
/// straight into it.
struct UserResponse: Content {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, username, email, role
        case createdAt = "created_at"
        case emailNotifications = "email_notifications"
        case active
    }

    var id: Int
    var username: String
    var email: String
    var role: Role
    var createdAt: Date
    /// Whether Helpdesk mails them about tickets (password resets are sent regardless).
    var emailNotifications: Bool
    /// A deactivated account cannot sign in, is not mailed and cannot be assigned.
    var active: Bool
}

extension UserResponse {
    init(_ user: User) { self = user.profile }
}

struct UserList: Content {
    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    var items: [UserResponse]
    @Nullable var nextCursor: String?
}

/// `PATCH /api/users/{id}`: a new role, and/or active or not.
struct UpdateUserRequest: Content, ValidatedRequest {
    var role: String?
    var active: Bool?

    func validated() throws -> UserChange {
        var role: Role?
        if let raw = self.role {
            guard let value = Role(rawValue: raw) else {
                throw ValidationFailure(fields: ["role": "must be one of customer, agent, admin"])
            }
            role = value
        }
        guard role != nil || active != nil else {
            throw ValidationFailure(fields: ["role": "send a role, active, or both"])
        }
        return UserChange(role: role, active: active)
    }
}

struct UserChange: Sendable {
    var role: Role?
    var active: Bool?
}

/// `POST /api/users` (admins): a new account; without a password its owner gets a mail to set one.
struct CreateUserRequest: Content, ValidatedRequest {
    var username: String
    var email: String
    var role: String
    var password: String?

    func validated() throws -> (account: NewAccount, role: Role, sendPasswordMail: Bool) {
        var errors = FieldErrors()
        errors.check(
            (3...32).contains(username.unicodeScalars.count)
                && username.unicodeScalars.allSatisfy(RegisterRequest.usernameCharacters.contains),
            "username", "must be 3-32 characters of letters, digits, '_', '.' or '-'")
        errors.check(EmailAddress.isPlausible(email), "email", "must be a valid email address")
        let role = Role(rawValue: role)
        errors.check(role != nil, "role", "must be one of customer, agent, admin")
        if let password { errors.check(PasswordRules.isAcceptable(password), "password", PasswordRules.message) }
        try errors.throwIfAny()
        return (
            NewAccount(username: username, email: email.lowercased(), password: password ?? ""), role ?? .customer,
            password == nil
        )
    }
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
