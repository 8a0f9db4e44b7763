import Foundation
import Vapor

/// Every setting Helpdesk reads, resolved once at start-up from the environment (and `.env`).
struct AppSettings: Sendable {
    enum DatabaseChoice: Sendable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    var database: DatabaseChoice
    var jwtSecret: String
    var tokenLifetime: TimeInterval
    var bcryptCost: Int
    var passwordThreads: Int
    var publicDirectory: String
    var openAPIPath: String
    var corsOrigins: [String]
    var throttle: ThrottleSettings
    /// Where people reach Helpdesk (links in mail; HSTS when it is https).
    var publicURL: URL
    /// A connection that sends and receives nothing for this long is closed (slow or stalled clients).
    var idleTimeout: TimeInterval
    var mail: MailSettings
    var inbound: InboundSettings
    /// Nil when `IMAP_URL` is unset.
    var imap: IMAPSettings?
    /// `GET /metrics` (Prometheus); off unless `METRICS_ENABLED=true`.
    var metricsEnabled = false
    /// Proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`, comma-separated addresses).
    var trustedProxies: Set<String> = []

    static let minimumSecretBytes = 32

    /// Reads the settings for `app.environment`; throws a `SettingsError` naming what is wrong.
    static func load(for app: Application) throws -> AppSettings {
        let environment = app.environment
        let database: DatabaseChoice
        if let url = Environment.get("DATABASE_URL"), !url.isEmpty {
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: Environment.get("SQLITE_PATH") ?? "helpdesk.sqlite")
        }
        var settings = AppSettings(
            database: database,
            jwtSecret: try JWTSecret.resolve(environment: environment, logger: app.logger),
            tokenLifetime: try double("TOKEN_TTL_SECONDS", default: 7 * 24 * 3600),
            bcryptCost: try int("BCRYPT_COST", default: 12, range: 4...31),
            passwordThreads: try int(
                "PASSWORD_THREADS", default: max(1, System.coreCount / 2), range: 1...max(1, System.coreCount)),
            publicDirectory: Environment.get("PUBLIC_DIR") ?? "frontend/dist",
            openAPIPath: Environment.get("OPENAPI_PATH")
                ?? DirectoryConfiguration.detect().workingDirectory + "openapi.yml",
            corsOrigins: (Environment.get("CORS_ORIGINS") ?? "")
                .split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty },
            throttle: ThrottleSettings(
                enabled: try bool("THROTTLE_ENABLED", default: true),
                window: try double("THROTTLE_WINDOW_SECONDS", default: 15 * 60),
                maxFailedLogins: try int("THROTTLE_LOGIN_MAX", default: 10, range: 1...1_000_000),
                maxRegistrations: try int("THROTTLE_REGISTER_MAX", default: 20, range: 1...1_000_000)
            ),
            publicURL: try url("PUBLIC_URL", default: "http://127.0.0.1:8080"),
            idleTimeout: try double("HTTP_IDLE_TIMEOUT_SECONDS", default: 60),
            mail: try MailSettings.load(for: environment),
            inbound: try InboundSettings.load(),
            imap: try IMAPSettings.load()
        )
        settings.metricsEnabled = try bool("METRICS_ENABLED", default: false)
        settings.trustedProxies = Set(
            (Environment.get("TRUSTED_PROXIES") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        return settings
    }

    static func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = Environment.get(name), !raw.isEmpty else { return value }
        guard let parsed = Int(raw), range.contains(parsed) else {
            throw SettingsError(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
        }
        return parsed
    }

    static func double(_ name: String, default value: Double) throws -> Double {
        guard let raw = Environment.get(name), !raw.isEmpty else { return value }
        // Bounded (ten years) so that converting it to whole units later cannot overflow.
        guard let parsed = Double(raw), parsed > 0, parsed <= 315_360_000 else {
            throw SettingsError("\(name) must be a positive number of seconds (at most ten years), got '\(raw)'")
        }
        return parsed
    }

    static func url(_ name: String, default value: String) throws -> URL {
        let raw = Environment.get(name).flatMap { $0.isEmpty ? nil : $0 } ?? value
        guard let url = URL(string: raw), ["http", "https"].contains(url.scheme?.lowercased()), url.host != nil else {
            throw SettingsError("\(name) must be an http:// or https:// address, got '\(raw)'")
        }
        return url
    }

    static func bool(_ name: String, default value: Bool) throws -> Bool {
        guard let raw = Environment.get(name)?.lowercased(), !raw.isEmpty else { return value }
        switch raw {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingsError("\(name) must be true or false, got '\(raw)'")
        }
    }
}

struct ThrottleSettings: Sendable {
    var enabled: Bool
    var window: TimeInterval
    var maxFailedLogins: Int
    var maxRegistrations: Int
}

struct SettingsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
