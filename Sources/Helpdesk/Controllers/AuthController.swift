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
        signedIn.post("logout", use: logout)
        signedIn.post("logout-all", use: logoutEverywhere)
    }

    @Sendable func register(req: Request) async throws -> Response {
        let throttle = req.application.services.loginThrottle
        let input = try req.decodeValid(RegisterRequest.self)
        _ = try await throttle.reserve([.registerAddress(req.clientAddress)])
        let hash = try await req.passwordHasher.hash(input.password)
        let user = try await req.users.create(input, passwordHash: hash, role: .customer)
        return try await Self.session(for: user, req).encodeResponse(status: .created, for: req)
    }

    /// The attempt is counted before the password is checked, and given back only if it was right.
    @Sendable func login(req: Request) async throws -> AuthResponse {
        let input = try req.decodeBody(LoginRequest.self)
        let email = input.email.lowercased()
        let throttle = req.application.services.loginThrottle
        let attempt = try await throttle.reserve([.loginEmail(email), .loginAddress(req.clientAddress)])

        let user = try await req.users.find(email: email)
        let matches = try await req.passwordHasher.verify(
            input.password, created: user?.passwordHash ?? req.application.services.decoyPasswordHash)
        guard let user, matches else {
            throw Abort(.unauthorized, reason: Self.badCredentials)
        }
        await throttle.release(attempt)
        await throttle.reset(.loginEmail(email))
        return try await Self.session(for: user, req)
    }

    @Sendable func me(req: Request) async throws -> UserResponse {
        UserResponse(try req.user)
    }

    /// Changes the password and ends every session: every token issued before stops working. Wrong
    /// current passwords are throttled like sign-ins, so a stolen token cannot guess its way to one.
    @Sendable func changePassword(req: Request) async throws -> AuthResponse {
        let input = try req.decodeValid(ChangePasswordRequest.self)
        let user = try req.user
        let throttle = req.application.services.loginThrottle
        let attempt = try await throttle.reserve([.passwordCheck(userID: user.id)])
        guard try await req.passwordHasher.verify(input.currentPassword, created: user.passwordHash) else {
            throw ValidationFailure(fields: ["current_password": "is not your current password"])
        }
        await throttle.release(attempt)
        let hash = try await req.passwordHasher.hash(input.newPassword)
        let expiry = Self.expiry(req)
        let session = try await req.sessions.changePassword(of: user, to: hash, newSessionUntil: expiry)
        return try await Self.token(for: user, session: session, expiry: expiry, req)
    }

    /// Ends this token's session.
    @Sendable func logout(req: Request) async throws -> HTTPStatus {
        try await req.sessions.close(try req.sessionID)
        return .noContent
    }

    /// Ends every session of the signed-in user, on every device.
    @Sendable func logoutEverywhere(req: Request) async throws -> HTTPStatus {
        try await req.sessions.closeAll(of: try req.user.id)
        return .noContent
    }

    static func session(for user: User, _ req: Request) async throws -> AuthResponse {
        let expiry = expiry(req)
        let session = try await req.sessions.open(for: user, until: expiry)
        return try await token(for: user, session: session, expiry: expiry, req)
    }

    private static func expiry(_ req: Request) -> Date {
        req.application.services.clock.now().addingTimeInterval(req.application.settings.tokenLifetime)
    }

    private static func token(for user: User, session: String, expiry: Date, _ req: Request) async throws
        -> AuthResponse
    {
        let token = AuthToken(userID: user.id, session: session, issuedAt: Date(), expiresAt: expiry)
        return AuthResponse(token: try await req.jwt.sign(token), user: UserResponse(user))
    }
}
