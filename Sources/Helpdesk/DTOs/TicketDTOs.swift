import Foundation
import Vapor

struct TicketResponse: Content {
    enum CodingKeys: String, CodingKey {
        case id, title, description, status, priority, author, assignee, sla
        case lastReply = "last_reply"
        case newReply = "new_reply"
        case tags
        case authorId = "author_id"
        case assigneeId = "assignee_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case mergedIntoId = "merged_into_id"
    }

    var id: Int
    var title: String
    var description: String
    var status: TicketStatus
    var priority: TicketPriority
    var authorId: Int
    var author: UserSummary
    var assigneeId: Int?
    var assignee: UserSummary?
    var createdAt: Date
    var updatedAt: Date
    /// Staff only: a customer's tickets leave it out.
    var sla: TicketSLAResponse?
    /// The last comment the reader may see.
    var lastReply: LastReplyResponse?
    /// Customers only: staff replied in public since they last opened the ticket.
    var newReply: Bool?
    /// Staff only: a customer's tickets leave them out.
    var tags: [String]?
    /// The ticket this duplicate was merged into; null for any other.
    var mergedIntoId: Int?

    // Spelled out so that a missing assignee is sent as null rather than left out (and a missing SLA,
    // a customer's view, is left out).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(status, forKey: .status)
        try container.encode(priority, forKey: .priority)
        try container.encode(authorId, forKey: .authorId)
        try container.encode(author, forKey: .author)
        try container.encode(assigneeId, forKey: .assigneeId)
        try container.encode(assignee, forKey: .assignee)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(sla, forKey: .sla)
        try container.encode(lastReply, forKey: .lastReply)
        try container.encodeIfPresent(newReply, forKey: .newReply)
        try container.encodeIfPresent(tags, forKey: .tags)
        try container.encode(mergedIntoId, forKey: .mergedIntoId)
    }
}

/// Who wrote a ticket's last comment (that the reader may see), and when.
struct LastReplyResponse: Content {
    var author: UserSummary
    var at: Date
    /// Staff only can see an internal note; for customers always false.
    var `internal`: Bool
}

extension TicketResponse {
    init(_ ticket: Ticket, author: UserSummary, assignee: UserSummary?, sla: TicketSLAResponse? = nil) {
        self.init(
            id: ticket.id, title: ticket.title, description: ticket.description, status: ticket.status,
            priority: ticket.priority, authorId: author.id, author: author, assigneeId: assignee?.id,
            assignee: assignee, createdAt: ticket.createdAt, updatedAt: ticket.updatedAt, sla: sla, lastReply: nil,
            newReply: nil, tags: nil, mergedIntoId: ticket.mergedIntoID)
    }
}

struct TicketPage: Content {
    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    var items: [TicketResponse]
    @Nullable var nextCursor: String?
}

enum TicketLimits {
    static let title = 200
    static let description = 20_000
}

struct CreateTicketRequest: Content, ValidatedRequest {
    var title: String
    var description: String
    var priority: String?

    func validated() throws -> NewTicket {
        var errors = FieldErrors()
        errors.text(title, "title", max: TicketLimits.title)
        errors.text(description, "description", max: TicketLimits.description)
        let priority = priority.map { TicketPriority(rawValue: $0) } ?? .normal
        errors.check(priority != nil, "priority", "must be one of low, normal, high, urgent")
        try errors.throwIfAny()
        return NewTicket(title: title, description: description, priority: priority ?? .normal)
    }
}

/// A checked new ticket.
struct NewTicket: Sendable {
    var title: String
    var description: String
    var priority: TicketPriority
}

/// A PATCH body: absent fields stay as they are; `assignee_id: null` unassigns.
struct UpdateTicketRequest: ValidatedRequest {
    var title: String?
    var description: String?
    var status: String?
    var priority: String?
    /// `.none`: not sent; `.some(nil)`: sent as null.
    var assigneeId: Int??
    var tags: [String]?

