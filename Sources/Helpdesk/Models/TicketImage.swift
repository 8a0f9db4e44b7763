import Fluent
import Foundation

final class TicketImage: Model, @unchecked Sendable {
    static let schema = "ticket_images"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "ticket_id") var ticket: Ticket
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "image_data") var data: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(ticketID: Int, filename: String, contentType: String, data: Data) {
        self.$ticket.id = ticketID
        self.filename = filename
        self.contentType = contentType
        self.size = data.count
        self.data = data
        self.createdAt = .nowMilliseconds
    }
}
