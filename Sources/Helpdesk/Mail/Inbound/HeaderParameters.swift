import Foundation

/// A header of the form `value; name=value; …` (Content-Type, Content-Disposition): the value lowercased,
/// and the parameters by lowercased name, unquoted, with RFC 2231 extended values (`filename*=UTF-8''…`)
/// and continuations (`filename*0*=…; filename*1*=…`) put together and decoded.
struct HeaderParameters {
    /// e.g. `multipart/mixed` or `attachment`; "" when the header is missing or empty.
    let value: String
    private let parameters: [String: String]

    init(_ header: String?) {
        let segments = Self.segments(header ?? "")
        value = String((segments.first ?? "").filter { !$0.isWhitespace }).lowercased()
        var plain: [String: String] = [:]
        var sections: [String: [Int: (text: String, isEncoded: Bool)]] = [:]
        for segment in segments.dropFirst() {
            guard let equals = segment.firstIndex(of: "=") else { continue }
            let name = segment[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let text = QuotedString.unquoted(segment[segment.index(after: equals)...])
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                var index = name[name.index(after: star)...]
                let isEncoded = index.hasSuffix("*") || index.isEmpty
                if index.hasSuffix("*") { index = index.dropLast() }
                // `name*` alone is one encoded section; more than four digits is no real continuation.
                guard index.count <= 4, let number = index.isEmpty ? 0 : Int(index), number >= 0 else { continue }
                sections[base, default: [:]][number] = (text, isEncoded)
            } else if plain[name] == nil {
                plain[name] = text
            }
        }
        for (name, parts) in sections { plain[name] = Self.joined(parts) }
        parameters = plain
    }

    subscript(name: String) -> String? { parameters[name.lowercased()] }

    /// The text split at semicolons outside quoted strings, each piece trimmed.
    private static func segments(_ text: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in text {
            if inQuotes {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuotes = false
                }
                current.append(character)
            } else if character == ";" {
                segments.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                if character == "\"" { inQuotes = true }
                current.append(character)
            }
        }
        segments.append(current.trimmingCharacters(in: .whitespaces))
        return segments
    }

    /// RFC 2231 §3-4: sections in number order; encoded ones are percent-encoded bytes, and the first of
    /// them starts with `charset'language'`, which says how to read all of the bytes.
    private static func joined(_ sections: [Int: (text: String, isEncoded: Bool)]) -> String {
        var bytes: [UInt8] = []
        var charset: String?
        for number in sections.keys.sorted() {
            guard let section = sections[number] else { continue }
            guard section.isEncoded else {
                bytes += section.text.utf8
                continue
            }
            var text = Substring(section.text)
            if number == sections.keys.min() {
                let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if pieces.count == 3 {
                    charset = String(pieces[0])
                    text = pieces[2]
                }
            }
            bytes += percentDecoded(text.utf8)
        }
        return Charset.decode(bytes, charset: charset ?? "utf-8")
    }

    private static func percentDecoded(_ text: Substring.UTF8View) -> [UInt8] {
        let input = Array(text)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = Hex.value(of: input[index + 1]), let low = Hex.value(of: input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }
}
