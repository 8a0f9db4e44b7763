import Foundation

@testable import Helpdesk

/// Test-only readers for what the mail encoders write, from RFC 2045 §6.7 and RFC 2047, and strict on
/// purpose: anything an encoder may not write (a split `=XX`, lowercase hex, trailing white space, a
/// line over 76 characters, a bare CR or LF, a raw 8-bit byte) makes them return nil, so a round trip
/// also checks the form of the encoded text.
enum MailDecoding {
    static func quotedPrintable(_ encoded: String) -> String? {
        guard let lines = crlfLines(encoded) else { return nil }
        var decoded: [UInt8] = []
        for (number, line) in lines.enumerated() {
            guard line.count <= QuotedPrintable.maxLineLength, line.last != 0x20, line.last != 0x09 else { return nil }
            var softBreak = false
            var index = line.startIndex
            while index < line.endIndex {
                let byte = line[index]
                if byte == UInt8(ascii: "=") {
                    if index + 1 == line.endIndex {
                        softBreak = true
                        break
                    }
                    guard index + 2 < line.endIndex, let high = hexValue(line[index + 1]),
                        let low = hexValue(line[index + 2])
                    else { return nil }
                    decoded.append(high << 4 | low)
                    index += 3
                } else {
                    guard (33...126).contains(byte) || byte == 0x20 || byte == 0x09 else { return nil }
                    decoded.append(byte)
                    index += 1
                }
            }
            if !softBreak && number < lines.count - 1 { decoded += [13, 10] }
        }
        return validUTF8(decoded)
    }

    /// The text of a header value made of encoded words separated by spaces; nil when a word is
    /// malformed, longer than 75 characters or not whole UTF-8 on its own.
    static func encodedWords(_ value: String) -> String? {
        var text = ""
        for word in value.split(separator: " ") {
            guard word.utf8.count <= 75, word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
                let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))),
                let piece = validUTF8(Array(data))
            else { return nil }
            text += piece
        }
        return text
    }

    /// `text` with every line break (LF, CRLF or a lone CR) as CRLF, worked out byte by byte.
    static func crlf(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 13:
                result += [13, 10]
                if index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            case 10:
                result += [13, 10]
            default:
                result.append(bytes[index])
            }
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The lines of a text whose every line ends with CRLF; nil when it holds a bare CR or LF.
    static func crlfLines(_ text: String) -> [ArraySlice<UInt8>]? {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 {
                guard index + 1 < bytes.count, bytes[index + 1] == 10 else { return nil }
                lines.append(bytes[start..<index])
                index += 2
                start = index
            } else if bytes[index] == 10 {
                return nil
            } else {
                index += 1
            }
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    /// A message's header fields, unfolded (RFC 5322 §2.2.3), in order, and the body after the blank line.
    static func headerFields(_ message: String) -> (fields: [(name: String, value: String)], body: String)? {
        guard let end = message.range(of: "\r\n\r\n") else { return nil }
        var fields: [(name: String, value: String)] = []
        for line in message[..<end.lowerBound].components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !fields.isEmpty else { return nil }
                fields[fields.count - 1].value += line
            } else {
                guard let colon = line.firstIndex(of: ":") else { return nil }
                let value = line[line.index(after: colon)...].drop(while: { $0 == " " })
                fields.append((name: String(line[..<colon]), value: String(value)))
            }
        }
        return (fields, String(message[end.upperBound...]))
    }

    /// The parts of a multipart body: each part's header lines and its still-encoded content.
    static func parts(_ body: String, boundary: String) -> [(headers: [String], content: String)]? {
        let delimiter = "--\(boundary)"
        let opening = delimiter + "\r\n"
        let closing = "\r\n" + delimiter + "--\r\n"
        guard body.hasPrefix(opening), body.hasSuffix(closing) else { return nil }
        let inner = String(body.dropFirst(opening.count).dropLast(closing.count))
        var parts: [(headers: [String], content: String)] = []
        for part in inner.components(separatedBy: "\r\n" + delimiter + "\r\n") {
            guard let split = part.range(of: "\r\n\r\n") else { return nil }
            let headers = part[..<split.lowerBound].components(separatedBy: "\r\n")
            parts.append((headers: headers, content: String(part[split.upperBound...])))
        }
        return parts
    }

    /// Random text that mail finds hard: non-ASCII, long lines, trailing and repeated white space, `=`,
    /// dots at the start of lines, every kind of line break, control characters and look-alike markup.
    static func randomText(using random: inout SplitMix64, pieces: ClosedRange<Int> = 0...40) -> String {
        let choices = [
            "a", "Z", "0", " ", "  ", "\t", "=", "=3D", "=\n", ".", "\n.", "\n..", "é", "ß", "€", "😀",
            "👩‍👩‍👧", "e\u{301}", "\n", "\r\n", "\r", "\u{0}", "\u{7F}", "\u{85}", "\u{2028}", "~", "<script>",
            "=?UTF-8?B?SGk=?=", String(repeating: "x", count: 90), String(repeating: "é", count: 40),
            String(repeating: " ", count: 80), "--=_helpdesk_0\n",
        ]
        let count = Int.random(in: pieces, using: &random)
        return (0..<count).map { _ in choices.randomElement(using: &random) ?? "" }.joined()
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The text, when the bytes are whole UTF-8: invalid bytes would come back as U+FFFD, not as themselves.
    private static func validUTF8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.utf8) == bytes ? text : nil
    }
}
