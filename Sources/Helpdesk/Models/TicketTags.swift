import Foundation

/// The rules for tags: trimmed and lower-cased, 1-32 characters of letters, digits, `-`, `_` and `.`,
/// at most 20 on a ticket.
enum TicketTags {
    static let maxPerTicket = 20
    static let maxLength = 32
    static let characters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_.")
    static let rule = "1-32 characters of letters, digits, '-', '_' or '.'"

    /// The tag as stored, or nil if it breaks the rules.
    static func normalize(_ raw: String) -> String? {
        let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard (1...maxLength).contains(tag.unicodeScalars.count), tag.unicodeScalars.allSatisfy(characters.contains)
        else { return nil }
        return tag
    }

    /// A whole set, checked: sorted, without duplicates; nil (with the reason) if any tag is bad.
    static func normalize(all raw: [String]) -> Result<[String], TagError> {
        var tags = Set<String>()
        for value in raw {
            guard let tag = normalize(value) else { return .failure(TagError(message: "each tag must be \(rule)")) }
            tags.insert(tag)
        }
        guard tags.count <= maxPerTicket else {
            return .failure(TagError(message: "at most \(maxPerTicket) tags per ticket"))
        }
        return .success(tags.sorted())
    }

    struct TagError: Error {
        var message: String
    }
}
