import Foundation

/// A support request. The coding keys are the `tickets` columns (see `Storage/Rows.swift`).
struct Ticket: Sendable {
    static let schema = "tickets"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, description, status, priority
        case authorID = "author_id"
        case assigneeID = "assignee_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case activityAt = "activity_at"
        case mergedIntoID = "merged_into_id"
    }

    let id: Int
    let title: String
    let description: String
    let status: TicketStatus
    let priority: TicketPriority
    let authorID: Int
    let assigneeID: Int?
    let createdAt: Date
    /// The last change its customer can see. Internal notes never move it: what a customer sees must
    /// not change because of something they may not read.
    var updatedAt: Date
    /// The last change of any kind, internal notes included: for staff only.
    var activityAt: Date
    /// Set once this duplicate has been merged into that ticket (it is closed, its thread moved there).
    var mergedIntoID: Int? = nil
}
