/// The body parts of a multipart entity (RFC 2046 §5.1.1): what lies between lines that are `--boundary`
/// (white space may follow) and the closing `--boundary--`. The preamble and the epilogue are skipped; a
/// missing closing line ends the last part at the end of the body, as a truncated message would.
enum MultipartBody {
    /// The parts' byte ranges, at most `limit` + 1 of them (one more tells the caller there are too many);
    /// nil when no boundary line occurs at all.
    static func parts(of bytes: [UInt8], in range: Range<Int>, boundary: String, limit: Int) -> [Range<Int>]? {
        let range = range.clamped(to: bytes.indices)
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Range<Int>] = []
        var partStart: Int?
        // The CRLF before a boundary line belongs to the boundary, so a part ends where its last line's
        // content does.
        var contentEnd: Int?
        var found = false
        var lines = ByteLines(bytes, in: range)
        while let line = lines.next(), parts.count <= limit {
            if line.content.count >= delimiter.count,
                zip(line.content, delimiter).allSatisfy({ bytes[$0] == $1 })
            {
                let rest = bytes[(line.content.lowerBound + delimiter.count)..<line.content.upperBound]
                let isClosing = rest.starts(with: "--".utf8)
                if isClosing || rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    found = true
                    if let start = partStart { parts.append(start..<max(start, contentEnd ?? start)) }
                    if isClosing { return parts }
                    partStart = line.next
                    contentEnd = nil
                    continue
                }
            }
            if partStart != nil { contentEnd = line.content.upperBound }
        }
        guard found else { return nil }
        if let start = partStart, parts.count <= limit { parts.append(start..<max(start, range.upperBound)) }
        return parts
    }
}
