extension EncodedWord {
    /// Header text with its RFC 2047 encoded words (`=?charset?B|Q?text?=`) decoded. White space between
    /// two encoded words is dropped (§6.2), and the bytes of neighbouring words in the same charset are
    /// decoded together, so a character split across two words survives. A malformed word stays as written.
    static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let bytes = Array(text.utf8)
        var pieces: [DecodedPiece] = []
        var literalStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), let (word, end) = encodedWord(in: bytes, at: index) {
                if literalStart < index { pieces.append(.literal(bytes[literalStart..<index])) }
                pieces.append(word)
                index = end
                literalStart = end
            } else {
                index += 1
            }
        }
        if literalStart < bytes.count { pieces.append(.literal(bytes[literalStart...])) }
        return assembled(pieces)
    }

    private enum DecodedPiece {
        case literal(ArraySlice<UInt8>)
        case word(charset: String, bytes: [UInt8])

        var isWord: Bool {
            if case .word = self { return true }
            return false
        }
    }

    /// Encoded words are short (75 characters, §2); a generous cap keeps a hostile header from making the
    /// scan quadratic.
    private static let maxWordLength = 2000

    /// The word starting at `start`, and where it ends.
    private static func encodedWord(in bytes: [UInt8], at start: Int) -> (DecodedPiece, Int)? {
        guard start + 1 < bytes.count, bytes[start + 1] == UInt8(ascii: "?") else { return nil }
        let limit = min(bytes.count, start + maxWordLength)
        func isBreak(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var index = start + 2
        while index < limit, bytes[index] != UInt8(ascii: "?"), !isBreak(bytes[index]) { index += 1 }
        guard index + 2 < limit, bytes[index] == UInt8(ascii: "?"), bytes[index + 2] == UInt8(ascii: "?") else {
            return nil
        }
        // RFC 2231 §5: `charset*language`.
        let charset = String(decoding: bytes[(start + 2)..<index], as: UTF8.self).split(separator: "*").first ?? ""
        let encoding = bytes[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = index + 3
        var end = textStart
        while end < limit, bytes[end] != UInt8(ascii: "?"), !isBreak(bytes[end]) { end += 1 }
        guard end + 1 < limit, bytes[end] == UInt8(ascii: "?"), bytes[end + 1] == UInt8(ascii: "=") else { return nil }
        let encoded = bytes[textStart..<end]
        let decoded = encoding == UInt8(ascii: "b") ? TransferEncoding.base64(encoded) : qDecoded(encoded)
        return (.word(charset: String(charset), bytes: decoded), end + 2)
    }

    /// §4.2: the Q encoding is quoted-printable where `_` stands for a space.
    private static func qDecoded(_ text: ArraySlice<UInt8>) -> [UInt8] {
        let input = Array(text)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "_") {
                output.append(0x20)
            } else if byte == UInt8(ascii: "="), index + 2 < input.count, let high = Hex.value(of: input[index + 1]),
                let low = Hex.value(of: input[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    private static func assembled(_ pieces: [DecodedPiece]) -> String {
        var text = ""
        var pending: (charset: String, bytes: [UInt8])?
        func flush() {
            if let word = pending { text += Charset.decode(word.bytes, charset: word.charset) }
            pending = nil
        }
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case .word(let charset, let bytes):
                if let word = pending, word.charset.lowercased() == charset.lowercased() {
                    pending?.bytes += bytes
                } else {
                    flush()
                    pending = (charset, bytes)
                }
            case .literal(let literal):
                let betweenWords =
                    index > 0 && pieces[index - 1].isWord && index + 1 < pieces.count && pieces[index + 1].isWord
                if betweenWords && literal.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }) {
                    continue
                }
                flush()
                text += String(decoding: literal, as: UTF8.self)
            }
        }
        flush()
        return text
    }
}
