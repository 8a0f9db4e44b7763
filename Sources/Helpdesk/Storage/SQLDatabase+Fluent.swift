import Fluent
import SQLKit

extension Database {
    /// The SQL side of a Fluent database. Helpdesk runs on SQL databases only.
    var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            fatalError("Helpdesk runs on SQL databases only")
        }
        return sql
    }
}

/// A comma-separated column list for a row type, from its coding keys: adding a property to the type
/// adds the column to every query that reads it.
enum Columns {
    static func of<Key: CodingKey & CaseIterable>(_: Key.Type, table alias: String? = nil) -> SQLQueryString {
        let prefix = alias.map { "\($0)." } ?? ""
        return "\(unsafeRaw: Key.allCases.map { prefix + $0.stringValue }.joined(separator: ", "))"
    }
}
