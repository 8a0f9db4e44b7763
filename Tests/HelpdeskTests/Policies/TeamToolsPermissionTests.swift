import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// Every route of the team tools × every role × ownership: what each caller gets. "Author" is the
/// customer whose ticket it is; "mine" and "theirs" are canned replies of the calling agent or of
/// someone else.
@Suite("Team tools permissions")
struct TeamToolsPermissionTests {
    enum Caller: String, CaseIterable, CustomStringConvertible {
        case author, otherCustomer, agent, otherAgent, admin
        var description: String { rawValue }
    }

    /// One request, made afresh for each caller (so a caller's success leaves the next one a clean
    /// start), and the status each caller gets.
    struct Case: CustomStringConvertible, Sendable {
        let description: String
        let request: @Sendable (World) async throws -> (HTTPMethod, String, String?)
        let expected: [Caller: HTTPStatus]
    }

    /// The people, a ticket of `author`'s, and canned replies: the agent's own private one and an
    /// admin's shared one.
    struct World: Sendable {
        let app: Application
        let people: [Caller: TestUser]
        let ticket: Ticket

        init(_ app: Application) async throws {
            self.app = app
            var people: [Caller: TestUser] = [:]
            people[.author] = try await app.makeUser()
            people[.otherCustomer] = try await app.makeUser()
            people[.agent] = try await app.makeUser(.agent)
            people[.otherAgent] = try await app.makeUser(.agent)
            people[.admin] = try await app.makeUser(.admin)
            self.people = people
            ticket = try await app.makeTicket(by: people[.author]!)
        }

        func ticketOfAuthor() async throws -> Ticket { try await app.makeTicket(by: people[.author]!) }

        func reply(of owner: Caller, shared: Bool) async throws -> Int {
            let store = CannedReplyStore(context: app.storeContext, readerID: people[owner]!.id)
            return try await store.create(NewCannedReply(title: "t", body: "b", shared: shared)).id
        }
    }

    static let staffOnly: [Caller: HTTPStatus] = [
        .author: .forbidden, .otherCustomer: .forbidden, .agent: .ok, .otherAgent: .ok, .admin: .ok,
    ]

    static let cases: [Case] = [
        Case(description: "GET /api/tags", request: { _ in (.GET, "/api/tags?q=a", nil) }, expected: staffOnly),
        Case(
            description: "PATCH /api/tickets/{id} tags",
            request: { world in (.PATCH, "/api/tickets/\(world.ticket.id)", #"{"title": "kept"}"#) },
            expected: [.author: .ok, .otherCustomer: .notFound, .agent: .ok, .otherAgent: .ok, .admin: .ok]),
        Case(
            description: "GET /api/tickets?tag=", request: { _ in (.GET, "/api/tickets?tag=vip", nil) },
            expected: staffOnly),
        Case(
            description: "GET /api/tickets?author_id=",
            request: { world in (.GET, "/api/tickets?author_id=\(world.people[.author]!.id)", nil) },
            expected: staffOnly),
        Case(
            description: "POST /api/tickets/bulk",
            request: { world in
                let ticket = try await world.ticketOfAuthor()
                return (.POST, "/api/tickets/bulk", #"{"ids": [\#(ticket.id)], "changes": {"status": "in_progress"}}"#)
            },
            expected: [:]),
        Case(
            description: "GET /api/tickets/export.csv", request: { _ in (.GET, "/api/tickets/export.csv", nil) },
            expected: staffOnly),
        Case(
            description: "POST /api/tickets/{id}/merge",
            request: { world in
                let source = try await world.ticketOfAuthor()
                let target = try await world.ticketOfAuthor()
                return (.POST, "/api/tickets/\(source.id)/merge", #"{"into_id": \#(target.id)}"#)
            },
            expected: [.author: .forbidden, .otherCustomer: .notFound, .agent: .ok, .otherAgent: .ok, .admin: .ok]),
        Case(
            description: "GET /api/users", request: { _ in (.GET, "/api/users", nil) },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .forbidden, .otherAgent: .forbidden,
                .admin: .ok,
            ]),
        Case(
            description: "GET /api/users?role=agent", request: { _ in (.GET, "/api/users?role=agent", nil) },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .ok, .otherAgent: .ok, .admin: .ok,
            ]),
        Case(
            description: "POST /api/users",
            request: { world in
                let name = "new\(UInt32.random(in: 0...UInt32.max))"
                return (
                    .POST, "/api/users",
                    #"{"username": "\#(name)", "email": "\#(name)@example.test", "role": "agent"}"#
                )
            },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .forbidden, .otherAgent: .forbidden,
                .admin: .created,
            ]),
        Case(
            description: "PATCH /api/users/{id}",
            request: { world in
                let someone = try await world.app.makeUser()
                return (.PATCH, "/api/users/\(someone.id)", #"{"active": false}"#)
            },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .forbidden, .otherAgent: .forbidden,
                .admin: .ok,
            ]),
        Case(
            description: "GET /api/canned-replies", request: { _ in (.GET, "/api/canned-replies", nil) },
            expected: staffOnly),
        Case(
            description: "POST /api/canned-replies private",
            request: { _ in (.POST, "/api/canned-replies", #"{"title": "t", "body": "b"}"#) },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .created, .otherAgent: .created,
                .admin: .created,
            ]),
        Case(
            description: "POST /api/canned-replies shared",
            request: { _ in (.POST, "/api/canned-replies", #"{"title": "t", "body": "b", "shared": true}"#) },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .forbidden, .otherAgent: .forbidden,
                .admin: .created,
            ]),
        Case(
            description: "PATCH /api/canned-replies/{id} the agent's private one",
            request: { world in
                (.PATCH, "/api/canned-replies/\(try await world.reply(of: .agent, shared: false))", #"{"title": "x"}"#)
            },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .ok, .otherAgent: .notFound,
                .admin: .notFound,
            ]),
        Case(
            description: "DELETE /api/canned-replies/{id} the agent's private one",
            request: { world in
                (.DELETE, "/api/canned-replies/\(try await world.reply(of: .agent, shared: false))", nil)
            },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .noContent, .otherAgent: .notFound,
                .admin: .notFound,
            ]),
        Case(
            description: "PATCH /api/canned-replies/{id} a shared one",
            request: { world in
                (.PATCH, "/api/canned-replies/\(try await world.reply(of: .admin, shared: true))", #"{"body": "x"}"#)
            },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .forbidden, .otherAgent: .forbidden,
                .admin: .ok,
            ]),
        Case(
            description: "DELETE /api/canned-replies/{id} a shared one",
            request: { world in (.DELETE, "/api/canned-replies/\(try await world.reply(of: .admin, shared: true))", nil)
            },
            expected: [
                .author: .forbidden, .otherCustomer: .forbidden, .agent: .forbidden, .otherAgent: .forbidden,
                .admin: .noContent,
            ]),
    ]

    @Test("Each caller gets exactly its status", arguments: cases)
    func matrix(_ route: Case) async throws {
        try await withTestApp { app in
            let world = try await World(app)
            for caller in Caller.allCases {
                let (method, path, body) = try await route.request(world)
                let response = try await app.send(
                    method, path, as: world.people[caller]!, headers: ["Content-Type": "application/json"],
                    body: body.map { ByteBuffer(string: $0) })
                let expected = route.expected[caller] ?? Self.staffOnly[caller]!
                #expect(response.status == expected, "\(route) as \(caller): \(response.body.string)")
            }
        }
    }
}
