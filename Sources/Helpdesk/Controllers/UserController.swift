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
        return UserList(items: try await req.users.list(role: role).map(UserResponse.init))
    }

    @Sendable func updateRole(req: Request) async throws -> UserResponse {
        try req.policy.authorizeRoleChange()
        let id = try req.idParameter(notFound: UserStore.notFound)
        let change = try req.decodeValid(UpdateUserRoleRequest.self)
        guard let user = try await req.users.find(id: id) else {
            throw NotFound(UserStore.notFound)
        }
        if user.role == change.role { return UserResponse(user) }
        guard let updated = try await req.users.changeRole(of: user, to: change.role, by: try req.actor) else {
            throw Abort(.conflict, reason: "This is the last admin: promote someone else to admin first")
        }
        return UserResponse(updated)
    }
}
