import JWT
import Vapor

/// Requires a valid bearer token whose session is open, and loads its user afresh from the database
/// in the same query, so that the role used for every decision is the current one and signing out
/// applies to the very next request.
struct UserAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else {
            throw Abort(.unauthorized, reason: "Sign in first: this needs an Authorization: Bearer token")
        }
        let token: AuthToken
        do {
            guard TokenHeader.algorithm(of: bearer.token) == "HS256" else { throw Abort(.unauthorized) }
            token = try await request.jwt.verify(bearer.token, as: AuthToken.self)
        } catch {
            throw Abort(.unauthorized, reason: "The token is invalid or has expired; sign in again")
        }
        guard let id = token.userID, let user = try await request.sessions.user(session: token.sid, userID: id) else {
            throw Abort(.unauthorized, reason: "The token is no longer valid; sign in again")
        }
        guard user.profile.active else {
            throw Abort(.unauthorized, reason: UserStore.deactivated)
        }
        request.auth.login(SignedIn(user: user, sessionID: token.sid))
        return try await next.respond(to: request)
    }
}

/// Who is signed in on this request, and through which session.
struct SignedIn: Authenticatable {
    var user: User
    var sessionID: String
}

extension Request {
    /// The signed-in user; routes behind `UserAuthenticator` always have one.
    var user: User {
        get throws { try signedIn.user }
    }

    var sessionID: String {
        get throws { try signedIn.sessionID }
    }

    private var signedIn: SignedIn {
        get throws {
            guard let signedIn = auth.get(SignedIn.self) else {
                throw Abort(.unauthorized, reason: "Sign in first")
            }
            return signedIn
        }
    }
}

/// jwt-kit picks the key from the collection without holding the token's declared algorithm to it,
/// so the header is checked here: Helpdesk issues HS256 and accepts nothing else.
enum TokenHeader {
    struct Header: Decodable {
        var alg: String?
    }

    static func algorithm(of token: String) -> String? {
        guard let encoded = token.split(separator: ".", omittingEmptySubsequences: false).first else { return nil }
        guard let data = Data(base64URLEncoded: encoded) else { return nil }
        return (try? JSONDecoder().decode(Header.self, from: data))?.alg
    }
}
