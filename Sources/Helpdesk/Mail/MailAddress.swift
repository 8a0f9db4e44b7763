import Foundation

/// Why a text is not a mail address; `description` says what is wrong, for a start-up message.
struct MailAddressError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A mailbox: an address and the name mail readers show for it.
struct MailAddress: Sendable, Equatable {
    var name: String?
    var address: String

    /// Reads `Helpdesk <support@example.com>`, `"Help, Desk" <a@b.c>` or a bare address, as `MAIL_FROM`
    /// and mail headers hold them. The check is for plausibility, not the whole RFC 5322 grammar:
    /// comments, groups and quoted local parts are not addresses Helpdesk sends from or to.
    static func parse(_ text: String) throws -> MailAddress {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let open = trimmed.lastIndex(of: "<") else {
            return MailAddress(address: try checked(trimmed))
        }
        guard trimmed.hasSuffix(">") else {
            throw MailAddressError("'\(text)' is not a mail address: its '<' has no closing '>' at the end")
        }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        return MailAddress(name: try displayName(trimmed[..<open], in: text), address: try checked(address))
    }

    var localPart: String {
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return address }
        return String(decoding: address.utf8[..<at], as: UTF8.self)
    }

    var domain: String {
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return "" }
        return String(decoding: address.utf8[address.utf8.index(after: at)...], as: UTF8.self)
    }

    /// The mailbox for a From, To or Reply-To header. A name that is not ASCII becomes RFC 2047 encoded
    /// words; one holding specials (`,` `"` `<` …) that would change how the header parses is quoted.
    var headerValue: String {
        let mailbox = EncodedWord.headerSafe(address)
        let shown = EncodedWord.headerSafe(name ?? "").trimmingCharacters(in: .whitespaces)
        guard !shown.isEmpty else { return mailbox }
        let encoded = EncodedWord.encode(shown)
        if encoded != shown { return "\(encoded) <\(mailbox)>" }
        if shown.utf8.allSatisfy({ Self.phraseBytes.contains($0) }) { return "\(shown) <\(mailbox)>" }
        let escaped = shown.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(mailbox)>"
    }

    /// RFC 5322 §3.2.3 atext, and the spaces between atoms: a name made of these needs no quotes.
    private static let phraseBytes = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~ ".utf8)

    private static let unquotable = Set("<>\"".utf8)

    /// The name before `<`, unquoted (`\"` and `\\` inside quotes stand for `"` and `\`); nil when empty.
    private static func displayName(_ raw: Substring, in text: String) throws -> String? {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard name.hasPrefix("\"") else {
            guard !name.utf8.contains(where: { unquotable.contains($0) }) else {
                throw MailAddressError("'\(text)' is not a mail address: a name with '<', '>' or '\"' needs quotes")
            }
            return name.isEmpty ? nil : name
        }
        let unclosed = MailAddressError("'\(text)' is not a mail address: its quoted name has no closing quote")
        guard name.count >= 2, name.hasSuffix("\"") else { throw unclosed }
        var unquoted = ""
        var escaping = false
        for character in name.dropFirst().dropLast() {
            if escaping {
                unquoted.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                throw MailAddressError("'\(text)' is not a mail address: a quote inside its name is not escaped")
            } else {
                unquoted.append(character)
            }
        }
        if escaping { throw unclosed }
        return unquoted.isEmpty ? nil : unquoted
    }

    /// One `@`; a local part of 1-64 bytes; a domain of non-empty dot-separated labels, at least two, or
    /// `localhost`; no spaces, control characters or angle brackets; at most 254 bytes (RFC 5321 §4.5.3.1).
    private static func checked(_ address: String) throws -> String {
        func refuse(_ reason: String) -> MailAddressError {
            MailAddressError("'\(address)' is not a mail address: \(reason)")
        }
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty else { throw MailAddressError("An empty text is not a mail address") }
        guard bytes.count <= 254 else { throw refuse("it is longer than 254 bytes") }
        let forbidden = Set("<>".utf8)
        guard !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F || forbidden.contains($0) }) else {
            throw refuse("it holds a space, a line break, a control character, '<' or '>'")
        }
        let ats = bytes.indices.filter { bytes[$0] == UInt8(ascii: "@") }
        guard ats.count == 1, let at = ats.first else { throw refuse("it needs exactly one '@'") }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64 else { throw refuse("the part before '@' must be 1-64 bytes") }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let isLocalhost = String(decoding: domain, as: UTF8.self).lowercased() == "localhost"
        guard isLocalhost || (labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }) else {
            throw refuse("the domain needs a dot between non-empty names (or is 'localhost')")
        }
        return address
    }
}
