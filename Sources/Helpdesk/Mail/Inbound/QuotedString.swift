import Foundation

/// RFC 5322 §3.2.4 quoted strings, as display names and parameter values hold them.
enum QuotedString {
    /// The text, trimmed, with its quotes removed and, inside them, `\x` read as `x`. White space inside
    /// quotes is kept: it may be part of a parameter value.
    static func unquoted(_ text: some StringProtocol) -> String {
        var unquoted = ""
        var inQuotes = false
        var escaped = false
        for character in text.trimmingCharacters(in: .whitespaces) {
            if escaped {
                unquoted.append(character)
                escaped = false
            } else if inQuotes && character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else {
                unquoted.append(character)
            }
        }
        return unquoted
    }
}
