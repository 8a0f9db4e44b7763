import Foundation
import Vapor

/// How mail comes in: `INBOUND_EMAIL_SECRET` (turns on the HTTP hook) and `INBOUND_MAX_BYTES`.
struct InboundSettings: Sendable {
    /// The HTTP hook's shared secret; the route is off without one.
    var secret: String?
    /// Larger messages are refused (413, EX_DATAERR) before anything is parsed.
    var maxBytes: Int

    static let minimumSecretBytes = 16

    static func load() throws -> InboundSettings {
        let secret = Environment.get("INBOUND_EMAIL_SECRET").flatMap { $0.isEmpty ? nil : $0 }
        if let secret, secret.utf8.count < minimumSecretBytes {
            throw SettingsError("INBOUND_EMAIL_SECRET must be at least \(minimumSecretBytes) bytes long")
        }
        return InboundSettings(
            secret: secret,
            maxBytes: try AppSettings.int(
                "INBOUND_MAX_BYTES", default: 25 * 1024 * 1024, range: 64 * 1024...100 * 1024 * 1024))
    }
}
