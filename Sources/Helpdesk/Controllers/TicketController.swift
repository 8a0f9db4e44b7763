import Vapor

struct TicketController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tickets = routes.grouped("tickets")
        tickets.get(use: index)
        tickets.post(use: create)
        tickets.post("bulk", use: bulk)
        tickets.get("export.csv", use: export)
        tickets.get(":id", use: show)
        tickets.patch(":id", use: update)
        tickets.delete(":id", use: delete)
        tickets.post(":id", "merge", use: merge)
    }

    @Sendable func index(req: Request) async throws -> TicketPage {
        let filter = try TicketListQuery.decode(from: req)
        return try await req.tickets.page(filter)
    }

    /// One change for many tickets, all or nothing (staff).
    @Sendable func bulk(req: Request) async throws -> TicketList {
        try req.policy.authorizeBulkChange()
        let (ids, change) = try req.decodeValid(BulkUpdateRequest.self)
        return TicketList(items: try await req.tickets.bulkUpdate(ids, with: change, by: try req.actor))
    }

    /// Every ticket the list's filters match, as CSV (staff).
    @Sendable func export(req: Request) async throws -> Response {
        try req.policy.authorizeExport()
        let filter = try TicketListQuery.decode(from: req)
        return TicketExport.response(store: try req.tickets, filter: filter)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let input = try req.decodeValid(CreateTicketRequest.self)
        let ticket = try await req.tickets.create(input, by: try req.actor)
        return try await ticket.encodeResponse(status: .created, for: req)
    }

    @Sendable func show(req: Request) async throws -> TicketResponse {
        try await req.tickets.open(id: try req.idParameter(notFound: TicketStore.notFound))
    }

    @Sendable func update(req: Request) async throws -> TicketResponse {
        let tickets = try req.tickets
        let ticket = try await tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        let change = try req.decodeValid(UpdateTicketRequest.self)
        try req.policy.authorizeUpdate(of: ticket, with: change)
        return try await tickets.update(ticket, with: change, by: try req.actor)
    }

    /// Merges this duplicate into another ticket of the same customer (staff); answers the target.
    @Sendable func merge(req: Request) async throws -> TicketResponse {
        let tickets = try req.tickets
        let ticket = try await tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        try req.policy.authorizeMerge()
        let targetID = try req.decodeValid(MergeTicketRequest.self)
        return try await tickets.merge(ticket, into: targetID, by: try req.actor)
    }

    @Sendable func delete(req: Request) async throws -> HTTPStatus {
        let tickets = try req.tickets
        let ticket = try await tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        try req.policy.authorizeDelete(of: ticket)
        try await tickets.delete(ticket, by: try req.actor)
        return .noContent
    }
}
