/// Turns a free-text query into the words every matching ticket must contain, as whole words, split
/// the way both full-text indexes split text: runs of letters and digits. (Prefix matching made a
/// common word's search read every match; whole words let the index stop after one page.)
enum TicketSearch {
    static let maxTerms = 16
    static let maxTermLength = 64

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

    /// FTS5: every term quoted, implicitly ANDed.
    static func fts5Match(_ terms: [String]) -> String {
        terms.map { "\"\($0)\"" }.joined(separator: " ")
    }

    /// PostgreSQL `to_tsquery('simple', …)`: every term, ANDed.
    static func tsQuery(_ terms: [String]) -> String {
        terms.joined(separator: " & ")
    }
}
