import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// Every role × ownership combination for changing and deleting tickets.
@Suite("Ticket permissions")
struct TicketUpdatePermissionTests {
    enum Caller: String, CaseIterable {
        case author, otherCustomer, agent, admin
    }

    struct People {
        var author: TestUser
        var otherCustomer: TestUser
        var agent: TestUser
        var admin: TestUser

        init(_ app: Application) async throws {
            author = try await app.makeUser()
            otherCustomer = try await app.makeUser()
            agent = try await app.makeUser(.agent)
            admin = try await app.makeUser(.admin)
        }

        subscript(_ caller: Caller) -> TestUser {
            switch caller {
            case .author: author
            case .otherCustomer: otherCustomer
            case .agent: agent
            case .admin: admin
            }
        }
    }

    /// What each caller gets for each change, starting from an open, unassigned, normal ticket.
    static let cases: [(String, RawJSON, [Caller: HTTPStatus])] = [
        (
            "title and description", RawJSON(["title": "New title", "description": "New text"]),
            [.author: .ok, .otherCustomer: .notFound, .agent: .ok, .admin: .ok]
        ),
        (
            "close", RawJSON(["status": "closed"]),
            [.author: .ok, .otherCustomer: .notFound, .agent: .ok, .admin: .ok]
        ),
        (
            "start work", RawJSON(["status": "in_progress"]),
            [.author: .forbidden, .otherCustomer: .notFound, .agent: .ok, .admin: .ok]
        ),
        (
            "priority", RawJSON(["priority": "urgent"]),
            [.author: .forbidden, .otherCustomer: .notFound, .agent: .ok, .admin: .ok]
        ),
        (
            "same priority", RawJSON(["priority": "normal"]),
            [.author: .ok, .otherCustomer: .notFound, .agent: .ok, .admin: .ok]
        ),
        (
            "unassign", RawJSON(["assignee_id": nil]),
            [.author: .forbidden, .otherCustomer: .notFound, .agent: .ok, .admin: .ok]
        ),
    ]

    @Test("PATCH: who may change what", arguments: Caller.allCases)
    func patchMatrix(caller: Caller) async throws {
        try await withTestApp { app in
            let people = try await People(app)
            for (name, body, expected) in Self.cases {
                let ticket = try await app.makeTicket(by: people.author)
                let res = try await app.send(.PATCH, "/api/tickets/\(ticket.id)", as: people[caller], json: body)
                #expect(res.status == expected[caller], "\(caller) \(name)")
                let stored = try #require(try await app.storedTicket(ticket.id))
                if res.status == .ok {
                    #expect(stored.updatedAt > ticket.updatedAt, "\(caller) \(name)")
                } else {
                    #expect(
                        abs(stored.updatedAt.timeIntervalSince(ticket.updatedAt)) < 0.0005,
                        "\(caller) \(name) changed nothing")
                    #expect(stored.title == ticket.title && stored.status == ticket.status)
                }
            }
        }
    }

    @Test("The author may reopen a closed ticket but not move it anywhere else")
    func authorReopens() async throws {
        try await withTestApp { app in
            let people = try await People(app)
            let closed = try await app.makeTicket(by: people.author, status: .closed)
            let reopen = try await app.send(
                .PATCH, "/api/tickets/\(closed.id)", as: people.author, json: RawJSON(["status": "open"]))
            #expect(reopen.status == .ok)
            #expect(try reopen.decode(TicketResponse.self).status == .open)

            let working = try await app.makeTicket(by: people.author, status: .inProgress)
            let back = try await app.send(
                .PATCH, "/api/tickets/\(working.id)", as: people.author, json: RawJSON(["status": "open"]))
            #expect(back.status == .forbidden)
            let close = try await app.send(
                .PATCH, "/api/tickets/\(working.id)", as: people.author, json: RawJSON(["status": "closed"]))
            #expect(close.status == .ok)
        }
    }

    @Test("Assigning: staff may assign agents and admins, not customers or unknown users")
    func assigning() async throws {
        try await withTestApp { app in
            let people = try await People(app)
            let ticket = try await app.makeTicket(by: people.author)
            let path = "/api/tickets/\(ticket.id)"

            let toAgent = try await app.send(
                .PATCH, path, as: people.agent, json: RawJSON(["assignee_id": .int(people.agent.id)]))
            #expect(toAgent.status == .ok)
            let assigned = try toAgent.decode(TicketResponse.self)
            #expect(assigned.assigneeId == people.agent.id)
            #expect(assigned.assignee?.username == people.agent.user.username)

            let toAdmin = try await app.send(
                .PATCH, path, as: people.admin, json: RawJSON(["assignee_id": .int(people.admin.id)]))
            #expect(toAdmin.status == .ok)

            for bad in [people.author.id, people.otherCustomer.id, 999_999] {
                let res = try await app.send(.PATCH, path, as: people.agent, json: RawJSON(["assignee_id": .int(bad)]))
                #expect(res.status == .unprocessableEntity)
            }
            let unassign = try await app.send(.PATCH, path, as: people.agent, json: RawJSON(["assignee_id": nil]))
            #expect(try unassign.decode(TicketResponse.self).assigneeId == nil)

            for (field, value) in [("status", "waiting"), ("priority", "critical")] {
                let res = try await app.send(.PATCH, path, as: people.agent, json: RawJSON([field: .string(value)]))
                #expect(res.status == .unprocessableEntity)
            }
            let blank = try await app.send(.PATCH, path, as: people.author, json: RawJSON(["title": "  "]))
            #expect(blank.status == .unprocessableEntity)
        }
    }

    @Test("DELETE: admins only; 403 for agents and the author, 404 for other customers", arguments: Caller.allCases)
    func deleteMatrix(caller: Caller) async throws {
        try await withTestApp { app in
            let people = try await People(app)
            let ticket = try await app.makeTicket(by: people.author)
            try await app.makeComment(on: ticket, by: people.agent)
            _ = try await ImageStore(context: app.storeContext, scope: .everything).add(
                NewImage(filename: "a.png", format: .png, data: Data([1])), to: ticket, by: people.author.actor)

            let res = try await app.send(.DELETE, "/api/tickets/\(ticket.id)", as: people[caller])
            let expected: HTTPStatus =
                switch caller {
                case .admin: .noContent
                case .agent, .author: .forbidden
                case .otherCustomer: .notFound
                }
            #expect(res.status == expected)
            let remaining = try await app.storedTicket(ticket.id)
            let comments = try await app.count("comments")
            let images = try await app.count("ticket_images")
            if caller == .admin {
                #expect(remaining == nil)
                #expect(comments == 0 && images == 0)
                #expect(try await app.send(.GET, "/api/tickets/\(ticket.id)", as: people.admin).status == .notFound)
            } else {
                #expect(remaining != nil)
                #expect(comments == 1 && images == 1)
            }
        }
    }
}
