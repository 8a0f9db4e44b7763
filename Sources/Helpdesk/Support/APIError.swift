import Vapor

/// The one error body every failure is sent as (see `ErrorResponse` in openapi.yml).
struct ErrorResponse: Content {
    var error = true
    var reason: String
    var fields: [String: String]?
}

/// Something the caller may not see, or that does not exist: the two are one answer (404).
struct NotFound: AbortError {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var status: HTTPResponseStatus { .notFound }
}

/// Input that decoded but breaks a rule: 422 with one message per offending field.
struct ValidationFailure: AbortError {
    let fields: [String: String]

    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String {
        fields.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
    }
}

/// A request body with rules. Every one follows the same convention: `validated()` checks all the
/// rules, throws them together as a `ValidationFailure`, and returns the checked value the route uses.
protocol ValidatedRequest: Decodable {
    associatedtype Valid
    func validated() throws -> Valid
}

/// Collects the rule breaks of one request body, then throws them together.
struct FieldErrors {
    private(set) var fields: [String: String] = [:]

    mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition, fields[field] == nil { fields[field] = message }
    }

    /// A required text: not blank, at most `maxCharacters` Unicode scalars and at most four bytes a
    /// character in UTF-8. (Not `String.count`: it counts graphemes, and one letter carrying 300,000
    /// combining marks is a single grapheme.)
    mutating func text(_ value: String?, _ field: String, max maxCharacters: Int) {
        guard let value else { return }
        check(!value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, field, "must not be blank")
        check(
            value.unicodeScalars.count <= maxCharacters && value.utf8.count <= maxCharacters * 4, field,
            "must be at most \(maxCharacters) characters")
    }

    func throwIfAny() throws {
        if !fields.isEmpty { throw ValidationFailure(fields: fields) }
    }
}
