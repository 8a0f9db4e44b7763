import Foundation

/// Text from mail made safe to keep: one kind of line break, no control characters (a NUL cannot even be
/// stored in PostgreSQL), no white space at either end.
enum PlainText {
    /// LF line breaks (for CRLF, CR and the Unicode separators); tabs kept; other control characters dropped.
    static func body(_ text: String) -> String {
        var cleaned = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\r": cleaned.append("\n")
            case "\n": if !previousWasCR { cleaned.append("\n") }
            case "\t": cleaned.append(scalar)
            case "\u{2028}", "\u{2029}": cleaned.append("\n")
            default: if !isControl(scalar) { cleaned.append(scalar) }
            }
        }
        return String(cleaned).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// One line: every run of white space or control characters becomes one space; trimmed.
    static func singleLine(_ text: String) -> String {
        var cleaned = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isControl(scalar) || scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !cleaned.isEmpty { cleaned.append(" ") }
            pendingSpace = false
            cleaned.append(scalar)
        }
        return String(cleaned)
    }

    /// C0, DEL and C1 controls, and the line and paragraph separators.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
