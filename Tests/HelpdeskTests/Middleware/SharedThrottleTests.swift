import Foundation
import Testing
import Vapor

@testable import Helpdesk

@Suite("Throttling shared through PostgreSQL")
struct SharedThrottleTests {
    @Test("Two instances count the same attempts: the 11th failure is refused by either")
    func sharedAcrossInstances() async throws {
        try await withTestApp { app in
            guard app.services.databaseKind == .postgres else { return }  // one process on SQLite
            let settings = ThrottleSettings(enabled: true, window: 900, maxFailedLogins: 10, maxRegistrations: 5)
            let first = LoginThrottle(settings: settings, shared: ThrottleStore(context: app.storeContext))
            let second = LoginThrottle(settings: settings, shared: ThrottleStore(context: app.storeContext))
            let bucket = LoginThrottle.Bucket.loginEmail("ada@example.test")
            for attempt in 0..<10 {
                _ = try await (attempt.isMultiple(of: 2) ? first : second).reserve([bucket])
            }
            await #expect(throws: TooManyAttempts.self) { _ = try await first.reserve([bucket]) }
            await #expect(throws: TooManyAttempts.self) { _ = try await second.reserve([bucket]) }
            // Another email is not affected; a reset clears the bucket for both.
            _ = try await second.reserve([.loginEmail("bob@example.test")])
            await first.reset(bucket)
            let reservation = try await second.reserve([bucket])
            await second.release(reservation)
            #expect(try await app.count("throttle_events", where: "bucket = 'login-email:ada@example.test'") == 0)
        }
    }
}
