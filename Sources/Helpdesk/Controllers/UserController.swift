import Fluent
import SQLKit
import Vapor

struct UserController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: index)
        users.patch(":id", use: updateRole)
    }

    @Sendable func index(req: Request) async throws -> UserList {
        var role: Role?
        if let raw = try req.query.get(String?.self, at: "role"), !raw.isEmpty {
            guard let value = Role(rawValue: raw) else {
                throw Abort(.badRequest, reason: "role must be one of customer, agent, admin")
            }
            role = value
        }
        try req.policy.authorizeUserList(role: role)
        var query = User.query(on: req.db).sort(\.$id)
        if let role { query = query.filter(\.$role == role) }
        return UserList(items: try await query.all().map { try $0.toDTO() })
    }

    @Sendable func updateRole(req: Request) async throws -> UserResponse {
        try req.policy.authorizeRoleChange()
        let id = try req.idParameter(notFound: "User not found")
        let role = try req.decodeBody(UpdateUserRoleRequest.self).validated()
        guard let user = try await User.find(id, on: req.db) else {
            throw Abort(.notFound, reason: "User not found")
        }
        if user.role == role { return try user.toDTO() }

        // One conditional statement, so that two admins demoting each other at once cannot both succeed.
        try await req.write { db in
            try await db.sql.raw(
                """
                UPDATE users SET role = \(bind: role.rawValue)
                WHERE id = \(bind: id)
                  AND (role <> 'admin' OR (SELECT COUNT(*) FROM users WHERE role = 'admin') > 1)
                """
            ).run()
        }
        guard let updated = try await User.find(id, on: req.db), updated.role == role else {
            throw Abort(.conflict, reason: "This is the last admin: promote someone else to admin first")
        }
        return try updated.toDTO()
    }
}
