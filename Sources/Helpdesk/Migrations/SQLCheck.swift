import Fluent
import SQLKit

extension DatabaseSchema.FieldConstraint {
    /// `CHECK (column IN (...))` for a string enum column: the database refuses values the app does not know.
    static func oneOf<E: CaseIterable & RawRepresentable>(_ column: String, _: E.Type) -> Self
    where E.RawValue == String {
        let values = E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return .sql(.check(SQLRaw("\(column) IN (\(values))")))
    }
}
