import Foundation

/// Content-Transfer-Encoding (RFC 2045 §6) undone, forgivingly: mail in the wild has base64 with odd line
/// lengths, stray characters and padding in the middle, and quoted-printable with lowercase hex or a bare `=`.
enum TransferEncoding {
    /// `base64` and `quoted-printable` are decoded; 7bit, 8bit, binary and unknown encodings are the bytes.
    static func decode(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch (encoding ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64": base64(bytes)
        case "quoted-printable": quotedPrintable(bytes)
        default: Array(bytes)
        }
    }

    /// Characters outside the alphabet are skipped; `=` ends a group early, so chunks that were encoded
    /// apart and joined still decode; the URL-safe `-` and `_` are read as `+` and `/`.
    static func base64(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.underestimatedCount / 4 * 3)
        var group: UInt32 = 0
        var count = 0
        func flush() {
            switch count {
            case 2: output.append(UInt8(truncatingIfNeeded: group >> 4))
            case 3:
                output.append(UInt8(truncatingIfNeeded: group >> 10))
                output.append(UInt8(truncatingIfNeeded: group >> 2))
            default: break
            }
            group = 0
            count = 0
        }
        for byte in bytes {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="):
                flush()
                continue
            default: continue
            }
            group = group << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
                count = 0
            }
        }
        flush()
        return output
    }

    /// RFC 2045 §6.7: `=XX` is a byte, `=` at the end of a line (white space may follow it) joins the line to
    /// the next, and every other line break is a CRLF. A `=` that starts neither stays as it is.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var lines = ByteLines(input, in: 0..<input.count)
        while let line = lines.next() {
            var softBreak = false
            var index = line.content.lowerBound
            while index < line.content.upperBound {
                let byte = input[index]
                guard byte == UInt8(ascii: "=") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                if index + 2 < line.content.upperBound, let high = Hex.value(of: input[index + 1]),
                    let low = Hex.value(of: input[index + 2])
                {
                    output.append(high << 4 | low)
                    index += 3
                } else if input[(index + 1)..<line.content.upperBound].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    softBreak = true
                    break
                } else {
                    output.append(byte)
                    index += 1
                }
            }
            if !softBreak && line.next > line.content.upperBound { output += [13, 10] }
        }
        return output
    }
}

extension Hex {
    /// The value of one hexadecimal digit, either case; nil for any other byte.
    static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
