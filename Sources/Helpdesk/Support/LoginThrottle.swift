import Foundation
import Vapor

/// Counts password attempts (sign-ins per email and per client address, current-password checks per
/// user) and registrations per address, in a sliding window. Kept in memory: one server process
/// guards itself, and a restart forgets (the window is short).
///
/// An attempt is counted *before* the password is checked (`reserve`), and given back if it succeeded
/// (`release`): checking first and counting after bcrypt's 0.3 s let twenty parallel guesses all pass.
actor LoginThrottle {
    enum Bucket: Hashable, Sendable {
        case loginEmail(String)
        case loginAddress(String)
        case registerAddress(String)
        case passwordCheck(userID: Int)
        case resetEmail(String)
        case resetAddress(String)
    }

    /// Attempts counted by `reserve`, until they are released or age out of the window.
    struct Reservation: Sendable {
        fileprivate let buckets: [Bucket]
        fileprivate let time: Date
        /// The shared store's rows, when there is one.
        fileprivate var rows: [Int] = []
    }

    private let settings: ThrottleSettings
    private let now: @Sendable () -> Date
    private var events: [Bucket: [Date]] = [:]
    /// With several instances (PostgreSQL), the attempts live in the database so that every instance
    /// counts the same ones; one process (SQLite) counts in memory.
    private let shared: ThrottleStore?

    init(settings: ThrottleSettings, shared: ThrottleStore? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.shared = shared
        self.now = now
    }

    /// Counts one attempt in every bucket, or throws 429 with Retry-After when any bucket is full
    /// (and then counts nothing).
    func reserve(_ buckets: [Bucket]) async throws -> Reservation {
        let current = now()
        guard settings.enabled else { return Reservation(buckets: [], time: current) }
        if let shared {
            let keyed = buckets.map { (key: $0.key, limit: limit(for: $0)) }
            switch try await shared.reserve(keyed, window: settings.window, at: current) {
            case .counted(let rows): return Reservation(buckets: buckets, time: current, rows: rows)
            case .full(let index, let retryAfter): throw TooManyAttempts(retryAfter: retryAfter, bucket: buckets[index])
            }
        }
        for bucket in buckets {
            let recent = prune(bucket, at: current)
            if recent.count >= limit(for: bucket), let oldest = recent.first {
                let wait = Int((oldest.addingTimeInterval(settings.window).timeIntervalSince(current)).rounded(.up))
                throw TooManyAttempts(retryAfter: max(1, wait), bucket: bucket)
            }
        }
        for bucket in buckets { events[bucket, default: []].append(current) }
        return Reservation(buckets: buckets, time: current)
    }

    /// Takes back the attempts of a reservation that succeeded.
    func release(_ reservation: Reservation) async {
        if let shared {
            try? await shared.release(reservation.rows)
            return
        }
        for bucket in reservation.buckets {
            guard var recent = events[bucket], let index = recent.lastIndex(of: reservation.time) else { continue }
            recent.remove(at: index)
            events[bucket] = recent.isEmpty ? nil : recent
        }
    }

    /// Forgets a bucket's failures (a successful sign-in clears its email's).
    func reset(_ bucket: Bucket) async {
        if let shared {
            try? await shared.reset(bucket.key)
            return
        }
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
        case .loginEmail, .loginAddress, .passwordCheck, .resetEmail, .resetAddress: settings.maxFailedLogins
        case .registerAddress: settings.maxRegistrations
        }
    }
}

extension LoginThrottle.Bucket {
    /// The bucket's name in the shared store.
    var key: String {
        switch self {
        case .loginEmail(let email): "login-email:" + email
        case .loginAddress(let address): "login-address:" + address
        case .registerAddress(let address): "register-address:" + address
        case .passwordCheck(let userID): "password-check:\(userID)"
        case .resetEmail(let email): "reset-email:" + email
        case .resetAddress(let address): "reset-address:" + address
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
        case .passwordCheck: "Too many wrong current passwords; try again in \(retryAfter) seconds"
        case .resetEmail, .resetAddress: "Too many password resets asked for; try again in \(retryAfter) seconds"
        default: "Too many failed sign-ins; try again in \(retryAfter) seconds"
        }
    }
}
