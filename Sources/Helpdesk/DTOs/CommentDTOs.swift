import Foundation
import Vapor

struct CommentAuthor: Content {
    var id: Int
    var username: String
    var role: Role
}

extension CommentAuthor {
    init(_ user: User) {
        self.init(id: user.id, username: user.username, role: user.role)
    }
}

struct CommentResponse: Content {
    enum CodingKeys: String, CodingKey {
        case id, text, `internal`, author
        case ticketId = "ticket_id"
        case authorId = "author_id"
        case createdAt = "created_at"
    }

    var id: Int
    var ticketId: Int
    var text: String
    var `internal`: Bool
    var authorId: Int
    var author: CommentAuthor
    var createdAt: Date
}

struct CommentList: Content {
    var items: [CommentResponse]
}

struct CreateCommentRequest: Content, ValidatedRequest {
    static let maxLength = 10_000

    var text: String
    var `internal`: Bool?

    func validated() throws -> NewComment {
        var errors = FieldErrors()
        errors.text(text, "text", max: Self.maxLength)
        try errors.throwIfAny()
        return NewComment(text: text, internal: `internal` ?? false)
    }
}

/// A checked new comment.
struct NewComment: Sendable {
    var text: String
    var `internal`: Bool
}
