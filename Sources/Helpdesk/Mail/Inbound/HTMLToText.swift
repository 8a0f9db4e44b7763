/// An HTML mail body as plain text a ticket can show: no markup, nothing from scripts, styles or the head,
/// line breaks where blocks end, list items as `- `, links as `label (address)`, entities decoded and
/// white space collapsed as a browser would. It reads bytes, and every search for an end tag either moves
/// it forward or is remembered as failed, so the time it takes grows with the input and no faster.
enum HTMLToText {
    static func convert(_ html: String) -> String {
        var converter = Converter(Array(html.utf8))
        converter.run()
        return PlainText.body(String(decoding: converter.output.bytes, as: UTF8.self))
    }

    /// Elements whose content is never text.
    fileprivate static let hidden: Set = ["script", "style", "head", "title", "template", "xml"]
    /// Elements that start and end on a line of their own.
    fileprivate static let blocks: Set = [
        "p", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "hr", "pre",
        "section", "article", "header", "footer", "dl", "dt", "dd", "center", "address", "form", "fieldset",
        "figure", "main", "nav", "aside", "caption", "li",
    ]
    fileprivate static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "AMP": "&", "LT": "<", "GT": ">",
        "QUOT": "\"", "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "sbquo": "‚", "bdquo": "„", "laquo": "«",
        "raquo": "»", "bull": "•", "middot": "·", "euro": "€", "pound": "£", "deg": "°", "times": "×",
        "divide": "÷", "ensp": " ", "emsp": " ", "thinsp": " ", "shy": "", "zwnj": "", "zwj": "",
    ]
}

/// The text as it is written: runs of white space become one space, never at the start or end of a line,
/// and there is at most one blank line in a row.
private struct TextOutput {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false
    private var holdsEmptyLine = false

    var count: Int { bytes.count }

    private var atLineStart: Bool { bytes.last.map { $0 == newline } ?? true }
    private let newline = UInt8(ascii: "\n")

    mutating func space() { pendingSpace = true }

    /// `&nbsp;` is a space that does not collapse away: alone in a paragraph it makes an empty line, as
    /// Outlook writes one.
    mutating func nonBreakingSpace() {
        if atLineStart { holdsEmptyLine = true } else { space() }
    }

    mutating func append(_ byte: UInt8) {
        if pendingSpace && !atLineStart { bytes.append(UInt8(ascii: " ")) }
        pendingSpace = false
        holdsEmptyLine = false
        bytes.append(byte)
    }

    /// Text whose white space collapses like any other, and whose control characters are spaces.
    mutating func append(_ text: String) {
        for scalar in text.unicodeScalars {
            if scalar == "\u{A0}" {
                nonBreakingSpace()
            } else if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                space()
            } else {
                for byte in scalar.utf8 { append(byte) }
            }
        }
    }

    /// `<br>`: a new line, even an empty one.
    mutating func lineBreak() {
        trimTrailingSpaces()
        holdsEmptyLine = false
        let endsWithEmptyLine =
            bytes.count >= 2 && bytes[bytes.count - 1] == newline && bytes[bytes.count - 2] == newline
        guard !bytes.isEmpty, !endsWithEmptyLine else { return }
        bytes.append(newline)
    }

    /// A block's edge: a new line unless one has just begun and holds nothing.
    mutating func endLine() {
        if atLineStart && holdsEmptyLine { return lineBreak() }
        trimTrailingSpaces()
        if !atLineStart { bytes.append(newline) }
    }

    func text(from start: Int) -> String {
        String(decoding: bytes[min(start, bytes.count)...], as: UTF8.self)
    }

    private mutating func trimTrailingSpaces() {
        pendingSpace = false
        while bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
    }
}

