import Fluent
import JWT
import Vapor

struct AuthController: RouteCollection {
    static let badCredentials = "Invalid email or password"

    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        auth.post("register", use: register)
        auth.post("login", use: login)
        let signedIn = auth.grouped(UserAuthenticator())
        signedIn.get("me", use: me)
        signedIn.post("password", use: changePassword)
    }

    @Sendable func register(req: Request) async throws -> Response {
        let throttle = req.application.loginThrottle
        let addressBucket = LoginThrottle.Bucket.registerAddress(req.clientAddress)
        try await throttle.check([addressBucket])
        let input = try req.decodeBody(RegisterRequest.self)
        try input.validate()
        await throttle.record([addressBucket])

        let email = input.email.lowercased()
        if try await User.query(on: req.db).filter(\.$username == input.username).first() != nil {
            throw Abort(.conflict, reason: "That username is taken")
        }
        if try await User.query(on: req.db).filter(\.$email == email).first() != nil {
            throw Abort(.conflict, reason: "An account with that email already exists")
        }
        let hash = try await req.passwordHasher.hash(input.password)
        let user = User(username: input.username, email: email, passwordHash: hash, role: .customer)
        do {
            try await req.write { try await user.create(on: $0) }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "That username or email was registered a moment ago")
        }
        return try await Self.session(for: user, req).encodeResponse(status: .created, for: req)
    }

    @Sendable func login(req: Request) async throws -> AuthResponse {
        let input = try req.decodeBody(LoginRequest.self)
        let email = input.email.lowercased()
        let throttle = req.application.loginThrottle
        let buckets: [LoginThrottle.Bucket] = [.loginEmail(email), .loginAddress(req.clientAddress)]
        try await throttle.check(buckets)

        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        let matches = try await req.passwordHasher.verify(
            input.password, created: user?.passwordHash ?? req.application.decoyPasswordHash)
        guard let user, matches else {
            await throttle.record(buckets)
            throw Abort(.unauthorized, reason: Self.badCredentials)
        }
        await throttle.reset(.loginEmail(email))
        return try await Self.session(for: user, req)
    }

    @Sendable func me(req: Request) async throws -> UserResponse {
        try req.user.toDTO()
    }

    /// Changes the password and bumps the token version: every token issued before stops working.
    @Sendable func changePassword(req: Request) async throws -> AuthResponse {
        let input = try req.decodeBody(ChangePasswordRequest.self)
        try input.validate()
        let user = try req.user
        guard try await req.passwordHasher.verify(input.currentPassword, created: user.passwordHash) else {
            throw ValidationFailure(fields: ["current_password": "is not your current password"])
        }
        user.passwordHash = try await req.passwordHasher.hash(input.newPassword)
        user.tokenVersion += 1
        try await req.write { try await user.update(on: $0) }
        return try await Self.session(for: user, req)
    }

    static func session(for user: User, _ req: Request) async throws -> AuthResponse {
        let token = try AuthToken(user: user, lifetime: req.application.settings.tokenLifetime)
        return AuthResponse(token: try await req.jwt.sign(token), user: try user.toDTO())
    }
}
