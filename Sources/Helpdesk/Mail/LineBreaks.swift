/// Mail ends every line with CRLF (RFC 5322 §2.1), but text from users, templates and files may end its
/// lines with LF, CRLF or a lone CR. This finds the lines whatever their breaks.
enum LineBreaks {
    /// The lines of `text` without their breaks: n breaks give n + 1 lines, so `"a\n"` is `["a", ""]`.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: isBreak)
    }

    /// CR LF is a single `Character` in Swift, so each break is one separator whatever its kind; and a
    /// break never joins a neighbouring character into its grapheme.
    private static func isBreak(_ character: Character) -> Bool {
        character == "\r\n" || character == "\n" || character == "\r"
    }
}
