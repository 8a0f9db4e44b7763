import Foundation

/// Who wrote a ticket's last comment and when, kept on the ticket so that a list shows it without
/// reading comments: the last of any kind (staff see internal notes), the last public one (what its
/// customer sees), and when its customer last opened it (for the "new reply" marker).
struct TicketReplies: Sendable, Equatable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case lastReplyAt = "last_reply_at"
        case lastReplyBy = "last_reply_by"
        case lastPublicReplyAt = "last_public_reply_at"
        case lastPublicReplyBy = "last_public_reply_by"
        case customerSeenAt = "customer_seen_at"
    }

    var lastReplyAt: Date?
    var lastReplyBy: Int?
    var lastPublicReplyAt: Date?
    var lastPublicReplyBy: Int?
    var customerSeenAt: Date?

    static let none = TicketReplies()

    /// The state after `comments` (in any order).
    init(comments: [(authorID: Int, internal: Bool, createdAt: Date)] = []) {
        let ordered = comments.sorted { $0.createdAt < $1.createdAt }
        if let last = ordered.last { (lastReplyAt, lastReplyBy) = (last.createdAt, last.authorID) }
        if let last = ordered.last(where: { !$0.internal }) {
            (lastPublicReplyAt, lastPublicReplyBy) = (last.createdAt, last.authorID)
        }
    }

    init(
        lastReplyAt: Date?, lastReplyBy: Int?, lastPublicReplyAt: Date?, lastPublicReplyBy: Int?, customerSeenAt: Date?
    ) {
        self.lastReplyAt = lastReplyAt
        self.lastReplyBy = lastReplyBy
        self.lastPublicReplyAt = lastPublicReplyAt
        self.lastPublicReplyBy = lastPublicReplyBy
        self.customerSeenAt = customerSeenAt
    }

    /// Whether someone other than the author replied in public since the author last opened the ticket.
    func hasNewReply(forAuthor authorID: Int) -> Bool {
        guard let at = lastPublicReplyAt, let by = lastPublicReplyBy, by != authorID else { return false }
        return customerSeenAt.map { at > $0 } ?? true
    }
}
