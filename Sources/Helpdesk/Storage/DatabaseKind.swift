import SQLKit

/// Which database Helpdesk runs on, decided once when the app is configured. Where the two speak
/// different SQL, the stores switch on this, never on a dialect's name.
enum DatabaseKind: Sendable {
    case sqlite
    case postgres

    init(of database: any SQLDatabase) {
        self = database.dialect.name == "postgresql" ? .postgres : .sqlite
    }

    /// The scalar "larger of two values" function.
    var greatest: String {
        switch self {
        case .sqlite: "MAX"
        case .postgres: "GREATEST"
        }
    }
}
