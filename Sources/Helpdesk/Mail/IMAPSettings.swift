import Foundation
import Vapor

/// Where Helpdesk fetches mail from, read from `IMAP_URL` (`imaps://user:pass@host[:port]/MAILBOX`: TLS
/// from the first byte, port 993; or `imap://…`: STARTTLS required, port 143; `?tls=none` only to this
/// machine, for tests), `IMAP_POLL_SECONDS`, `IMAP_DONE_MAILBOX`, `IMAP_FAILED_MAILBOX`, `IMAP_CA_FILE`
/// and `IMAP_MAX_FAILURES`.
struct IMAPSettings: Sendable, Equatable {
    enum Security: Sendable, Equatable {
        /// TLS from the first byte (`imaps://`).
        case implicitTLS
        /// STARTTLS, which the server must offer (`imap://`).
        case startTLS
        /// No TLS at all (`imap://…?tls=none`), to a loopback address only.
        case plain
    }

    var host: String
    var port: Int
    var security: Security
    var username: String
    var password: String
    /// The mailbox polled for new mail.
    var mailbox: String
    var pollInterval: TimeInterval = 60
    /// Where an imported message is moved; without one it stays where it was, flagged `\Seen`.
    var doneMailbox: String?
    /// Where a message that failed `maxFailures` times is moved; without one it is only flagged `\Seen`.
    var failedMailbox: String?
    /// Extra certificate authorities to trust (a PEM file), besides the system's.
    var caFile: String?
    var maxFailures: Int = 5

    static let defaultMailbox = "INBOX"

    /// The settings, or nil when `IMAP_URL` is unset (no mail is fetched). Errors name the setting.
    static func load() throws -> IMAPSettings? {
        guard let url = Environment.get("IMAP_URL"), !url.isEmpty else { return nil }
        var settings = try parse(url)
        settings.pollInterval = try AppSettings.double("IMAP_POLL_SECONDS", default: 60)
        settings.maxFailures = try AppSettings.int("IMAP_MAX_FAILURES", default: 5, range: 1...1000)
        settings.doneMailbox = try mailbox("IMAP_DONE_MAILBOX", besides: settings.mailbox)
        settings.failedMailbox = try mailbox("IMAP_FAILED_MAILBOX", besides: settings.mailbox)
        settings.caFile = Environment.get("IMAP_CA_FILE").flatMap { $0.isEmpty ? nil : $0 }
        if let caFile = settings.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw SettingsError("IMAP_CA_FILE names a file that cannot be read: '\(caFile)'")
        }
        return settings
    }

    /// Parses `IMAP_URL`; the other settings keep their defaults. The error names the setting and never
    /// shows the password.
    static func parse(_ raw: String) throws -> IMAPSettings {
        func failure(_ why: String) -> SettingsError {
            SettingsError(
                "IMAP_URL \(why): expected imaps://user:pass@host[:port]/MAILBOX or imap://…, got '\(SMTPSettings.redacted(raw))'"
            )
        }
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased() else {
            throw failure("is not a URL")
        }
        let implicit: Bool
        switch scheme {
        case "imap": implicit = false
        case "imaps": implicit = true
        default: throw failure("must start with imaps:// or imap://")
        }
        guard let rawHost = components.host, !rawHost.isEmpty else { throw failure("has no host") }
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if let port = components.port, !(1...65535).contains(port) { throw failure("has a port out of range") }
        var security: Security = implicit ? .implicitTLS : .startTLS
        for item in components.queryItems ?? [] {
            guard item.name == "tls", item.value == "none" else {
                throw failure("has an unknown option '\(item.name)' (only tls=none, for tests on this machine)")
            }
            guard !implicit else { throw failure("cannot say tls=none with imaps://") }
            guard isLoopback(host) else {
                throw failure("says tls=none for \(host): without TLS mail is fetched only from this machine")
            }
            security = .plain
        }
        guard let username = components.percentEncodedUser?.removingPercentEncoding, !username.isEmpty,
            let password = components.percentEncodedPassword?.removingPercentEncoding, !password.isEmpty
        else { throw failure("needs a user name and a password (percent-encode @, : and / in them)") }
        guard let path = components.percentEncodedPath.removingPercentEncoding else {
            throw failure("has a mailbox that is not valid percent-encoded UTF-8")
        }
        let mailbox = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard isValidMailbox(mailbox) else { throw failure("names a mailbox with control characters") }
        return IMAPSettings(
            host: host, port: components.port ?? (implicit ? 993 : 143), security: security, username: username,
            password: password, mailbox: mailbox.isEmpty ? defaultMailbox : mailbox)
    }

    /// Credentials go over plain text only to this machine: `localhost`, `::1` or an address 127.x.x.x
    /// (not a name that merely starts with "127.").
    static func isLoopback(_ host: String) -> Bool {
        host.lowercased() == "localhost" || host == "::1" || (host.hasPrefix("127.") && host.isIPAddress)
    }

    /// An optional mailbox setting, which must not be the polled mailbox itself.
    private static func mailbox(_ name: String, besides polled: String) throws -> String? {
        guard let value = Environment.get(name), !value.isEmpty else { return nil }
        guard isValidMailbox(value) else { throw SettingsError("\(name) must not contain control characters") }
        guard !sameMailbox(value, polled) else {
            throw SettingsError("\(name) must be another mailbox than the one IMAP_URL polls ('\(polled)')")
        }
        return value
    }

    private static func isValidMailbox(_ name: String) -> Bool {
        name.utf8.count <= 1000 && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// INBOX is the one mailbox name that is case-insensitive (RFC 3501 5.1).
    private static func sameMailbox(_ a: String, _ b: String) -> Bool {
        a == b || (a.uppercased() == defaultMailbox && b.uppercased() == defaultMailbox)
    }
}
