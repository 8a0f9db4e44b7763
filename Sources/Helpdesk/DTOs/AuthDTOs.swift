import Vapor

struct RegisterRequest: Content, ValidatedRequest {
    var username: String
    var email: String
    var password: String

    static let usernameCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")

    func validated() throws -> NewAccount {
        var errors = FieldErrors()
        errors.check(
            (3...32).contains(username.unicodeScalars.count)
                && username.unicodeScalars.allSatisfy(Self.usernameCharacters.contains),
            "username", "must be 3-32 characters of letters, digits, '_', '.' or '-'")
        errors.check(EmailAddress.isPlausible(email), "email", "must be a valid email address")
        errors.check(PasswordRules.isAcceptable(password), "password", PasswordRules.message)
        try errors.throwIfAny()
        return NewAccount(username: username, email: email.lowercased(), password: password)
    }
}

/// A checked registration.
struct NewAccount: Sendable {
    var username: String
    var email: String
    var password: String
}

struct LoginRequest: Content {
    var email: String
    var password: String
}

struct ChangePasswordRequest: Content, ValidatedRequest {
    enum CodingKeys: String, CodingKey {
        case currentPassword = "current_password"
        case newPassword = "new_password"
    }

    var currentPassword: String
    var newPassword: String

    func validated() throws -> Self {
        var errors = FieldErrors()
        errors.check(PasswordRules.isAcceptable(newPassword), "new_password", PasswordRules.message)
        try errors.throwIfAny()
        return self
    }
}

struct AuthResponse: Content {
    var token: String
    var user: UserResponse
}

enum PasswordRules {
    /// bcrypt reads at most 72 bytes, so a longer password would be silently cut.
    static let bytes = 8...72
    static let message = "must be 8-72 bytes long"

    static func isAcceptable(_ password: String) -> Bool { bytes.contains(password.utf8.count) }
}

enum EmailAddress {
    /// One '@', a non-empty local part of at most 64 bytes, a dotted domain, no spaces; at most 254
    /// bytes in all (RFC 5321 counts octets).
    static func isPlausible(_ email: String) -> Bool {
        guard email.utf8.count <= 254, !email.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            return false
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }
}
