import Fluent
import Foundation

final class Ticket: Model, @unchecked Sendable {
    static let schema = "tickets"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "status") var status: TicketStatus
    @Field(key: "priority") var priority: TicketPriority
    @Parent(key: "author_id") var author: User
    @OptionalParent(key: "assignee_id") var assignee: User?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(title: String, description: String, priority: TicketPriority, authorID: Int) {
        self.title = title
        self.description = description
        self.status = .open
        self.priority = priority
        self.$author.id = authorID
        self.$assignee.id = nil
        let now = Date.nowMilliseconds
        self.createdAt = now
        self.updatedAt = now
    }

    /// Moves `updated_at` forward, by at least a millisecond, so that every change is visible in it.
    func touch() {
        let now = Date.nowMilliseconds
        updatedAt = max(now, updatedAt.addingTimeInterval(0.001))
    }
}
