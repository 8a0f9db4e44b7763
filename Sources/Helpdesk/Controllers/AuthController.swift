import JWT
import Vapor

struct AuthController: RouteCollection {
    static let badCredentials = "Invalid email or password"

    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        auth.post("register", use: register)
        auth.post("login", use: login)
        auth.post("password-reset", use: requestPasswordReset)
        auth.post("password-reset", "confirm", use: confirmPasswordReset)
        let signedIn = auth.grouped(UserAuthenticator())
        signedIn.get("me", use: me)
        signedIn.patch("me", use: updateMe)
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
        // Said only to someone who knows the password.
        guard user.profile.active else { throw Abort(.unauthorized, reason: UserStore.deactivated) }
        await throttle.release(attempt)
        await throttle.reset(.loginEmail(email))
        return try await Self.session(for: user, req)
    }

    @Sendable func me(req: Request) async throws -> UserResponse {
        UserResponse(try req.user)
    }

    /// The signed-in user's own settings (for now, whether they get mail).
    @Sendable func updateMe(req: Request) async throws -> UserResponse {
        let input = try req.decodeBody(PatchMeRequest.self)
        var user = try req.user
        if let choice = input.emailNotifications {
            user = try await req.users.setEmailNotifications(of: user, to: choice)
        }
        return UserResponse(user)
    }

    static let resetAccepted = "If that address has an account, we sent a link to it."

    /// Mails a reset link if the address has an account. The answer is the same either way, so that it
    /// tells nobody which addresses have accounts; requests are throttled per address and per email.
    @Sendable func requestPasswordReset(req: Request) async throws -> Response {
        let input = try req.decodeBody(PasswordResetRequest.self)
        let email = input.email.lowercased()
        guard EmailAddress.isPlausible(email) else {
            throw ValidationFailure(fields: ["email": "must be a valid email address"])
        }
        _ = try await req.application.services.loginThrottle.reserve([
            .resetEmail(email), .resetAddress(req.clientAddress),
        ])
        if let user = try await req.users.find(email: email), user.profile.active {
            try await req.passwordResets.issue(for: user)
        }
        return try await PasswordResetAccepted(status: Self.resetAccepted).encodeResponse(status: .accepted, for: req)
    }

    /// Sets a new password with a mailed token and signs in; every earlier session ends.
    @Sendable func confirmPasswordReset(req: Request) async throws -> AuthResponse {
        let input = try req.decodeValid(PasswordResetConfirmRequest.self)
        _ = try await req.application.services.loginThrottle.reserve([.resetAddress(req.clientAddress)])
        guard input.token.utf8.count <= 128, try await req.passwordResets.isUsable(input.token) else {
            throw Abort(.badRequest, reason: PasswordResetStore.invalid)
        }
        let hash = try await req.passwordHasher.hash(input.password)
        let expiry = Self.expiry(req)
        let (user, session) = try await req.passwordResets.redeem(input.token, passwordHash: hash, sessionUntil: expiry)
        return try await Self.token(for: user, session: session, expiry: expiry, req)
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
