import Foundation
import Vapor

struct ImageMeta: Content {
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
