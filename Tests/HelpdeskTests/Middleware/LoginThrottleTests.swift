import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(_ seconds: TimeInterval) {
        lock.lock()
        current += seconds
        lock.unlock()
    }
}

@Suite("Login throttling")
struct LoginThrottleTests {
    static let settings = ThrottleSettings(enabled: true, window: 900, maxFailedLogins: 10, maxRegistrations: 3)

    @Test("Ten failed logins lock the account and the address for the window, with Retry-After")
    func throttlesFailedLogins() async throws {
        try await withTestApp(throttle: Self.settings) { app in
            let clock = ManualClock()
            app.services.loginThrottle = LoginThrottle(settings: Self.settings, now: { clock.now() })
            let user = try await app.makeUser(password: "the password")
            func login(_ password: String) async throws -> TestingHTTPResponse {
                try await app.send(
                    .POST, "/api/auth/login", json: LoginRequest(email: user.user.email, password: password))
            }
            for _ in 0..<10 { #expect(try await login("wrong").status == .unauthorized) }

            let blocked = try await login("the password")
            #expect(blocked.status == .tooManyRequests)
            let retryAfter = try #require(blocked.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(retryAfter == 900)

            clock.advance(899)
            #expect(try await login("the password").status == .tooManyRequests)
            clock.advance(2)
            #expect(try await login("the password").status == .ok)
        }
    }

    @Test("A success clears the email's count but not the address's")
    func successResetsEmailOnly() async throws {
        let clock = ManualClock()
        let throttle = LoginThrottle(settings: Self.settings, now: { clock.now() })
        let email = LoginThrottle.Bucket.loginEmail("a@example.com")
        let address = LoginThrottle.Bucket.loginAddress("10.0.0.1")
        let otherAddress = LoginThrottle.Bucket.loginAddress("10.0.0.2")
        for _ in 0..<9 { _ = try await throttle.reserve([email, address]) }
        await throttle.reset(email)
        for _ in 0..<8 { _ = try await throttle.reserve([email, otherAddress]) }
        // The email has 8 failures since its success: a ninth, from a fresh address, is allowed.
        _ = try await throttle.reserve([email, .loginAddress("10.0.0.3")])
        // The first address reaches its limit with one more failure.
        _ = try await throttle.reserve([address])
        await #expect(throws: TooManyAttempts.self) { try await throttle.reserve([address]) }
        _ = try await throttle.reserve([email])
        await #expect(throws: TooManyAttempts.self) { try await throttle.reserve([email]) }
        clock.advance(901)
        _ = try await throttle.reserve([email, address])
    }

    @Test("Registrations from one address are limited too")
    func throttlesRegistration() async throws {
        try await withTestApp(throttle: Self.settings) { app in
            for index in 0..<3 {
                let res = try await app.send(
                    .POST, "/api/auth/register",
                    json: RegisterRequest(
                        username: "user\(index)", email: "u\(index)@example.com", password: "password1"))
                #expect(res.status == .created)
            }
            let res = try await app.send(
                .POST, "/api/auth/register",
                json: RegisterRequest(username: "user9", email: "u9@example.com", password: "password1"))
            #expect(res.status == .tooManyRequests)
            #expect(res.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test("Switched off, nothing is throttled")
    func disabled() async throws {
        let off = ThrottleSettings(enabled: false, window: 900, maxFailedLogins: 1, maxRegistrations: 1)
        try await withTestApp(throttle: off) { app in
            for _ in 0..<5 {
                let res = try await app.send(
                    .POST, "/api/auth/login", json: LoginRequest(email: "x@example.com", password: "nope"))
                #expect(res.status == .unauthorized)
            }
        }
    }
}
