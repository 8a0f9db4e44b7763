import Vapor

/// The ticket list's query string, read in one pass; every value stays text until it is checked, so a
/// bad one is a 400 that names it.
struct TicketListQuery: Decodable {
    var status: String?
    var priority: String?
    var assigneeId: String?
    var authorId: String?
    var q: String?
    var sla: String?
    var sort: String?
    var limit: String?
    var cursor: String?

    enum CodingKeys: String, CodingKey {
        case status, priority, q, sla, sort, limit, cursor
        case assigneeId = "assignee_id"
        case authorId = "author_id"
    }

    static func decode(from req: Request) throws -> TicketFilter {
        let query: Self
        do {
            query = try req.query.decode(Self.self)
        } catch {
            throw Abort(.badRequest, reason: "The query string could not be read")
        }
        var filter = try query.filter(me: try req.user.id)
        filter.tags = try tags(in: req.url.query)
        if filter.sla != nil || filter.sort == .due || !filter.tags.isEmpty { try req.policy.authorizeStaffView() }
        if filter.authorID != nil { try req.policy.authorizeAuthorFilter() }
        return filter
    }

    func filter(me: Int) throws -> TicketFilter {
        var filter = TicketFilter()
        filter.status = try Self.choice(status, "status")
        filter.priority = try Self.choice(priority, "priority")
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
        if let authorId, !authorId.isEmpty {
            guard let id = Int(authorId) else { throw Abort(.badRequest, reason: "author_id must be a user id") }
            filter.authorID = id
        }
        if let q {
            filter.search = TicketSearch.parse(q)
        }
        filter.sla = try Self.choice(sla, "sla")
        filter.sort = try Self.choice(sort, "sort") ?? .created
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

    /// Every `tag=` of the query string (it may repeat), normalized; 400 for one that breaks the rules.
    static func tags(in query: String?) throws -> [String] {
        guard let query else { return [] }
        var tags: [String] = []
        for pair in query.split(separator: "&") where pair.hasPrefix("tag=") {
            let raw = String(pair.dropFirst(4)).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            guard let tag = TicketTags.normalize(raw) else {
                throw Abort(.badRequest, reason: "tag must be \(TicketTags.rule)")
            }
            tags.append(tag)
        }
        guard tags.count <= TicketTags.maxPerTicket else {
            throw Abort(.badRequest, reason: "at most \(TicketTags.maxPerTicket) tag filters")
        }
        return Array(Set(tags)).sorted()
    }

    /// One of an enumeration's values, nil when absent or empty, else 400 naming the allowed ones.
    private static func choice<Value: RawRepresentable & CaseIterable>(_ raw: String?, _ name: String) throws -> Value?
    where Value.RawValue == String {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = Value(rawValue: raw) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw Abort(.badRequest, reason: "\(name) must be one of \(allowed)")
        }
        return value
    }
}
