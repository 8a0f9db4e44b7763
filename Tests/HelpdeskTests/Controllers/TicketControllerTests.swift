import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Tickets")
struct TicketControllerTests {
    @Test("Creating a ticket returns it open, with its author, and a default priority")
    func create() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let res = try await app.send(
                .POST, "/api/tickets", as: customer,
                json: RawJSON(["title": "VPN drops", "description": "Every 5 minutes", "surprise": "ignored"]))
            #expect(res.status == .created)
            let ticket = try res.decode(TicketResponse.self)
            #expect(ticket.status == .open)
            #expect(ticket.priority == .normal)
            #expect(ticket.authorId == customer.id)
            #expect(ticket.author.username == customer.user.username)
            #expect(ticket.assigneeId == nil)
            #expect(res.json.keys.contains("assignee"))
            #expect(res.json["assignee"] is NSNull)
            #expect(ticket.createdAt == ticket.updatedAt)

            let urgent = try await app.send(
                .POST, "/api/tickets", as: customer,
                json: CreateTicketRequest(title: "Down", description: "All of it", priority: "urgent"))
            #expect(try urgent.decode(TicketResponse.self).priority == .urgent)
        }
    }

    @Test(
        "Invalid tickets are 422 naming the field",
        arguments: [
            (" ", "text", nil, "title"),
            (String(repeating: "t", count: 201), "text", nil, "title"),
            ("title", "\n\t ", nil, "description"),
            ("title", String(repeating: "d", count: 20_001), nil, "description"),
            ("title", "text", "critical", "priority"),
        ] as [(String, String, String?, String)])
    func createInvalid(title: String, description: String, priority: String?, field: String) async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let res = try await app.send(
                .POST, "/api/tickets", as: customer,
                json: CreateTicketRequest(title: title, description: description, priority: priority))
            #expect(res.status == .unprocessableEntity)
            #expect((res.json["fields"] as? [String: String])?[field] != nil)
        }
    }

    @Test("The longest title and description are accepted")
    func createAtLimits() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let res = try await app.send(
                .POST, "/api/tickets", as: customer,
                json: CreateTicketRequest(
                    title: String(repeating: "é", count: 200), description: String(repeating: "d", count: 20_000),
                    priority: nil))
            #expect(res.status == .created)
        }
    }

    @Test("Customers see only their own tickets; agents and admins see all, newest first")
    func listVisibility() async throws {
        try await withTestApp { app in
            let alice = try await app.makeUser()
            let bob = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let admin = try await app.makeUser(.admin)
            let a1 = try await app.makeTicket(by: alice, title: "a1")
            let b1 = try await app.makeTicket(by: bob, title: "b1")
            let a2 = try await app.makeTicket(by: alice, title: "a2")

            let alices = try await app.send(.GET, "/api/tickets", as: alice).decode(TicketPage.self)
            #expect(alices.items.map(\.id) == [a2.id, a1.id])
            let bobs = try await app.send(.GET, "/api/tickets", as: bob).decode(TicketPage.self)
            #expect(bobs.items.map(\.id) == [b1.id])
            for staff in [agent, admin] {
                let all = try await app.send(.GET, "/api/tickets", as: staff).decode(TicketPage.self)
                #expect(all.items.map(\.id) == [a2.id, b1.id, a1.id])
                #expect(all.nextCursor == nil)
            }
        }
    }

    @Test("Filters by status, priority and assignee (an id, me or none)")
    func listFilters() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let other = try await app.makeUser(.agent)
            let open = try await app.makeTicket(by: customer, priority: .high)
            let working = try await app.makeTicket(by: customer, status: .inProgress, assignee: agent)
            let closed = try await app.makeTicket(by: customer, priority: .low, status: .closed, assignee: other)

            func ids(_ query: String, as user: TestUser) async throws -> [Int] {
                let res = try await app.send(.GET, "/api/tickets?\(query)", as: user)
                #expect(res.status == .ok, "\(query)")
                return try res.decode(TicketPage.self).items.map(\.id)
            }
            #expect(try await ids("status=open", as: agent) == [open.id])
            #expect(try await ids("status=in_progress", as: agent) == [working.id])
            #expect(try await ids("priority=low", as: agent) == [closed.id])
            #expect(try await ids("priority=normal", as: agent) == [working.id])
            #expect(try await ids("assignee_id=me", as: agent) == [working.id])
            #expect(try await ids("assignee_id=me", as: other) == [closed.id])
            #expect(try await ids("assignee_id=none", as: agent) == [open.id])
            #expect(try await ids("assignee_id=\(other.id)", as: agent) == [closed.id])
            #expect(try await ids("status=closed&assignee_id=\(agent.id)", as: agent) == [])
            #expect(try await ids("status=open&priority=high", as: customer) == [open.id])

            for bad in [
                "status=pending", "priority=critical", "assignee_id=someone", "limit=0", "limit=-3", "limit=ten",
                "cursor=garbage!!",
            ] {
                let res = try await app.send(.GET, "/api/tickets?\(bad)", as: agent)
                #expect(res.status == .badRequest, "\(bad)")
                #expect(res.reason?.isEmpty == false)
            }
        }
    }

    @Test("Search needs every word in the title or description, ignoring case")
    func search() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let printer = try await app.makeTicket(
                by: customer, title: "Printer jams", description: "Paper tray broken")
            let both = try await app.makeTicket(
                by: customer, title: "Scanner", description: "The PRINTER and scanner fail")
            _ = try await app.makeTicket(by: customer, title: "Email", description: "Outlook will not start")

            func ids(_ q: String) async throws -> Set<Int> {
                let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let res = try await app.send(.GET, "/api/tickets?q=\(encoded)", as: agent)
                #expect(res.status == .ok)
                return Set(try res.decode(TicketPage.self).items.map(\.id))
            }
            #expect(try await ids("printer") == [printer.id, both.id])
            #expect(try await ids("PRINTER scanner") == [both.id])
            #expect(try await ids("scanner printer") == [both.id])
            #expect(try await ids("paper BROKEN") == [printer.id])
            #expect(try await ids("printer outlook") == [])
            #expect(try await ids("nothing-like-this") == [])
            // Earlier words match whole words; the last one, while it is being typed, the start of one.
            #expect(try await ids("print") == [printer.id, both.id])
            #expect(try await ids("print ") == [])
            #expect(try await ids("print scanner") == [])

            // Editing a ticket re-indexes it in the same write.
            let patch = try await app.send(
                .PATCH, "/api/tickets/\(printer.id)", as: customer, json: RawJSON(["title": "Toner empty"]))
            #expect(patch.status == .ok)
            #expect(try await ids("jams") == [])
            #expect(try await ids("toner") == [printer.id])

            // A customer's search stays inside their own tickets.
            let stranger = try await app.makeUser()
            let res = try await app.send(.GET, "/api/tickets?q=printer", as: stranger)
            #expect(try res.decode(TicketPage.self).items.isEmpty)
        }
    }

    @Test("Search pages through every match once, newest first, on both search strategies")
    func searchPagination() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            var printers: [Int] = []
            for index in 0..<25 {
                let res = try await app.send(
                    .POST, "/api/tickets", as: customer,
                    json: CreateTicketRequest(
                        title: index % 2 == 0 ? "Printer \(index)" : "Scanner \(index)", description: "d", priority: nil
                    ))
                if index % 2 == 0 { printers.append(try res.decode(TicketResponse.self).id) }
            }
            for user in [agent, customer] {
                var seen: [Int] = []
                var cursor: String?
                for _ in 0..<10 {
                    let query = "q=printer&limit=5" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try await app.send(.GET, "/api/tickets?\(query)", as: user).decode(TicketPage.self)
                    seen += page.items.map(\.id)
                    cursor = page.nextCursor
                    if cursor == nil { break }
                }
                #expect(seen == printers.reversed())
            }
        }
    }

    @Test("A ticket is never dated before an earlier one, even when the clock steps back")
    func createdAtNeverGoesBack() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let future = try await app.makeTicket(by: customer, title: "From the future")
            let later = Date.nowMilliseconds.addingTimeInterval(3600)
            try await app.db.sql.raw("UPDATE tickets SET created_at = \(bind: later) WHERE id = \(bind: future.id)")
                .run()
            let res = try await app.send(
                .POST, "/api/tickets", as: customer,
                json: CreateTicketRequest(title: "Now", description: "d", priority: nil))
            let created = try res.decode(TicketResponse.self)
            #expect(created.createdAt.timeIntervalSince(later) > -0.001)
            let list = try await app.send(.GET, "/api/tickets", as: customer).decode(TicketPage.self)
            #expect(list.items.first?.id == created.id)
        }
    }

    @Test("Walking every page with the cursor yields every ticket once, newest first")
    func pagination() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            var made: [Int] = []
            for index in 0..<45 {
                made.append(try await app.makeTicket(by: customer, title: "t\(index)").id)
            }
            var seen: [Int] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = "limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await app.send(.GET, "/api/tickets?\(query)", as: agent).decode(TicketPage.self)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 20
            #expect(pages == 5)
            #expect(seen == made.reversed())
        }
    }

    @Test("A last page that is exactly full has no next cursor; limit is capped at 100")
    func paginationEdges() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            for _ in 0..<40 { try await app.makeTicket(by: customer) }
            let first = try await app.send(.GET, "/api/tickets", as: customer).decode(TicketPage.self)
            #expect(first.items.count == 20)
            let cursor = try #require(first.nextCursor)
            let second = try await app.send(.GET, "/api/tickets?cursor=\(cursor)", as: customer)
                .decode(TicketPage.self)
            #expect(second.items.count == 20)
            #expect(second.nextCursor == nil)
            #expect(Set(first.items.map(\.id)).isDisjoint(with: second.items.map(\.id)))

            for _ in 0..<70 { try await app.makeTicket(by: customer) }
            let big = try await app.send(.GET, "/api/tickets?limit=1000", as: customer).decode(TicketPage.self)
            #expect(big.items.count == 100)
            #expect(big.nextCursor != nil)
        }
    }

    @Test("Tickets a customer cannot see are 404, exactly like tickets that do not exist")
    func showVisibility() async throws {
        try await withTestApp { app in
            let (ticket, owner, stranger, agent, admin) = try await app.ticketWithCast()
            let path = "/api/tickets/\(ticket.id)"

            for user in [owner, agent, admin] {
                let res = try await app.send(.GET, path, as: user)
                #expect(res.status == .ok)
                #expect(try res.decode(TicketResponse.self).id == ticket.id)
            }
            let hidden = try await app.send(.GET, path, as: stranger)
            let missing = try await app.send(.GET, "/api/tickets/999999", as: stranger)
            #expect(hidden.status == .notFound)
            #expect(missing.status == .notFound)
            #expect(hidden.reason == missing.reason)
            #expect(try await app.send(.GET, "/api/tickets/abc", as: owner).status == .notFound)
        }
    }
}
