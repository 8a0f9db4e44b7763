import Foundation
import Vapor

/// An image's metadata (`Image` in openapi.yml); the bytes are served on their own. Its keys are
/// also the `ticket_images` columns, so the store reads rows straight into it.
struct ImageResponse: Content {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, filename, size
        case ticketId = "ticket_id"
        case contentType = "content_type"
        case createdAt = "created_at"
        case commentId = "comment_id"
    }

    var id: Int
    var ticketId: Int
    var filename: String
    var contentType: String
    var size: Int
    var createdAt: Date
    /// The reply it was attached to, if any.
    @Nullable var commentId: Int?
}

struct ImageList: Content {
    var items: [ImageResponse]
}

/// A checked upload: a recognised image format, its bytes, and a safe file name that says that format.
struct NewImage: Sendable {
    var filename: String
    var format: ImageFormat
    var data: Data
    /// The uploader's own comment on the ticket it is attached to, if any.
    var commentID: Int? = nil
}
