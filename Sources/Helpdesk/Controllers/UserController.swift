import Vapor

struct UserController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: index)
        users.post(use: create)
        users.patch(":id", use: update)
    }

    /// A page of accounts (`role=`, `q=` on username and email, `cursor=`).
    @Sendable func index(req: Request) async throws -> UserList {
        var role: Role?
        if let raw = try req.query.get(String?.self, at: "role"), !raw.isEmpty {
            guard let value = Role(rawValue: raw) else {
                throw Abort(.badRequest, reason: "role must be one of customer, agent, admin")
            }
            role = value
        }
        try req.policy.authorizeUserList(role: role)
        let query = try req.query.get(String?.self, at: "q")?.trimmingCharacters(in: .whitespaces)
        guard (query?.count ?? 0) <= 254 else { throw Abort(.badRequest, reason: "q must be at most 254 characters") }
        var after: Int?
        if let raw = try req.query.get(String?.self, at: "cursor"), !raw.isEmpty {
            guard let cursor = IDCursor(encoded: raw) else {
                throw Abort(.badRequest, reason: "cursor is not one this server gave out")
            }
            after = cursor.id
        }
        let (users, next) = try await req.users.page(role: role, query: query, after: after)
        return UserList(items: users.map(UserResponse.init), nextCursor: next.map { IDCursor(id: $0).encoded })
    }

    /// Admins add accounts; without a password the new user gets a mail to set one.
    @Sendable func create(req: Request) async throws -> Response {
        try req.policy.authorizeUserAdmin()
        let (account, role, sendPasswordMail) = try req.decodeValid(CreateUserRequest.self)
        let password = sendPasswordMail ? Data([UInt8].random(count: 32)).base64EncodedString() : account.password
        let hash = try await req.passwordHasher.hash(password)
        let user = try await req.users.create(account, passwordHash: hash, role: role)
        if sendPasswordMail { try await req.passwordResets.issue(for: user) }
        return try await UserResponse(user).encodeResponse(status: .created, for: req)
    }

    /// A new role and/or deactivation (admins). The last active admin can be neither demoted nor
    /// deactivated (409).
    @Sendable func update(req: Request) async throws -> UserResponse {
        try req.policy.authorizeRoleChange()
        let id = try req.idParameter(notFound: UserStore.notFound)
        let change = try req.decodeValid(UpdateUserRequest.self)
        guard var user = try await req.users.find(id: id) else {
            throw NotFound(UserStore.notFound)
        }
        if let role = change.role, role != user.role {
            guard let updated = try await req.users.changeRole(of: user, to: role, by: try req.actor) else {
                throw Abort(.conflict, reason: "This is the last active admin: make someone else an admin first")
            }
            user = updated
        }
        if let active = change.active, active != user.profile.active {
            guard let updated = try await req.users.setActive(user, to: active, by: try req.actor) else {
                throw Abort(.conflict, reason: "This is the last active admin: they cannot be deactivated")
            }
            user = updated
        }
        return UserResponse(user)
    }
}
