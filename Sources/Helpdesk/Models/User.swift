import Fluent
import Foundation

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "username") var username: String
    /// Stored lower-cased: emails are compared case-insensitively.
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: Role
    /// Bumped when the password changes; tokens carrying an older version stop working.
    @Field(key: "token_version") var tokenVersion: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(username: String, email: String, passwordHash: String, role: Role) {
        self.username = username
        self.email = email.lowercased()
        self.passwordHash = passwordHash
        self.role = role
        self.tokenVersion = 0
        self.createdAt = .nowMilliseconds
    }
}
