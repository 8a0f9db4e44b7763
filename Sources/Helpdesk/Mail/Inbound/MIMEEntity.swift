import Foundation

/// One message or body part as bytes: its header fields, unfolded (RFC 5322 §2.2.3), and where its body
/// lies. Lines may end with CRLF or a bare LF, as mail arrives both ways from pipes and mailboxes.
struct MIMEEntity {
    var fields: [(name: String, value: String)]
    /// Indices into the bytes the entity was read from.
    var body: Range<Int>

    func field(_ name: String) -> String? { fields.first(named: name) }

    /// The header ends at the first empty line. A whole message must start with a header field (an mbox
    /// `From ` line before it is skipped) and have that empty line; a body part may lack either, as
    /// careless generators write them: one that starts with text is all body, one that never reaches an
    /// empty line is all header.
    static func read(_ bytes: [UInt8], in range: Range<Int>, maxHeaderBytes: Int, isMessage: Bool) throws -> MIMEEntity
    {
        let range = range.clamped(to: bytes.indices)
        var fields: [(name: String, value: [UInt8])] = []
        var lines = ByteLines(bytes, in: range)
        var isFirst = true
        while let line = lines.next() {
            if line.content.isEmpty {
                return MIMEEntity(fields: decoded(fields), body: line.next..<range.upperBound)
            }
            guard line.next - range.lowerBound <= maxHeaderBytes else {
                throw MIMEParseError("A header is longer than \(maxHeaderBytes) bytes")
            }
            let content = bytes[line.content]
            defer { isFirst = false }
            if isFirst && isMessage && content.starts(with: "From ".utf8) { continue }
            if let first = content.first, first == space || first == tab {
                if !fields.isEmpty { fields[fields.count - 1].value += content }
            } else if let field = field(content) {
                fields.append(field)
            } else if isFirst {
                guard isMessage else { return MIMEEntity(fields: [], body: range) }
                throw MIMEParseError("The message does not start with a header field")
            }
        }
        guard isMessage else { return MIMEEntity(fields: decoded(fields), body: range.upperBound..<range.upperBound) }
        throw MIMEParseError("The message has no empty line between its header and its body")
    }

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    /// `Name: value`: a name of printable ASCII other than `:`, white space allowed before the colon
    /// (RFC 5322 §4.5.3, obsolete but still sent).
    private static func field(_ line: ArraySlice<UInt8>) -> (name: String, value: [UInt8])? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var name = line[line.startIndex..<colon]
        while let last = name.last, last == space || last == tab { name = name.dropLast() }
        guard !name.isEmpty, name.allSatisfy({ (33...126).contains($0) }) else { return nil }
        return (String(decoding: name, as: UTF8.self), Array(line[(colon + 1)...]))
    }

    /// Header values should be ASCII; raw UTF-8 (RFC 6532) is read as such, anything else as Windows-1252.
    /// Spaces and tabs around a value are not part of it.
    private static func decoded(_ fields: [(name: String, value: [UInt8])]) -> [(name: String, value: String)] {
        fields.map { field in
            var value = field.value[...]
            while let first = value.first, first == space || first == tab { value = value.dropFirst() }
            while let last = value.last, last == space || last == tab { value = value.dropLast() }
            let text = String(validating: value, as: UTF8.self) ?? Charset.decode(value, charset: "windows-1252")
            return (field.name, text)
        }
    }
}

/// The lines of a byte range: each line's content without its LF or CRLF, and where the next line starts.
struct ByteLines: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int

    init(_ bytes: [UInt8], in range: Range<Int>) {
        self.bytes = bytes
        let range = range.clamped(to: bytes.indices)
        position = range.lowerBound
        end = range.upperBound
    }

    mutating func next() -> (content: Range<Int>, next: Int)? {
        guard position < end else { return nil }
        let start = position
        // A plain loop: the generic `firstIndex(of:)` is many times slower in debug builds, where the tests
        // run over megabytes.
        var index = start
        while index < end, bytes[index] != 10 { index += 1 }
        let lineFeed = index < end ? index : nil
        var contentEnd = lineFeed ?? end
        if contentEnd > start, bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
        position = lineFeed.map { $0 + 1 } ?? end
        return (start..<contentEnd, position)
    }
}
