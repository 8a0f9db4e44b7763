import Foundation
import Vapor

/// Counts failed logins per email and per client address, and registrations per address, in a sliding
/// window. Kept in memory: one server process guards itself, and a restart forgets (the window is short).
actor LoginThrottle {
    enum Bucket: Hashable {
        case loginEmail(String)
        case loginAddress(String)
        case registerAddress(String)
    }

    private let settings: ThrottleSettings
    private let now: @Sendable () -> Date
    private var events: [Bucket: [Date]] = [:]

    init(settings: ThrottleSettings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.now = now
    }

    /// Throws 429 with Retry-After when any bucket is full.
    func check(_ buckets: [Bucket]) throws {
        guard settings.enabled else { return }
        let current = now()
        for bucket in buckets {
            let recent = prune(bucket, at: current)
            if recent.count >= limit(for: bucket), let oldest = recent.first {
                let wait = Int((oldest.addingTimeInterval(settings.window).timeIntervalSince(current)).rounded(.up))
                throw TooManyAttempts(retryAfter: max(1, wait), bucket: bucket)
            }
        }
    }

    func record(_ buckets: [Bucket]) {
        guard settings.enabled else { return }
        let current = now()
        for bucket in buckets {
            var recent = prune(bucket, at: current)
            recent.append(current)
            events[bucket] = recent
        }
    }

    func reset(_ bucket: Bucket) {
        events[bucket] = nil
    }

    private func prune(_ bucket: Bucket, at current: Date) -> [Date] {
        let cutoff = current.addingTimeInterval(-settings.window)
        let recent = (events[bucket] ?? []).filter { $0 > cutoff }
        events[bucket] = recent.isEmpty ? nil : recent
        return recent
    }

    private func limit(for bucket: Bucket) -> Int {
        switch bucket {
        case .loginEmail, .loginAddress: settings.maxFailedLogins
        case .registerAddress: settings.maxRegistrations
        }
    }
}

struct TooManyAttempts: AbortError {
    let retryAfter: Int
    let bucket: LoginThrottle.Bucket

    var status: HTTPResponseStatus { .tooManyRequests }
    var headers: HTTPHeaders { [HTTPHeaders.Name.retryAfter.description: String(retryAfter)] }
    var reason: String {
        switch bucket {
        case .registerAddress: "Too many registrations from this address; try again in \(retryAfter) seconds"
        default: "Too many failed sign-ins; try again in \(retryAfter) seconds"
        }
    }
}

struct LoginThrottleKey: StorageKey {
    typealias Value = LoginThrottle
}

extension Application {
    var loginThrottle: LoginThrottle {
        get {
            guard let throttle = storage[LoginThrottleKey.self] else {
                fatalError("configure(_:settings:) has not run")
            }
            return throttle
        }
        set { storage[LoginThrottleKey.self] = newValue }
    }
}

extension Request {
    /// The address of the connected client (a proxy in front is seen as one client).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}

struct DecoyPasswordHashKey: StorageKey {
    typealias Value = String
}

extension Application {
    /// Verified against when a login names an unknown email, so that it takes as long as a wrong password.
    var decoyPasswordHash: String {
        get { storage[DecoyPasswordHashKey.self] ?? "" }
        set { storage[DecoyPasswordHashKey.self] = newValue }
    }
}
