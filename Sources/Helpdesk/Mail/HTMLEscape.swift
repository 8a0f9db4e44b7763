/// User text inside HTML mail: the characters that could open a tag, end an attribute value or start
/// an entity become entities, so a title or comment can never add markup.
enum HTMLEscape {
    static func escape(_ s: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(s.utf8.count)
        // Scalars, not Characters: `<` followed by a combining mark is one Character that is not "<",
        // yet its first byte still opens a tag.
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
