/// `text/plain; format=flowed` (RFC 3676), as Thunderbird and Apple Mail send it: a line ending in a space
/// goes on in the next line, so paragraphs are rewrapped by the reader instead of broken at 72 columns.
enum FormatFlowed {
    /// Flowed lines joined into paragraphs, quote by quote; space-stuffing removed. With `deleteSpace`
    /// (`DelSp=yes`) the space that marked a flowed line is not part of the text.
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var lines: [String] = []
        var paragraph: (depth: Int, text: String)?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let depth = raw.prefix(while: { $0 == ">" }).count
            var content = raw.dropFirst(depth)
            if content.hasPrefix(" ") { content = content.dropFirst() }
            // §4.3: the signature separator is never flowed.
            let isFlowed = content.hasSuffix(" ") && content != "-- "
            if isFlowed && deleteSpace { content = content.dropLast() }
            if var open = paragraph, open.depth == depth {
                open.text += content
                paragraph = open
            } else {
                if let open = paragraph { lines.append(quoted(open)) }
                paragraph = (depth, String(content))
            }
            if !isFlowed, let open = paragraph {
                lines.append(quoted(open))
                paragraph = nil
            }
        }
        if let open = paragraph { lines.append(quoted(open)) }
        return lines.joined(separator: "\n")
    }

    private static func quoted(_ line: (depth: Int, text: String)) -> String {
        guard line.depth > 0 else { return line.text }
        let marks = String(repeating: ">", count: line.depth)
        return line.text.isEmpty ? marks : marks + " " + line.text
    }
}
