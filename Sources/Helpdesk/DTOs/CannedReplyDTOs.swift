import Foundation
import Vapor

/// A saved answer as the API shows it. Its keys are also the `canned_replies` columns, so the store
/// reads rows straight into it. Placeholders in `body` are filled by the web app when it is inserted.
struct CannedReply: Content, Equatable {
    static let schema = "canned_replies"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, body, shared
        case ownerId = "owner_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    var id: Int
    var title: String
    var body: String
    /// Read by all of staff and kept by admins; otherwise only its owner sees it.
    var shared: Bool
    var ownerId: Int
    var createdAt: Date
    var updatedAt: Date
}

struct CannedReplyList: Content {
    var items: [CannedReply]
}

enum CannedReplyLimits {
    static let title = 100
    /// As long as a comment may be, since it becomes one.
    static let body = CreateCommentRequest.maxLength
}

/// `POST /api/canned-replies`.
struct CreateCannedReplyRequest: Content, ValidatedRequest {
    var title: String
    var body: String
    var shared: Bool?

    func validated() throws -> NewCannedReply {
        var errors = FieldErrors()
        errors.text(title, "title", max: CannedReplyLimits.title)
        errors.text(body, "body", max: CannedReplyLimits.body)
        try errors.throwIfAny()
        return NewCannedReply(
            title: title.trimmingCharacters(in: .whitespacesAndNewlines), body: body, shared: shared ?? false)
    }
}

struct NewCannedReply: Sendable {
    var title: String
    var body: String
    var shared: Bool
}

/// `PATCH /api/canned-replies/{id}`: any of title, body and shared.
struct UpdateCannedReplyRequest: Content, ValidatedRequest {
    var title: String?
    var body: String?
    var shared: Bool?

    func validated() throws -> CannedReplyChange {
        var errors = FieldErrors()
        errors.text(title, "title", max: CannedReplyLimits.title)
        errors.text(body, "body", max: CannedReplyLimits.body)
        errors.check(title != nil || body != nil || shared != nil, "title", "send a title, body or shared")
        try errors.throwIfAny()
        return CannedReplyChange(
            title: title?.trimmingCharacters(in: .whitespacesAndNewlines), body: body, shared: shared)
    }
}

struct CannedReplyChange: Sendable {
    var title: String?
    var body: String?
    var shared: Bool?
}
