import Fluent
import Vapor

struct TicketController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tickets = routes.grouped("tickets")
        tickets.get(use: index)
        tickets.post(use: create)
        tickets.get(":id", use: show)
        tickets.patch(":id", use: update)
        tickets.delete(":id", use: delete)
    }

    static let defaultPageSize = 20
    static let maxPageSize = 100

    /// The list's query string, read in one pass; every value stays text until it is checked.
    struct ListQuery: Decodable {
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
    }

    @Sendable func index(req: Request) async throws -> TicketPage {
        let query: ListQuery
        do {
            query = try req.query.decode(ListQuery.self)
        } catch {
            throw Abort(.badRequest, reason: "The query string could not be read")
        }
        var filter = TicketFilter(authorID: try req.policy.visibleAuthorID)
        if let status = query.status, !status.isEmpty {
            guard let value = TicketStatus(rawValue: status) else {
                throw Abort(.badRequest, reason: "status must be one of open, in_progress, closed")
            }
            filter.status = value
        }
        if let priority = query.priority, !priority.isEmpty {
            guard let value = TicketPriority(rawValue: priority) else {
                throw Abort(.badRequest, reason: "priority must be one of low, normal, high, urgent")
            }
            filter.priority = value
        }
        if let assignee = query.assigneeId, !assignee.isEmpty {
            switch assignee {
            case "me": filter.assignee = .user(try req.user.requireID())
            case "none": filter.assignee = .unassigned
            default:
                guard let id = Int(assignee) else {
                    throw Abort(.badRequest, reason: "assignee_id must be a user id, 'me' or 'none'")
                }
                filter.assignee = .user(id)
            }
        }
        if let text = query.q {
            filter.searchTerms = TicketSearch.terms(in: text)
        }
        filter.limit = Self.defaultPageSize
        if let limit = query.limit, !limit.isEmpty {
            guard let value = Int(limit), value >= 1 else {
                throw Abort(.badRequest, reason: "limit must be a whole number from 1 to \(Self.maxPageSize)")
            }
            filter.limit = min(value, Self.maxPageSize)
        }
        if let cursor = query.cursor, !cursor.isEmpty {
            guard let value = TicketCursor(encoded: cursor) else {
                throw Abort(.badRequest, reason: "cursor is not one this server gave out")
            }
            filter.after = value
        }
        return try await TicketQueries.page(filter, on: req.db)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let input = try req.decodeBody(CreateTicketRequest.self).validated()
        let ticket = Ticket(
            title: input.title, description: input.description, priority: input.priority,
            authorID: try req.user.requireID())
        try await req.write { try await ticket.insert(on: $0) }
        // A new ticket is the caller's own and unassigned: no need to read it back.
        let author = try req.user
        let response = try TicketResponse(
            ticket, author: UserSummary(id: try author.requireID(), username: author.username), assignee: nil)
        return try await response.encodeResponse(status: .created, for: req)
    }

    @Sendable func show(req: Request) async throws -> TicketResponse {
        let id = try req.idParameter(notFound: Ticket.notFound)
        guard let ticket = try await TicketQueries.find(id: id, on: req.db),
            try req.policy.canView(ticketAuthorID: ticket.authorId)
        else {
            throw Abort(.notFound, reason: Ticket.notFound)
        }
        return ticket
    }

    @Sendable func update(req: Request) async throws -> TicketResponse {
        let ticket = try await Ticket.visible(try req.idParameter(notFound: Ticket.notFound), to: req)
        let change = try req.decodeBody(UpdateTicketRequest.self).validated()
        try req.policy.authorizeUpdate(of: ticket, with: change)

        if let assignee = change.assigneeID {
            if let assigneeID = assignee {
                guard let user = try await User.find(assigneeID, on: req.db), user.role.isStaff else {
                    throw ValidationFailure(fields: ["assignee_id": "must be the id of an agent or admin"])
                }
            }
            ticket.$assignee.id = assignee
        }
        if let title = change.title { ticket.title = title }
        if let description = change.description { ticket.description = description }
        if let status = change.status { ticket.status = status }
        if let priority = change.priority { ticket.priority = priority }
        ticket.touch()
        try await req.write { try await ticket.update(on: $0) }
        return try await Self.response(for: ticket.requireID(), on: req)
    }

    @Sendable func delete(req: Request) async throws -> HTTPStatus {
        let ticket = try await Ticket.visible(try req.idParameter(notFound: Ticket.notFound), to: req)
        try req.policy.authorizeDelete(of: ticket)
        try await req.write { try await ticket.delete(on: $0) }
        return .noContent
    }

    static func response(for id: Int, on req: Request) async throws -> TicketResponse {
        guard let response = try await TicketQueries.find(id: id, on: req.db) else {
            throw Abort(.notFound, reason: Ticket.notFound)
        }
        return response
    }
}

extension Ticket {
    static let notFound = "Ticket not found"

    /// The ticket, if the signed-in user may see it; otherwise 404, so that its existence stays hidden.
    static func visible(_ id: Int, to req: Request) async throws -> Ticket {
        guard let ticket = try await Ticket.fetch(id: id, on: req.db),
            try req.policy.canView(ticketAuthorID: ticket.$author.id)
        else {
            throw Abort(.notFound, reason: notFound)
        }
        return ticket
    }
}
