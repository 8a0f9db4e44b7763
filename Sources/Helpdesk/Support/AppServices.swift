import Foundation
import NIOPosix
import Vapor

/// Everything the app sets up once at start-up and every request may need, under one storage key.
struct AppServices: Sendable {
    var settings: AppSettings
    var databaseKind: DatabaseKind
    /// SQLite only: writes one transaction at a time, committed in groups (see `GroupCommit`).
    var committer: GroupCommit?
    var loginThrottle: LoginThrottle
    /// Verified against when a login names an unknown email, so that it takes as long as a wrong password.
    var decoyPasswordHash: String
    /// `openapi.yml` from the working directory, read once at start-up.
    var openAPISpec: String?
    var clock: AppClock
    var slaClocks = SLAClockCache()
    var recentSLACounts = RecentSLACounts()
    /// bcrypt's own threads (see `PasswordHashing.swift`).
    var passwordPool: NIOThreadPool
    /// Nil when mail is off (production without `SMTP_URL`).
    var mailQueue: MailQueue?
    /// This process's live streams (see `EventBus`).
    var eventBus: EventBus
    /// Who is behind recently used sessions (see `SessionCache`).
    var sessionCache: SessionCache
}

private struct AppServicesKey: StorageKey {
    typealias Value = AppServices
}

extension Application {
    var services: AppServices {
        get {
            guard let services = storage[AppServicesKey.self] else {
                fatalError("configure(_:settings:) has not run")
            }
            return services
        }
        set { storage[AppServicesKey.self] = newValue }
    }

    var settings: AppSettings { services.settings }
}
