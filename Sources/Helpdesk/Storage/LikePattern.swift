/// `LIKE` patterns from what someone typed: `%`, `_` and the escape character itself match only
/// themselves (every use says `ESCAPE '\'`).
enum LikePattern {
    /// Text containing `text` anywhere.
    static func containing(_ text: String) -> String { "%" + escaped(text) + "%" }

    /// Text starting with `text`.
    static func starting(with text: String) -> String { escaped(text) + "%" }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
