import Foundation
import Vapor

struct UserResponse: Content {
    enum CodingKeys: String, CodingKey {
        case id, username, email, role
        case createdAt = "created_at"
    }

    var id: Int
    var username: String
    var email: String
    var role: Role
    var createdAt: Date
}

struct UserList: Content {
    var items: [UserResponse]
}

struct UpdateUserRoleRequest: Content {
    var role: String

    func validated() throws -> Role {
        guard let role = Role(rawValue: role) else {
            throw ValidationFailure(fields: ["role": "must be one of customer, agent, admin"])
        }
        return role
    }
}

extension User {
    func toDTO() throws -> UserResponse {
        UserResponse(id: try requireID(), username: username, email: email, role: role, createdAt: createdAt)
    }
}
