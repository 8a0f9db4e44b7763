import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Team tools: tags, bulk changes, CSV export")
struct TeamToolsTests {
    @Test("Staff tag tickets and filter by every tag; customers neither see nor set tags")
    func tags() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, _) = try await app.ticketWithCast()
            let other = try await app.makeTicket(by: author, title: "other")
            let path = "/api/tickets/\(ticket.id)"
            let tagged = try await app.send(.PATCH, path, as: agent, json: RawJSON(["tags": .string("x")]))
            #expect(tagged.status == .badRequest)
            let set = try await app.send(
                .PATCH, path, as: agent,
                headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"tags": [" Billing ", "vip", "billing"]}"#))
            #expect(set.status == .ok)
            #expect(try set.decode(TicketResponse.self).tags == ["billing", "vip"])
            _ = try await app.send(
                .PATCH, "/api/tickets/\(other.id)", as: agent, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"tags": ["billing"]}"#))
            let bad = try await app.send(
                .PATCH, path, as: agent, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"tags": ["no spaces allowed"]}"#))
            #expect(bad.status == .unprocessableEntity)

            func ids(_ query: String, as user: TestUser) async throws -> [Int] {
                try await app.send(.GET, "/api/tickets?" + query, as: user).decode(TicketPage.self).items.map(\.id)
            }
            #expect(try await ids("tag=billing", as: agent) == [other.id, ticket.id])
            #expect(try await ids("tag=billing&tag=vip", as: agent) == [ticket.id])
            #expect(try await ids("tag=nothing", as: agent).isEmpty)
            #expect(try await app.send(.GET, "/api/tickets?tag=billing", as: author).status == .forbidden)
            let forCustomer = try await app.send(.GET, path, as: author)
            #expect(!forCustomer.json.keys.contains("tags"))
            let sneaky = try await app.send(
                .PATCH, path, as: author, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"tags": ["mine"]}"#))
            #expect(sneaky.status == .forbidden)

            let popular = try await app.send(.GET, "/api/tags?q=b", as: agent).decode(TagList.self).items
            #expect(popular.map(\.tag) == ["billing"] && popular.first?.count == 2)
            #expect(try await app.send(.GET, "/api/tags", as: author).status == .forbidden)
            #expect(try await app.count("ticket_history", where: "field = 'tags'") == 2)
        }
    }

    @Test("A tag filter pages newest first through every tagged ticket, with other tags and filters")
    func tagPaging() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            var tagged: [Int] = []
            for number in 0..<7 {
                let ticket = try await app.makeTicket(by: author, title: "T\(number)")
                let tags = number % 3 == 0 ? #"["billing", "vip"]"# : (number % 3 == 1 ? #"["billing"]"# : "[]")
                _ = try await app.send(
                    .PATCH, "/api/tickets/\(ticket.id)", as: agent, headers: ["Content-Type": "application/json"],
                    body: ByteBuffer(string: #"{"tags": \#(tags)}"#))
                if number % 3 != 2 { tagged.append(ticket.id) }
            }
            func walk(_ query: String) async throws -> [Int] {
                var ids: [Int] = []
                var cursor: String?
                repeat {
                    let suffix = cursor.map { "&cursor=\($0)" } ?? ""
                    let page = try await app.send(.GET, "/api/tickets?limit=2&" + query + suffix, as: agent)
                        .decode(TicketPage.self)
                    ids += page.items.map(\.id)
                    cursor = page.nextCursor
                } while cursor != nil
                return ids
            }
            #expect(try await walk("tag=billing") == tagged.reversed())
            let both = try await walk("tag=billing&tag=vip")
            #expect(both == tagged.reversed().filter { id in tagged.firstIndex(of: id)! % 2 == 0 })
            #expect(try await walk("tag=vip&tag=billing") == both)
            _ = try await app.send(
                .PATCH, "/api/tickets/\(tagged[0])", as: agent, json: RawJSON(["status": "closed"]))
            #expect(try await walk("tag=billing&status=closed") == [tagged[0]])
            #expect(try await walk("tag=billing&sort=activity").count == tagged.count)
        }
    }

    @Test("Bulk: all or nothing, each ticket's history, 404 naming an unknown id, 1-100 ids")
    func bulk() async throws {
        try await withTestApp { app in
            let (first, author, _, agent, _) = try await app.ticketWithCast()
            let second = try await app.makeTicket(by: author, title: "second")
            let body = #"{"ids": [\#(first.id), \#(second.id)], "changes": {"status": "closed", "add_tags": ["done"]}}"#
            let response = try await app.send(
                .POST, "/api/tickets/bulk", as: agent, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let items = try response.decode(TicketList.self).items
            #expect(items.map(\.status) == [.closed, .closed])
            #expect(items.map { $0.tags ?? [] } == [["done"], ["done"]])
            #expect(try await app.count("ticket_history", where: "field = 'status'") == 2)
            #expect(try await app.count("outbox", where: "kind = 'closed'") == 2)

            let unknown = #"{"ids": [\#(first.id), 999999], "changes": {"status": "open"}}"#
            let missing = try await app.send(
                .POST, "/api/tickets/bulk", as: agent, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: unknown))
            #expect(missing.status == .notFound)
            #expect(missing.reason?.contains("999999") == true)
            #expect(try await app.storedTicket(first.id)?.status == .closed)  // nothing changed

            let empty = try await app.send(
                .POST, "/api/tickets/bulk", as: agent, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"ids": [], "changes": {"status": "open"}}"#))
            #expect(empty.status == .unprocessableEntity)
            let many = "[" + (1...101).map(String.init).joined(separator: ",") + "]"
            let tooMany = try await app.send(
                .POST, "/api/tickets/bulk", as: agent, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"ids": \#(many), "changes": {"status": "open"}}"#))
            #expect(tooMany.status == .unprocessableEntity)
            let customer = try await app.send(
                .POST, "/api/tickets/bulk", as: author, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: body))
            #expect(customer.status == .forbidden)
        }
    }

    @Test("Export: every matching ticket as RFC 4180 CSV, formulas defused, staff only")
    func export() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            for number in 0..<3 { try await app.makeTicket(by: author, title: "Ticket \(number)") }
            try await app.makeTicket(
                by: author, title: "=HYPERLINK(\"http://evil\")", description: "line one\nline \"two\"")
            let response = try await app.send(.GET, "/api/tickets/export.csv", as: agent)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "csv")
            #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let text = response.body.string
            #expect(
                text.hasPrefix(
                    "id,title,status,priority,author,assignee,tags,created_at,updated_at,last_reply_at,description\r\n")
            )
            #expect(text.contains(#"'=HYPERLINK(""http://evil"")"#))
            #expect(text.contains("\"line one\nline \"\"two\"\"\""))
            #expect(text.components(separatedBy: "\r\n").filter { $0.hasPrefix("4,") || $0.hasPrefix("1,") }.count == 2)
            #expect(TicketExport.defused("-1+1") == "'-1+1" && TicketExport.defused("@x") == "'@x")
            #expect(TicketExport.defused("plain") == "plain")
            #expect(try await app.send(.GET, "/api/tickets/export.csv", as: author).status == .forbidden)
            let filtered = try await app.send(.GET, "/api/tickets/export.csv?q=%233", as: agent).body.string
            #expect(filtered.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
        }
    }
}
