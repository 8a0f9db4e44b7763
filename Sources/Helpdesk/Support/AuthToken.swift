import JWT
import Vapor

/// The claims of a Helpdesk session token (JWT, HS256). It names a session row: the token works while
/// that session exists (see `SessionStore`).
struct AuthToken: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim?
    /// The session's id.
    var sid: String

    init(userID: Int, session: String, issuedAt: Date, expiresAt: Date) {
        sub = SubjectClaim(value: String(userID))
        exp = ExpirationClaim(value: expiresAt)
        iat = IssuedAtClaim(value: issuedAt)
        nbf = nil
        sid = session
    }

    func verify(using _: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
    }

    var userID: Int? { Int(sub.value) }
}