    enum CodingKeys: String, CodingKey {
        case title, description, status, priority, tags
        case assigneeId = "assignee_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        priority = try container.decodeIfPresent(String.self, forKey: .priority)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        if container.contains(.assigneeId) {
            assigneeId = .some(
                try container.decodeNil(forKey: .assigneeId) ? nil : try container.decode(Int.self, forKey: .assigneeId)
            )
        }
    }

    func validated() throws -> TicketChange {
        var errors = FieldErrors()
        errors.text(title, "title", max: TicketLimits.title)
        errors.text(description, "description", max: TicketLimits.description)
        let status = status.map { TicketStatus(rawValue: $0) }
        errors.check(status != .some(nil), "status", "must be one of open, in_progress, closed")
        let priority = priority.map { TicketPriority(rawValue: $0) }
        errors.check(priority != .some(nil), "priority", "must be one of low, normal, high, urgent")
        var checkedTags: [String]?
        if let tags {
            switch TicketTags.normalize(all: tags) {
            case .success(let normalized): checkedTags = normalized
            case .failure(let error): errors.check(false, "tags", error.message)
            }
        }
        try errors.throwIfAny()
        return TicketChange(
            title: title, description: description, status: status ?? nil, priority: priority ?? nil,
            assigneeID: assigneeId, tags: checkedTags)
    }
}

/// A checked PATCH: every value present is one the API accepts.
struct TicketChange: Sendable {
    var title: String?
    var description: String?
    var status: TicketStatus?
    var priority: TicketPriority?
    var assigneeID: Int??
    /// The whole set, normalized (staff only).
    var tags: [String]? = nil
}

/// `POST /api/tickets/bulk`: one change for 1-100 tickets.
struct BulkUpdateRequest: Content, ValidatedRequest {
    struct Changes: Content {
        var status: String?
        var priority: String?
        var assigneeId: Int??
        var addTags: [String]?
        var removeTags: [String]?

        enum CodingKeys: String, CodingKey {
            case status, priority
            case assigneeId = "assignee_id"
            case addTags = "add_tags"
            case removeTags = "remove_tags"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = try container.decodeIfPresent(String.self, forKey: .status)
            priority = try container.decodeIfPresent(String.self, forKey: .priority)
            addTags = try container.decodeIfPresent([String].self, forKey: .addTags)
            removeTags = try container.decodeIfPresent([String].self, forKey: .removeTags)
            if container.contains(.assigneeId) {
                assigneeId = .some(
                    try container.decodeNil(forKey: .assigneeId)
                        ? nil : try container.decode(Int.self, forKey: .assigneeId))
            }
        }
    }

    var ids: [Int]
    var changes: Changes

    static let maxTickets = 100

    func validated() throws -> (ids: [Int], change: BulkTicketChange) {
        var errors = FieldErrors()
        let unique = Array(NSOrderedSet(array: ids)) as? [Int] ?? ids
        errors.check((1...Self.maxTickets).contains(unique.count), "ids", "must name 1-\(Self.maxTickets) tickets")
        let status = changes.status.map { TicketStatus(rawValue: $0) }
        errors.check(status != .some(nil), "changes.status", "must be one of open, in_progress, closed")
        let priority = changes.priority.map { TicketPriority(rawValue: $0) }
        errors.check(priority != .some(nil), "changes.priority", "must be one of low, normal, high, urgent")
        var add: [String] = []
        var remove: [String] = []
        for (name, raw) in [
            ("changes.add_tags", changes.addTags ?? []), ("changes.remove_tags", changes.removeTags ?? []),
        ] {
            switch TicketTags.normalize(all: raw) {
            case .success(let tags): if name == "changes.add_tags" { add = tags } else { remove = tags }
            case .failure(let error): errors.check(false, name, error.message)
            }
        }
        let nothing =
            changes.status == nil && changes.priority == nil && changes.assigneeId == nil && add.isEmpty
            && remove.isEmpty
        errors.check(!nothing, "changes", "must change something")
        try errors.throwIfAny()
        return (
            unique,
            BulkTicketChange(
                status: status ?? nil, priority: priority ?? nil, assigneeID: changes.assigneeId, addTags: add,
                removeTags: remove)
        )
    }
}

/// A checked bulk change.
struct BulkTicketChange: Sendable {
    var status: TicketStatus?
    var priority: TicketPriority?
    var assigneeID: Int??
    var addTags: [String]
    var removeTags: [String]
}

struct TicketList: Content {
    var items: [TicketResponse]
}

/// `POST /api/tickets/{id}/merge`: the ticket to merge this one into.
struct MergeTicketRequest: Content, ValidatedRequest {
    var intoId: Int

    enum CodingKeys: String, CodingKey {
        case intoId = "into_id"
    }

    func validated() throws -> Int {
        guard intoId >= 1 else { throw ValidationFailure(fields: ["into_id": "must be a ticket id"]) }
        return intoId
    }
}
