import Foundation
import Vapor

struct ImageMeta: Content {
    enum CodingKeys: String, CodingKey {
        case id, filename, size
        case ticketId = "ticket_id"
        case contentType = "content_type"
        case createdAt = "created_at"
    }

    var id: Int
    var ticketId: Int
    var filename: String
    var contentType: String
    var size: Int
    var createdAt: Date
}

struct ImageList: Content {
    var items: [ImageMeta]
}

struct ImageUpload: Content {
    var image: File
}

extension TicketImage {
    func toDTO() throws -> ImageMeta {
        ImageMeta(
            id: try requireID(), ticketId: $ticket.id, filename: filename, contentType: contentType, size: size,
            createdAt: createdAt)
    }
}
