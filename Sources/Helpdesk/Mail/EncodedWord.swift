import Foundation

/// Header text for mail. RFC 5322 headers are ASCII; anything else travels as RFC 2047 encoded words,
/// which mail readers decode for display.
enum EncodedWord {
    /// RFC 2047 §2: an encoded word is at most 75 characters long.
    static let maxLength = 75
    private static let prefix = "=?UTF-8?B?"
    private static let suffix = "?="
    /// Whole 3-byte groups, so base64 needs no padding mid-text: (75 - 12) / 4 * 3 = 45 bytes a word.
    private static let maxBytesPerWord = (maxLength - prefix.utf8.count - suffix.utf8.count) / 4 * 3

    /// `text` as a header may hold it: unchanged when it is printable ASCII, otherwise one or more
    /// `=?UTF-8?B?…?=` words separated by spaces, where a long header line can fold.
    ///
    /// ASCII is encoded too when a mail reader would misread it (`=?` starts an encoded word) or when it
    /// could not be folded into lines of 78 characters (a word or run of spaces longer than 75).
    static func encode(_ text: String) -> String {
        guard needsEncoding(text) else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        // Whole scalars go into a word, so each word decodes to valid UTF-8 on its own (§5: an encoded
        // word must hold whole characters).
        for scalar in text.unicodeScalars {
            if chunk.count + scalar.utf8.count > maxBytesPerWord {
                words.append(word(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
            chunk.append(contentsOf: scalar.utf8)
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: " ")
    }

    /// Header injection: a CR or LF in a value would start a header of the sender's choosing (`Bcc:`).
    /// CR, LF, every other control character and the Unicode line and paragraph separators become spaces.
    static func headerSafe(_ text: String) -> String {
        var safe = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: safe.append(" ")
            default: safe.append(scalar)
            }
        }
        return String(safe)
    }

    private static func needsEncoding(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var run = 0
        for byte in text.utf8 {
            guard (0x20...0x7E).contains(byte) else { return true }
            if previous == UInt8(ascii: "="), byte == UInt8(ascii: "?") { return true }
            let isSpace = byte == UInt8(ascii: " ")
            let continuesRun = run > 0 && isSpace == (previous == UInt8(ascii: " "))
            run = continuesRun ? run + 1 : 1
            if run > maxLength { return true }
            previous = byte
        }
        return false
    }

    private static func word(_ bytes: [UInt8]) -> String {
        prefix + Data(bytes).base64EncodedString() + suffix
    }
}
