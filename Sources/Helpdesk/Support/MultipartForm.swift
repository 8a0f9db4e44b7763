/// Reads a `multipart/form-data` body (RFC 7578, framed as RFC 2046 says) into its parts.
///
/// Written for uploads instead of multipart-kit's decoder, which traps — taking the whole server down —
/// on a part header name holding a byte ≥ 0x80 (4.7.1, the version available). Every index here is
/// checked before it is used, nothing is force-unwrapped, and sizes are bounded, so no input can crash
/// or stall it: a body is either parts or a `MultipartForm.Failure` with a reason for the client.
enum MultipartForm {
    struct Part: Sendable {
        /// Header names lower-cased, in order.
        var headers: [(name: String, value: String)]
        var name: String?
        var filename: String?
        var body: ArraySlice<UInt8>
    }

    struct Failure: Error, Sendable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    static let maxParts = 16
    static let maxHeaderBytes = 8 * 1024
    static let maxBoundaryLength = 70

    /// The boundary a `Content-Type: multipart/form-data; boundary=…` names, if it is a valid one.
    static func boundary(in parameters: [String: String]) throws(Failure) -> String {
        guard let boundary = parameters["boundary"], !boundary.isEmpty else {
            throw Failure("The Content-Type needs a boundary parameter")
        }
        // RFC 2046 §5.1.1: 1-70 of these characters, not ending in a space.
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        guard boundary.utf8.count <= maxBoundaryLength, boundary.utf8.allSatisfy(allowed.contains),
            boundary.utf8.last != UInt8(ascii: " ")
        else {
            throw Failure("The multipart boundary must be 1-70 letters, digits or '()+_,-./:=? characters")
        }
        return boundary
    }

