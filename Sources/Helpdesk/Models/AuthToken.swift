import JWT
import Vapor

/// The claims of a Helpdesk session token (JWT, HS256).
struct AuthToken: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim?
    /// The user's `token_version` when this token was issued.
    var ver: Int

    init(user: User, lifetime: TimeInterval) throws {
        let now = Date()
        sub = SubjectClaim(value: String(try user.requireID()))
        exp = ExpirationClaim(value: now.addingTimeInterval(lifetime))
        iat = IssuedAtClaim(value: now)
        nbf = nil
        ver = user.tokenVersion
    }

    func verify(using _: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
    }

    var userID: Int? { Int(sub.value) }
}
