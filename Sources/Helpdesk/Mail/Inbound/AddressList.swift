import Foundation

/// The mailboxes of an address header (From, To, Cc, Reply-To, Delivered-To): `Name <a@b.c>`,
/// `"Doe, Jane" <a@b.c>`, `a@b.c (Name)`, groups (`team: a@b.c, d@e.f;`), names in encoded words.
/// Anything that is not a plausible address, by `MailAddress.parse`, is left out.
enum AddressList {
    static func parse(_ value: String) -> [MailAddress] {
        mailboxes(value).compactMap { mailbox in
            guard let parsed = try? MailAddress.parse(mailbox.address) else { return nil }
            return MailAddress(name: mailbox.name, address: parsed.address)
        }
    }

    /// The addresses as written, before any check: a bounce may come from a bare `MAILER-DAEMON`.
    static func addresses(_ value: String) -> [String] { mailboxes(value).map(\.address) }

    private static func mailboxes(_ value: String) -> [(name: String?, address: String)] {
        items(value).compactMap(mailbox)
    }

    /// The text split at commas and semicolons outside quotes, comments and angle brackets; a group's
    /// name (the text before its `:`) is dropped.
    private static func items(_ value: String) -> [String] {
        var items: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        var commentDepth = 0
        var inAngle = false
        for character in value {
            if inQuotes || commentDepth > 0 {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if inQuotes && character == "\"" {
                    inQuotes = false
                } else if !inQuotes && character == "(" {
                    commentDepth += 1
                } else if !inQuotes && character == ")" {
                    commentDepth -= 1
                }
                current.append(character)
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "(": commentDepth = 1
            case "<": inAngle = true
            case ">": inAngle = false
            case ",", ";":
                if !inAngle {
                    items.append(current)
                    current = ""
                    continue
                }
            case ":":
                if !inAngle {
                    current = ""
                    continue
                }
            default: break
            }
            current.append(character)
        }
        items.append(current)
        return items
    }

    private static func mailbox(_ item: String) -> (name: String?, address: String)? {
        let (outside, comments) = withoutComments(item)
        let name: String
        var address: String
        if let open = outside.lastIndex(of: "<") {
            name = QuotedString.unquoted(outside[..<open])
            address = String(outside[outside.index(after: open)...].prefix { $0 != ">" })
            // An obsolete source route, `<@relay:a@b.c>`.
            if let colon = address.lastIndex(of: ":") { address = String(address[address.index(after: colon)...]) }
        } else {
            address = outside
            name = QuotedString.unquoted(comments.joined(separator: " "))
        }
        address = address.trimmingCharacters(in: .whitespaces)
        guard !address.isEmpty else { return nil }
        let shown = PlainText.singleLine(EncodedWord.decode(name))
        return (shown.isEmpty ? nil : shown, address)
    }

    /// The text outside comments (quoted strings kept whole) and the text of the comments.
    private static func withoutComments(_ item: String) -> (outside: String, comments: [String]) {
        var outside = ""
        var comments: [String] = []
        var comment = ""
        var depth = 0
        var inQuotes = false
        var escaped = false
        for character in item {
            if escaped {
                escaped = false
                if depth > 0 { comment.append(character) } else { outside.append(character) }
                continue
            }
            if character == "\\" && (inQuotes || depth > 0) {
                escaped = true
                if depth == 0 { outside.append(character) }
                continue
            }
            if depth == 0 && character == "\"" { inQuotes.toggle() }
            if !inQuotes && character == "(" {
                depth += 1
                if depth == 1 { continue }
            } else if !inQuotes && character == ")" && depth > 0 {
                depth -= 1
                if depth == 0 {
                    comments.append(comment)
                    comment = ""
                    continue
                }
            }
            if depth > 0 { comment.append(character) } else { outside.append(character) }
        }
        if depth > 0 { comments.append(comment) }
        return (outside.trimmingCharacters(in: .whitespaces), comments)
    }
}
