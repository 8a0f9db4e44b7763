import Foundation
import Vapor

/// How Helpdesk sends mail: read from `SMTP_URL`, `SMTP_CA_FILE`, `MAIL_FROM`, `MAIL_DIR`, `MAIL_WORKER`,
/// `MAIL_POLL_SECONDS` and `MAIL_RETRY_SECONDS`.
struct MailSettings: Sendable {
    enum Transport: Sendable, Equatable {
        case smtp(SMTPSettings)
        /// Development: each message becomes an `.eml` file in this directory.
        case directory(String)
        /// Production without `SMTP_URL`: no mail is written or sent.
        case off
    }

    var transport: Transport
    var from: MailAddress
    /// Whether `helpdesk serve` runs the delivery worker.
    var workerEnabled: Bool
    /// How often the worker looks for due mail when nothing woke it.
    var pollInterval: TimeInterval
    /// The waits between attempts; once the last has passed and the message still failed, it is `failed`.
    var retryDelays: [TimeInterval]

    static let defaultRetryDelays: [TimeInterval] = [60, 300, 1800, 7200, 43200]

    static func load(for environment: Environment) throws -> MailSettings {
        let caFile = Environment.get("SMTP_CA_FILE").flatMap { $0.isEmpty ? nil : $0 }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw SettingsError("SMTP_CA_FILE names a file that cannot be read: '\(caFile)'")
        }
        let transport: Transport
        if let url = Environment.get("SMTP_URL"), !url.isEmpty {
            transport = .smtp(try SMTPSettings.parse(url, caFile: caFile))
        } else if environment == .production {
            transport = .off
        } else {
            transport = .directory(Environment.get("MAIL_DIR").flatMap { $0.isEmpty ? nil : $0 } ?? "mail")
        }
        let fromText = Environment.get("MAIL_FROM").flatMap { $0.isEmpty ? nil : $0 } ?? "Helpdesk <helpdesk@localhost>"
        let from: MailAddress
        do {
            from = try MailAddress.parse(fromText)
        } catch {
            throw SettingsError("MAIL_FROM must be an address like 'Helpdesk <support@example.com>', got '\(fromText)'")
        }
        return MailSettings(
            transport: transport,
            from: from,
            workerEnabled: try AppSettings.bool("MAIL_WORKER", default: true),
            pollInterval: try AppSettings.double("MAIL_POLL_SECONDS", default: 5),
            retryDelays: try retryDelays(Environment.get("MAIL_RETRY_SECONDS")))
    }

    static func retryDelays(_ raw: String?) throws -> [TimeInterval] {
        guard let raw, !raw.isEmpty else { return defaultRetryDelays }
        let delays = raw.split(separator: ",", omittingEmptySubsequences: false).map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard !delays.isEmpty, delays.count <= 20, delays.allSatisfy({ $0.map { $0 > 0 && $0 <= 7 * 86400 } ?? false })
        else {
            throw SettingsError(
                "MAIL_RETRY_SECONDS must be 1-20 comma-separated positive numbers of seconds (at most a week each), got '\(raw)'"
            )
        }
        return delays.compactMap { $0 }
    }
}
