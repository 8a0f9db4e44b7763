import Foundation

/// Where and how to hand mail to an SMTP server, read from `SMTP_URL`:
/// `smtp://[user:pass@]host[:port][?tls=required]` (STARTTLS when offered) or `smtps://…` (TLS from the
/// first byte).
struct SMTPSettings: Sendable, Equatable {
    enum Security: Sendable, Equatable {
        /// TLS from the first byte (`smtps://`).
        case implicitTLS
        /// STARTTLS when the server offers it; `required` refuses to send without it.
        case startTLS(required: Bool)
    }

    var host: String
    var port: Int
    var security: Security
    var username: String?
    var password: String?
    /// Extra certificate authorities to trust (a PEM file), besides the system's.
    var caFile: String?

    /// Parses `SMTP_URL`; the error names the setting and what is wrong.
    static func parse(_ raw: String, caFile: String? = nil) throws -> SMTPSettings {
        func failure(_ why: String) -> SettingsError {
            SettingsError(
                "SMTP_URL \(why): expected smtp://[user:pass@]host[:port][?tls=required] or smtps://…, got '\(redacted(raw))'"
            )
        }
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased() else {
            throw failure("is not a URL")
        }
        let implicit: Bool
        switch scheme {
        case "smtp": implicit = false
        case "smtps": implicit = true
        default: throw failure("must start with smtp:// or smtps://")
        }
        guard let host = components.host, !host.isEmpty else { throw failure("has no host") }
        if let port = components.port, !(1...65535).contains(port) { throw failure("has a port out of range") }
        guard components.path.isEmpty || components.path == "/" else { throw failure("must not have a path") }
        var required = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("tls", "required"): required = true
            case ("tls", "starttls"), ("tls", "optional"): required = false
            default: throw failure("has an unknown option '\(item.name)'")
            }
        }
        if implicit && required { throw failure("needs no tls option with smtps://") }
        let username = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }
        let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        if (username == nil) != (password == nil) { throw failure("needs both a user name and a password, or neither") }
        return SMTPSettings(
            host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")),
            port: components.port ?? (implicit ? 465 : 25),
            security: implicit ? .implicitTLS : .startTLS(required: required),
            username: username, password: password, caFile: caFile)
    }

    /// The URL with its password hidden, for error messages and logs.
    static func redacted(_ raw: String) -> String {
        guard var components = URLComponents(string: raw), components.password != nil else { return raw }
        components.password = "***"
        return components.string ?? "(unreadable)"
    }

    /// Credentials go over plain text only to this machine.
    var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