private struct Converter {
    private let bytes: [UInt8]
    private var index = 0
    private(set) var output = TextOutput()
    /// The open `<a>`: where it goes and where its label starts in the output.
    private var link: (href: String, labelStart: Int)?
    /// Hidden elements found to have no end tag after some point, hence after any later one either.
    private var unclosed: Set<String> = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func run() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "<"): markup()
            case UInt8(ascii: "&"): entity()
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
                output.space()
                index += 1
            case 0xC2 where byte(at: index + 1) == 0xA0:
                output.nonBreakingSpace()
                index += 2
            default:
                output.append(bytes[index])
                index += 1
            }
        }
        closeLink()
    }

    private func byte(at position: Int) -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private static func isLetter(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
    }

    private mutating func markup() {
        let next = byte(at: index + 1)
        if next == UInt8(ascii: "!"), byte(at: index + 2) == UInt8(ascii: "-"), byte(at: index + 3) == UInt8(ascii: "-")
        {
            index = end(of: Array("-->".utf8), from: index + 2) ?? bytes.count
        } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
            index = (bytes[index...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count - 1) + 1
        } else if next == UInt8(ascii: "/"), Self.isLetter(byte(at: index + 2)) {
            let (name, _, end) = tag(from: index + 2)
            index = end
            endTag(name)
        } else if Self.isLetter(next) {
            let (name, attributes, end) = tag(from: index + 1)
            index = end
            startTag(name, attributes: attributes)
        } else {
            output.append(UInt8(ascii: "<"))
            index += 1
        }
    }

    /// Where the first `pattern` after `start` ends, or nil.
    private func end(of pattern: [UInt8], from start: Int) -> Int? {
        var position = start
        while position + pattern.count <= bytes.count {
            guard let first = bytes[position...].firstIndex(of: pattern[0]) else { return nil }
            if first + pattern.count <= bytes.count, Array(bytes[first..<first + pattern.count]) == pattern {
                return first + pattern.count
            }
            position = first + 1
        }
        return nil
    }

    /// A tag's lowercased name, its attributes, and where it ends (after its `>`). Quoted attribute values
    /// may hold `>`; if a quote is never closed, the first `>` ends the tag; with no `>` at all, the rest
    /// of the input is the tag.
    private func tag(from start: Int) -> (String, [String: String], Int) {
        var position = start
        while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
        let name = String(decoding: bytes[start..<position], as: UTF8.self).lowercased()
        var attributes: [String: String] = [:]
        var quote: UInt8?
        var scan = position
        while scan < bytes.count {
            let byte = bytes[scan]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            scan += 1
        }
        if scan >= bytes.count {
            guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ">")) else {
                return (name, [:], bytes.count)
            }
            scan = close
        }
        if name == "a" { attributes = Self.attributes(bytes[position..<scan]) }
        return (name, attributes, scan + 1)
    }

    /// `name=value`, `name="value"`, `name='value'`, values with entities decoded.
    private static func attributes(_ text: ArraySlice<UInt8>) -> [String: String] {
        let bytes = Array(text)
        var attributes: [String: String] = [:]
        var position = 0
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x2F
        }
        while position < bytes.count {
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            let nameStart = position
            while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: "=") {
                position += 1
            }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self).lowercased()
            while position < bytes.count, bytes[position] == 0x20 { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                position += 1
                continue
            }
            position += 1
            while position < bytes.count, bytes[position] == 0x20 { position += 1 }
            var valueEnd = position
            var valueStart = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                let quote = bytes[position]
                valueStart = position + 1
                valueEnd = bytes[valueStart...].firstIndex(of: quote) ?? bytes.count
                position = min(bytes.count, valueEnd + 1)
            } else {
                while valueEnd < bytes.count, !isSpace(bytes[valueEnd]) || bytes[valueEnd] == 0x2F { valueEnd += 1 }
                position = valueEnd
            }
            if !name.isEmpty, attributes[name] == nil {
                // Converting the value decodes its entities; with `<` escaped it cannot hold a tag.
                let raw = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
                attributes[name] = HTMLToText.convert(raw.replacingOccurrences(of: "<", with: "&lt;"))
            }
        }
        return attributes
    }

    private mutating func startTag(_ name: String, attributes: [String: String]) {
        if HTMLToText.hidden.contains(name) {
            skipContent(of: name)
        } else if name == "br" {
            output.lineBreak()
        } else if name == "li" {
            output.endLine()
            output.append("- ")
        } else if HTMLToText.blocks.contains(name) {
            output.endLine()
        } else if name == "a" {
            closeLink()
            link = (attributes["href"] ?? "", output.count)
        }
    }

    private mutating func endTag(_ name: String) {
        if HTMLToText.blocks.contains(name) {
            output.endLine()
        } else if name == "td" || name == "th" {
            output.space()
        } else if name == "a" {
            closeLink()
        }
    }

    /// Past the element's end tag. A `<head>` never closed ends where `<body` starts; any other hidden
    /// element never closed hides the rest, which is safer than showing a script.
    private mutating func skipContent(of name: String) {
        guard !unclosed.contains(name) else { return }
        let closing = Array("</\(name)".utf8)
        var position = index
        while let open = bytes[position...].firstIndex(of: UInt8(ascii: "<")) {
            let candidate = bytes[open..<min(bytes.count, open + closing.count)]
            if candidate.count == closing.count, zip(candidate, closing).allSatisfy({ $0 | 0x20 == $1 | 0x20 }),
                !Self.isNameByte(byte(at: open + closing.count) ?? 0x20)
            {
                index = (bytes[open...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count - 1) + 1
                return
            }
            position = open + 1
        }
        guard name == "head" else {
            index = bytes.count
            return
        }
        let body = Array("<body".utf8)
        position = index
        while let open = bytes[position...].firstIndex(of: UInt8(ascii: "<")) {
            let candidate = bytes[open..<min(bytes.count, open + body.count)]
            if candidate.count == body.count, zip(candidate, body).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                index = open
                return
            }
            position = open + 1
        }
        // Searching again for every later `<head>` would make the work quadratic.
        unclosed.insert(name)
    }

    /// `label (address)`, unless the label already says the address, or the link goes nowhere a reader
    /// could follow.
    private mutating func closeLink() {
        guard let open = link else { return }
        link = nil
        let label = PlainText.singleLine(output.text(from: open.labelStart))
        let href = PlainText.singleLine(open.href)
        let scheme = href.lowercased().prefix { $0 != ":" }
        // A real address has no spaces or angle brackets (they would be percent-encoded); anything else is
        // broken markup that must not come out as text.
        guard !label.isEmpty, !href.isEmpty, !href.hasPrefix("#"), href.count <= 2000,
            !href.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" }),
            !["javascript", "data", "vbscript"].contains(scheme),
            Self.comparable(label) != Self.comparable(href)
        else { return }
        output.append(" (\(href))")
    }

    /// `mailto:a@b.c`, `https://b.c/` and `b.c` name the same thing to a reader.
    private static func comparable(_ link: String) -> String {
        var text = Substring(link.lowercased())
        for prefix in ["mailto:", "https://", "http://"] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
        }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

    /// `&name;`, `&#123;` or `&#x1F600;`; anything else is a plain `&`.
    private mutating func entity() {
        var position = index + 1
        if byte(at: position) == UInt8(ascii: "#") {
            position += 1
            let isHex = byte(at: position).map { $0 | 0x20 == UInt8(ascii: "x") } ?? false
            if isHex { position += 1 }
            let digitsStart = position
            var value: UInt32 = 0
            while let digit = byte(at: position), position - digitsStart < 8,
                let number = isHex ? Hex.value(of: digit) : ((0x30...0x39).contains(digit) ? digit - 0x30 : nil)
            {
                value = value * (isHex ? 16 : 10) + UInt32(number)
                position += 1
            }
            if position > digitsStart {
                if byte(at: position) == UInt8(ascii: ";") { position += 1 }
                index = position
                let scalar = Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : $0 } ?? "\u{FFFD}"
                output.append(String(scalar))
                return
            }
        } else {
            while let letter = byte(at: position), position - index <= 10, Self.isLetter(letter) { position += 1 }
            if byte(at: position) == UInt8(ascii: ";"),
                let text = HTMLToText.entities[String(decoding: bytes[(index + 1)..<position], as: UTF8.self)]
            {
                index = position + 1
                output.append(text)
                return
            }
        }
        output.append(UInt8(ascii: "&"))
        index += 1
    }
}
