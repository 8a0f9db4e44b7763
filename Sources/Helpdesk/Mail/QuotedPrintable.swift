/// Quoted-printable (RFC 2045 §6.7) for message bodies: text stays readable in the raw message, any
/// byte travels over 7-bit SMTP, and no line is longer than 76 characters (SMTP allows 998 octets).
enum QuotedPrintable {
    static let maxLineLength = 76
    private static let crlf: [UInt8] = [13, 10]
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Every line break of `text` (LF, CRLF or CR) becomes a CRLF hard break.
    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for (index, line) in LineBreaks.lines(text).enumerated() {
            if index > 0 { output += crlf }
            encodeLine(Array(line.utf8), into: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// One input line, with soft line breaks (`=` CRLF) where it is too long; an `=XX` is never split.
    private static func encodeLine(_ bytes: [UInt8], into output: inout [UInt8]) {
        var length = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = isLiteral(byte, endsLine: isLast)
            let width = literal ? 1 : 3
            // A soft break's `=` takes a column too, except after the line's last character.
            if length + width > (isLast ? maxLineLength : maxLineLength - 1) {
                output += [UInt8(ascii: "=")] + crlf
                length = 0
            }
            if literal {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
            length += width
        }
    }

    /// Rules 2 and 3: printable ASCII but `=` stands for itself; space and tab too, except at the end of
    /// a line, where transports may strip them.
    private static func isLiteral(_ byte: UInt8, endsLine: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "="): false
        case 33...126: true
        case UInt8(ascii: " "), UInt8(ascii: "\t"): !endsLine
        default: false
        }
    }
}
