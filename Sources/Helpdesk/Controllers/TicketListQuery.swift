import Vapor

/// The ticket list's query string, read in one pass; every value stays text until it is checked, so a
/// bad one is a 400 that names it.
struct TicketListQuery: Decodable {
    var status: String?
    var priority: String?
    var assigneeId: String?
    var q: String?
    var limit: String?
    var cursor: String?

    enum CodingKeys: String, CodingKey {
        case status, priority, q, limit, cursor
        case assigneeId = "assignee_id"
    }

    static func decode(from req: Request) throws -> TicketFilter {
        let query: Self
        do {
            query = try req.query.decode(Self.self)
        } catch {
            throw Abort(.badRequest, reason: "The query string could not be read")
        }
        return try query.filter(me: try req.user.id)
    }

    func filter(me: Int) throws -> TicketFilter {
        var filter = TicketFilter()
        if let status, !status.isEmpty {
            guard let value = TicketStatus(rawValue: status) else {
                throw Abort(.badRequest, reason: "status must be one of open, in_progress, closed")
            }
            filter.status = value
        }
        if let priority, !priority.isEmpty {
            guard let value = TicketPriority(rawValue: priority) else {
                throw Abort(.badRequest, reason: "priority must be one of low, normal, high, urgent")
            }
            filter.priority = value
        }
        if let assigneeId, !assigneeId.isEmpty {
            switch assigneeId {
            case "me": filter.assignee = .user(me)
            case "none": filter.assignee = .unassigned
            default:
                guard let id = Int(assigneeId) else {
                    throw Abort(.badRequest, reason: "assignee_id must be a user id, 'me' or 'none'")
                }
                filter.assignee = .user(id)
            }
        }
        if let q {
            filter.searchTerms = TicketSearch.terms(in: q)
        }
        if let limit, !limit.isEmpty {
            guard let value = Int(limit), value >= 1 else {
                throw Abort(.badRequest, reason: "limit must be a whole number from 1 to \(TicketFilter.maxPageSize)")
            }
            filter.limit = min(value, TicketFilter.maxPageSize)
        }
        if let cursor, !cursor.isEmpty {
            guard let value = TicketCursor(encoded: cursor) else {
                throw Abort(.badRequest, reason: "cursor is not one this server gave out")
            }
            filter.after = value
        }
        return filter
    }
}
