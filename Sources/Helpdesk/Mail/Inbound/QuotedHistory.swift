import Foundation

/// Cuts the quoted history from a reply, so a comment holds what the sender wrote this time: from an
/// attribution line ("On … wrote:", also wrapped over two lines as Gmail does, "Am … schrieb …:",
/// "Le … a écrit :"), from Outlook's "-----Original Message-----" or its "From: / Sent: / To:" block,
/// and a trailing block of `>` lines. A signature below the reply (after "-- ") is not history and
/// stays. Forwarded messages are content, not history: the caller applies this to replies only.
enum QuotedHistory {
    static func strip(_ text: String) -> String {
        let lines = LineBreaks.lines(text).map(String.init)
        var kept = lines
        if let cut = firstMarker(in: lines) {
            kept = Array(lines[..<cut.start])
            if let signature = signatureStart(in: lines), signature >= cut.end,
                lines[cut.end..<signature].allSatisfy({ isQuoted($0) || isBlank($0) })
            {
                // The quote ended where the sender's own signature begins.
                kept += lines[signature...]
            }
        }
        kept = withoutTrailingQuote(kept)
        let stripped = kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return stripped.isEmpty ? text.trimmingCharacters(in: .whitespacesAndNewlines) : stripped
    }

    /// The earliest line that starts the history, and the line after the marker itself.
    private static func firstMarker(in lines: [String]) -> (start: Int, end: Int)? {
        let interleaved = interleavedFrom(lines)
        for index in lines.indices where !isQuoted(lines[index]) {
            let line = trimmed(lines[index])
            if let length = attributionLength(lines, at: index), !interleaved[index + length] {
                return (index, index + length)
            }
            if isOriginalMessageLine(line) { return (index, index + 1) }
            if isHeaderBlock(lines, at: index) {
                // Outlook puts a line of underscores above the block.
                let previous = lines[..<index].lastIndex(where: { !isBlank($0) })
                if let previous, trimmed(lines[previous]).allSatisfy({ $0 == "_" }) { return (previous, index + 1) }
                return (index, index + 1)
            }
        }
        return nil
    }

    /// 1 or 2 when an attribution line (or one wrapped over two lines) starts here, else nil.
    private static func attributionLength(_ lines: [String], at index: Int) -> Int? {
        let line = trimmed(lines[index])
        if isAttribution(line) { return 1 }
        guard index + 1 < lines.count, !isQuoted(lines[index + 1]), !line.hasSuffix(":") else { return nil }
        let next = trimmed(lines[index + 1])
        return isAttribution(line + " " + next) && line.count + next.count < 300 ? 2 : nil
    }

    private static func isAttribution(_ line: String) -> Bool {
        (line.hasPrefix("On ") && line.hasSuffix("wrote:"))
            || (line.hasPrefix("Am ") && line.contains(" schrieb") && line.hasSuffix(":"))
            || (line.hasPrefix("Le ") && (line.hasSuffix("a écrit :") || line.hasSuffix("a écrit:")))
    }

    /// For each line, whether a bottom-poster answers between quoted lines from there on (up to the
    /// signature, when it lies further on): then an attribution there does not start history. Worked out
    /// in one pass from the end, so many attributions cost no more than one.
    private static func interleavedFrom(_ lines: [String]) -> [Bool] {
        let signature = signatureStart(in: lines)
        var interleaved = [Bool](repeating: false, count: lines.count + 1)
        var textFollows = false
        for index in lines.indices.reversed() {
            if index == signature {
                textFollows = false
                continue
            }
            let line = lines[index]
            interleaved[index] = interleaved[index + 1] || (isQuoted(line) && textFollows)
            if !isQuoted(line) && !isBlank(line) { textFollows = true }
        }
        return interleaved
    }

    private static func isOriginalMessageLine(_ line: String) -> Bool {
        let letters = line.lowercased().filter { $0 != "-" && $0 != " " && $0 != "_" }
        return letters == "originalmessage" || letters == "ursprünglichenachricht"
    }

    /// `From:` and, within the next four lines, `Sent:` or `Date:` and `To:` or `Subject:`, as Outlook
    /// writes above the message it answers; not the block that introduces a forwarded message.
    private static func isHeaderBlock(_ lines: [String], at index: Int) -> Bool {
        func starts(_ line: String, with labels: [String]) -> Bool {
            let label = trimmed(line).drop(while: { $0 == "*" }).lowercased()
            return labels.contains { label.hasPrefix($0) }
        }
        guard starts(lines[index], with: ["from:", "von:"]) else { return false }
        let following = lines[(index + 1)..<min(lines.count, index + 5)]
        guard following.contains(where: { starts($0, with: ["sent:", "date:", "gesendet:", "datum:"]) }),
            following.contains(where: { starts($0, with: ["to:", "subject:", "an:", "betreff:"]) })
        else { return false }
        let previous = lines[..<index].last(where: { !isBlank($0) })
        return !(previous?.lowercased().contains("forwarded message") ?? false)
    }

    /// The last `>` block and the blank lines around it, when it ends the text or nothing but a signature
    /// follows it; an attribution line just above it goes too.
    private static func withoutTrailingQuote(_ lines: [String]) -> [String] {
        for end in [lines.count, signatureStart(in: lines)].compactMap(\.self) {
            guard let last = lines[..<end].lastIndex(where: { !isBlank($0) }), isQuoted(lines[last]) else { continue }
            var start = last
            while start > 0, isQuoted(lines[start - 1]) || isBlank(lines[start - 1]) { start -= 1 }
            if let above = lines[..<start].lastIndex(where: { !isBlank($0) }) {
                let line = trimmed(lines[above])
                if line.hasSuffix(":"), ["wrote", "schrieb", "écrit"].contains(where: { line.contains($0) }) {
                    start = above
                }
            }
            return Array(lines[..<start]) + lines[end...]
        }
        return lines
    }

    /// The last unquoted "-- " line (some clients drop its space).
    private static func signatureStart(in lines: [String]) -> Int? {
        lines.lastIndex { $0 == "-- " || $0 == "--" }
    }

    private static func isQuoted(_ line: String) -> Bool { line.hasPrefix(">") }

    private static func isBlank(_ line: String) -> Bool { line.allSatisfy(\.isWhitespace) }

    private static func trimmed(_ line: String) -> String { line.trimmingCharacters(in: .whitespaces) }
}
