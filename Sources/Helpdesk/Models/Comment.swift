import Fluent
import Foundation

final class Comment: Model, @unchecked Sendable {
    static let schema = "comments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "text") var text: String
    /// Internal notes are for agents and admins only; customers never receive them.
    @Field(key: "internal") var `internal`: Bool
    @Parent(key: "author_id") var author: User
    @Parent(key: "ticket_id") var ticket: Ticket
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(text: String, internal: Bool, authorID: Int, ticketID: Int) {
        self.text = text
        self.internal = `internal`
        self.$author.id = authorID
        self.$ticket.id = ticketID
        self.createdAt = .nowMilliseconds
    }
}
