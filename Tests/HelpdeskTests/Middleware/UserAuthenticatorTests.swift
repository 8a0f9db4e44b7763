import Crypto
import Foundation
import JWT
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Tokens")
struct UserAuthenticatorTests {
    struct ForgedClaims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        var sid: String
        var iat = IssuedAtClaim(value: Date())

        func verify(using _: some JWTAlgorithm) async throws {}
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("Missing, malformed, tampered, unsigned, expired, not-yet-valid and foreign tokens are all 401")
    func badTokensAre401() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser()
            let id = String(user.id)
            let parts = user.token.split(separator: ".").map(String.init)
            let sid = try await app.jwt.keys.verify(user.token, as: AuthToken.self).sid

            let unsignedHeader = Self.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
            let adminClaims = Self.base64URL(
                Data(#"{"sub":"\#(id)","exp":\#(Int(Date().timeIntervalSince1970) + 3600),"sid":"\#(sid)"}"#.utf8))
            let otherKeys = JWTKeyCollection()
            await otherKeys.add(hmac: HMACKey(from: String(repeating: "x", count: 40)), digestAlgorithm: .sha256)
            let hs512 = JWTKeyCollection()
            await hs512.add(hmac: HMACKey(from: app.settings.jwtSecret), digestAlgorithm: .sha512)
            let live = ForgedClaims(sub: .init(value: id), exp: .init(value: .distantFuture), sid: sid)

            // Correctly signed with HS256, but the header claims another algorithm.
            let goodParts = try await app.jwt.keys.sign(live).split(separator: ".").map(String.init)
            let signingInput = { (alg: String) in
                Self.base64URL(Data(#"{"alg":"\#(alg)","typ":"JWT"}"#.utf8)) + "." + goodParts[1]
            }
            let hmac = { (input: String) in
                Self.base64URL(
                    Data(
                        HMAC<SHA256>.authenticationCode(
                            for: Data(input.utf8), using: SymmetricKey(data: Data(app.settings.jwtSecret.utf8)))))
            }
            let relabelled = ["RS256", "HS512", "none", "ES256"].map { alg in
                ("HS256 signature labelled \(alg)", "Bearer \(signingInput(alg)).\(hmac(signingInput(alg)))")
            }
            let candidates: [(String, String?)] =
                relabelled + [
                    ("no header", nil),
                    ("garbage", "Bearer not-a-token"),
                    ("empty bearer", "Bearer "),
                    ("basic scheme", "Basic dXNlcjpwYXNz"),
                    ("tampered payload", "Bearer \(parts[0]).\(adminClaims).\(parts[2])"),
                    ("alg none", "Bearer \(unsignedHeader).\(adminClaims)."),
                    ("wrong key", "Bearer \(try await otherKeys.sign(live))"),
                    ("other algorithm", "Bearer \(try await hs512.sign(live))"),
                    (
                        "expired",
                        "Bearer \(try await app.jwt.keys.sign(ForgedClaims(sub: .init(value: id), exp: .init(value: Date(timeIntervalSinceNow: -60)), sid: sid)))"
                    ),
                    (
                        "not yet valid",
                        "Bearer \(try await app.jwt.keys.sign(ForgedClaims(sub: .init(value: id), exp: .init(value: .distantFuture), nbf: .init(value: Date(timeIntervalSinceNow: 3600)), sid: sid)))"
                    ),
                    (
                        "unknown user",
                        "Bearer \(try await app.jwt.keys.sign(ForgedClaims(sub: .init(value: "987654"), exp: .init(value: .distantFuture), sid: sid)))"
                    ),
                    (
                        "unknown session",
                        "Bearer \(try await app.jwt.keys.sign(ForgedClaims(sub: .init(value: id), exp: .init(value: .distantFuture), sid: "no-such-session")))"
                    ),
                ]
            for (name, header) in candidates {
                var headers = HTTPHeaders()
                if let header { headers.add(name: .authorization, value: header) }
                let res = try await app.send(.GET, "/api/auth/me", headers: headers)
                #expect(res.status == .unauthorized, "\(name)")
                #expect(res.reason?.isEmpty == false, "\(name)")
            }
            // The same claims signed with the server's key are accepted: the checks above are not vacuous.
            let good = try await app.jwt.keys.sign(live)
            #expect(
                try await app.send(.GET, "/api/auth/me", headers: ["Authorization": "Bearer \(good)"]).status == .ok)
        }
    }

    @Test("Authentication is checked before existence: 401, not 404, for an unknown ticket")
    func unauthorizedBeforeNotFound() async throws {
        try await withTestApp { (app: Application) async throws in
            for path in ["/api/tickets/999999", "/api/tickets/999999/comments", "/api/images/999999", "/api/users"] {
                #expect(try await app.send(.GET, path).status == .unauthorized, "\(path)")
            }
            #expect(try await app.send(.DELETE, "/api/tickets/999999").status == .unauthorized)
        }
    }
}
