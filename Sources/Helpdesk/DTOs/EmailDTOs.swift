import Vapor

/// A message in the outbox as admins see it: who, what about, and how delivery went. Never its body.
struct OutboxEmailResponse: Content {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, to, subject, status, attempts
        case ticketId = "ticket_id"
        case lastError = "last_error"
        case createdAt = "created_at"
        case nextAttemptAt = "next_attempt_at"
        case sentAt = "sent_at"
    }

    var id: Int
    var kind: String
    var to: String
    var subject: String
    @Nullable var ticketId: Int?
    var status: OutboxStatus
    var attempts: Int
    @Nullable var lastError: String?
    var createdAt: Date
    @Nullable var nextAttemptAt: Date?
    @Nullable var sentAt: Date?
}

enum OutboxStatus: String, Codable, Sendable, CaseIterable {
    case pending, sent, failed
}

struct OutboxPage: Content {
    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    var items: [OutboxEmailResponse]
    @Nullable var nextCursor: String?
}

struct PatchMeRequest: Content {
    enum CodingKeys: String, CodingKey {
        case emailNotifications = "email_notifications"
    }

    var emailNotifications: Bool?
}

struct PasswordResetRequest: Content {
    var email: String
}

struct PasswordResetAccepted: Content {
    var status: String
}

struct PasswordResetConfirmRequest: Content, ValidatedRequest {
    var token: String
    var password: String

    func validated() throws -> Self {
        var errors = FieldErrors()
        errors.check(PasswordRules.isAcceptable(password), "password", PasswordRules.message)
        try errors.throwIfAny()
        return self
    }
}

struct InboundImportedResponse: Content {
    enum CodingKeys: String, CodingKey {
        case created
        case ticketId = "ticket_id"
        case commentId = "comment_id"
    }

    var ticketId: Int
    @Nullable var commentId: Int?
    var created: Bool
}

struct InboundIgnoredResponse: Content {
    var ignored: String
}
