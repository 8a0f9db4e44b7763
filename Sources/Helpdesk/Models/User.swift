/// Someone who signs in: what the API shows of them, and the password hash it never shows.
struct User: Sendable {
    static let schema = "users"

    /// The `users` columns the API shows (`UserResponse`'s keys are those column names).
    var profile: UserResponse
    var passwordHash: String

    var id: Int { profile.id }
    var username: String { profile.username }
    /// Stored lower-cased: emails are compared case-insensitively.
    var email: String { profile.email }
    var role: Role { profile.role }
}
