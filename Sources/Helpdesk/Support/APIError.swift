import Vapor

/// The one error body every failure is sent as (see `ErrorResponse` in openapi.yml).
struct ErrorResponse: Content {
    var error = true
    var reason: String
    var fields: [String: String]?
}

/// Input that decoded but breaks a rule: 422 with one message per offending field.
struct ValidationFailure: AbortError {
    let fields: [String: String]

    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String {
        fields.keys.sorted().map { "\($0) \(fields[$0]!)" }.joined(separator: "; ")
    }
}

/// Collects the rule breaks of one request body, then throws them together.
struct FieldErrors {
    private(set) var fields: [String: String] = [:]

    mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition, fields[field] == nil { fields[field] = message }
    }

    /// A required text: not blank and at most `maxCharacters` characters.
    mutating func text(_ value: String?, _ field: String, max maxCharacters: Int) {
        guard let value else { return }
        check(!value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, field, "must not be blank")
        check(value.count <= maxCharacters, field, "must be at most \(maxCharacters) characters")
    }

    func throwIfAny() throws {
        if !fields.isEmpty { throw ValidationFailure(fields: fields) }
    }
}