    static func parse(_ body: [UInt8], boundary: String) throws(Failure) -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        // The first delimiter opens the body or follows a preamble line.
        guard var cursor = firstDelimiter(delimiter, in: body) else {
            throw Failure("The body holds no part with the boundary its Content-Type names")
        }
        var parts: [Part] = []
        while true {
            cursor += delimiter.count
            if starts(body, at: cursor, with: [45, 45]) { return parts }  // "--": the closing delimiter
            cursor = skipTransportPadding(body, from: cursor)
            guard starts(body, at: cursor, with: crlf) else {
                throw Failure("A multipart delimiter must end its line")
            }
            cursor += 2
            guard parts.count < maxParts else { throw Failure("The form has more than \(maxParts) parts") }
            let headerEnd = find([13, 10, 13, 10], in: body, from: cursor - 2, limit: maxHeaderBytes + 4)
            guard let headerEnd else {
                throw Failure("A part's headers do not end, or are longer than \(maxHeaderBytes) bytes")
            }
            var part = try headers(body[cursor..<max(cursor, headerEnd)])
            let bodyStart = headerEnd + 4
            guard let next = nextDelimiter(delimiter, in: body, from: bodyStart) else {
                throw Failure("The body ends before its closing boundary")
            }
            part.body = body[bodyStart..<next]
            parts.append(part)
            cursor = next + 2
        }
    }

    // MARK: Headers

    private static func headers(_ bytes: ArraySlice<UInt8>) throws(Failure) -> Part {
        var part = Part(headers: [], name: nil, filename: nil, body: [])
        guard !bytes.isEmpty else { return part }
        for line in split(bytes, on: [13, 10]) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw Failure("A part header line has no name")
            }
            let nameBytes = line[line.startIndex..<colon]
            guard nameBytes.allSatisfy(isTokenByte) else {
                throw Failure("A part header name may hold only letters, digits and !#$%&'*+-.^_`|~")
            }
            let valueBytes = line[(colon + 1)...]
            guard let value = String(validating: valueBytes, as: UTF8.self),
                !value.unicodeScalars.contains(where: { $0.value < 32 && $0 != "\t" })
            else {
                throw Failure("A part header value is not UTF-8 text")
            }
            let name = String(decoding: nameBytes, as: UTF8.self).lowercased()
            let trimmed = value.trimmingWhitespace
            part.headers.append((name, trimmed))
            if name == "content-disposition" {
                let parameters = dispositionParameters(trimmed)
                part.name = parameters["name"]
                part.filename = parameters["filename*"].flatMap(decodeExtendedValue) ?? parameters["filename"]
            }
        }
        return part
    }

    /// `form-data; name="image"; filename="a \"b\".png"` → parameters by lower-cased name.
    static func dispositionParameters(_ value: String) -> [String: String] {
        var parameters: [String: String] = [:]
        var scalars = Substring(value).unicodeScalars[...]
        // Skip the disposition type.
        while let first = scalars.first, first != ";" { scalars.removeFirst() }
        while !scalars.isEmpty {
            scalars.removeFirst()  // ";"
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            var name = ""
            while let first = scalars.first, first != "=", first != ";" {
                name.unicodeScalars.append(first)
                scalars.removeFirst()
            }
            guard scalars.first == "=" else { continue }
            scalars.removeFirst()
            var parameterValue = ""
            if scalars.first == "\"" {
                scalars.removeFirst()
                while let first = scalars.first {
                    scalars.removeFirst()
                    if first == "\"" { break }
                    if first == "\\", let escaped = scalars.first {
                        parameterValue.unicodeScalars.append(escaped)
                        scalars.removeFirst()
                    } else {
                        parameterValue.unicodeScalars.append(first)
                    }
                }
                while let first = scalars.first, first != ";" { scalars.removeFirst() }
            } else {
                while let first = scalars.first, first != ";" {
                    parameterValue.unicodeScalars.append(first)
                    scalars.removeFirst()
                }
            }
            let key = name.trimmingWhitespace.lowercased()
            if !key.isEmpty, parameters[key] == nil { parameters[key] = parameterValue.trimmingWhitespace }
        }
        return parameters
    }

    /// RFC 5987 `UTF-8''na%C3%AFve.png` → `naïve.png`; nil for anything else.
    static func decodeExtendedValue(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        var bytes: [UInt8] = []
        var utf8 = pieces[2].utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard let high = utf8.popFirst().flatMap(hexValue), let low = utf8.popFirst().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    // MARK: Bytes

    /// RFC 9110 `tchar`: ASCII only, which is what keeps multipart-kit's trap away.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func firstDelimiter(_ delimiter: [UInt8], in body: [UInt8]) -> Int? {
        if starts(body, at: 0, with: delimiter) { return 0 }
        return find([13, 10] + delimiter, in: body, from: 0).map { $0 + 2 }
    }

    /// The next CRLF + delimiter that really is one: followed by "--", or by padding and a line end.
    /// ("--XBx" at a line start is text that happens to begin like the boundary.)
    private static func nextDelimiter(_ delimiter: [UInt8], in body: [UInt8], from start: Int) -> Int? {
        let pattern = BytePattern([13, 10] + delimiter)
        var from = start
        while let candidate = pattern.firstIndex(in: body, from: from) {
            let after = candidate + 2 + delimiter.count
            if starts(body, at: after, with: [45, 45])
                || starts(body, at: skipTransportPadding(body, from: after), with: [13, 10])
            {
                return candidate
            }
            from = candidate + 1
        }
        return nil
    }

    private static func skipTransportPadding(_ body: [UInt8], from index: Int) -> Int {
        var index = index
        while index < body.count, body[index] == UInt8(ascii: " ") || body[index] == UInt8(ascii: "\t") {
            index += 1
        }
        return index
    }

    static func starts(_ body: [UInt8], at index: Int, with prefix: [UInt8]) -> Bool {
        guard index >= 0, index <= body.count, body.count - index >= prefix.count else { return false }
        return body[index..<index + prefix.count].elementsEqual(prefix)
    }

    /// The first index at or after `start` where `needle` begins, looking no further than `limit`
    /// bytes when given.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, limit: Int? = nil) -> Int? {
        BytePattern(needle).firstIndex(in: haystack, from: start, limit: limit)
    }

    private static func split(_ bytes: ArraySlice<UInt8>, on separator: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var rest = bytes
        while !rest.isEmpty {
            guard let index = find(separator, in: Array(rest), from: 0) else {
                lines.append(rest)
                break
            }
            lines.append(rest[rest.startIndex..<rest.startIndex + index])
            rest = rest[(rest.startIndex + index + separator.count)...]
        }
        return lines
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

/// A byte string to search for, with Horspool's skip table built once: a body full of near-misses
/// stays linear in practice.
struct BytePattern {
    let needle: [UInt8]
    private let skip: [Int]

    init(_ needle: [UInt8]) {
        self.needle = needle
        var skip = [Int](repeating: max(1, needle.count), count: 256)
        for (offset, byte) in needle.dropLast().enumerated() { skip[Int(byte)] = needle.count - 1 - offset }
        self.skip = skip
    }

    func firstIndex(in haystack: [UInt8], from start: Int, limit: Int? = nil) -> Int? {
        let start = max(0, start)
        let end = limit.map { min(haystack.count, start + $0) } ?? haystack.count
        let length = needle.count
        guard length > 0, end - start >= length, let last = needle.last else { return nil }
        var index = start
        while index <= end - length {
            let tail = haystack[index + length - 1]
            if tail == last, haystack[index..<index + length].elementsEqual(needle) { return index }
            index += skip[Int(tail)]
        }
        return nil
    }
}
