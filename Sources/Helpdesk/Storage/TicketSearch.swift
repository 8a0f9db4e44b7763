import Foundation

/// Reads the list's `q`: the words every matching ticket must contain, split the way both full-text
/// indexes split text (runs of letters and digits); the last word as the start of a word while it is
/// still being typed (search as you type); `#301` or `301` for that ticket; and, for staff,
/// `from:ada@example.org` or `from:ada` for the tickets a user filed.
enum TicketSearch {
    static let maxTerms = 16
    static let maxTermLength = 64

    struct Query: Sendable, Equatable {
        var terms: [String] = []
        /// The query ends inside its last word: it matches any word that starts with it.
        var lastIsPrefix = false
        var ticketID: Int?
        /// An email or a username, lower-cased.
        var from: String?

        var isEmpty: Bool { terms.isEmpty && ticketID == nil && from == nil }
    }

    static func parse(_ text: String) -> Query {
        var query = Query()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = trimmed.hasPrefix("#") ? trimmed.dropFirst() : Substring(trimmed)
        if (1...18).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int(digits) {
            query.ticketID = id
            return query
        }
        var words: [Substring] = []
        for token in text.split(whereSeparator: \.isWhitespace) {
            if token.lowercased().hasPrefix("from:"), token.count > 5 {
                query.from = String(token.dropFirst(5)).lowercased()
            } else {
                words.append(token)
            }
        }
        let rest = words.joined(separator: " ")
        query.terms = terms(in: rest)
        query.lastIsPrefix = !query.terms.isEmpty && (text.last.map { $0.isLetter || $0.isNumber } ?? false)
        return query
    }

    static func terms(in query: String) -> [String] {
        var terms: [String] = []
        var current = ""
        for character in query.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                terms.append(current)
                current = ""
            }
        }
        if !current.isEmpty { terms.append(current) }
        var seen = Set<String>()
        return terms.map { String($0.prefix(maxTermLength)) }.filter { seen.insert($0).inserted }.prefix(maxTerms)
            .map { $0 }
    }

    /// FTS5: every term quoted, implicitly ANDed; the last one open-ended when it is a prefix.
    static func fts5Match(_ query: Query) -> String {
        query.terms.enumerated().map { index, term in
            index == query.terms.count - 1 && query.lastIsPrefix ? "\"\(term)\"*" : "\"\(term)\""
        }.joined(separator: " ")
    }

    /// PostgreSQL `to_tsquery('simple', …)`: every term, ANDed; `:*` marks a prefix.
    static func tsQuery(_ query: Query) -> String {
        query.terms.enumerated().map { index, term in
            index == query.terms.count - 1 && query.lastIsPrefix ? "\(term):*" : term
        }.joined(separator: " & ")
    }
}
