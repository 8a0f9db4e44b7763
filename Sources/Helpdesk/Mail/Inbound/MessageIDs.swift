/// Message ids (`<local@domain>`) in Message-ID, In-Reply-To and References.
enum MessageIDs {
    /// Every `<…>` in the text, in order, without white space a fold may have left inside one.
    static func all(_ value: String) -> [String] {
        var ids: [String] = []
        var current: String?
        for character in value {
            if character == "<" {
                current = ""
            } else if character == ">", let id = current {
                if !id.isEmpty { ids.append("<\(id)>") }
                current = nil
            } else if !character.isWhitespace {
                current?.append(character)
            }
        }
        return ids
    }

    /// The message's own id: its first `<…>`, or the trimmed value when a sender left the brackets out.
    static func messageID(_ value: String?) -> String? {
        guard let value else { return nil }
        if let id = all(value).first { return id }
        let trimmed = PlainText.singleLine(value)
        return trimmed.isEmpty ? nil : trimmed
    }
}
