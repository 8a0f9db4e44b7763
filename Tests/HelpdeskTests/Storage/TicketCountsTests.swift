import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Ticket counters")
struct TicketCountsTests {
    /// The stats, counted from scratch: what the counters must always equal.
    func counted(_ app: Application, author: Int?) async throws -> [String: Int] {
        let filter: SQLQueryString = author.map { " WHERE author_id = \(bind: $0)" } ?? ""
        var counts: [String: Int] = [:]
        for column in ["status", "priority"] {
            let rows = try await app.db.sql.raw(
                "SELECT \(ident: column) AS k, COUNT(*) AS n FROM tickets" + filter + " GROUP BY \(ident: column)"
            ).all()
            for row in rows {
                counts[try row.decode(column: "k", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    func shown(_ stats: StatsResponse) -> [String: Int] {
        let all = [
            "open": stats.byStatus.open, "in_progress": stats.byStatus.inProgress, "closed": stats.byStatus.closed,
            "low": stats.byPriority.low, "normal": stats.byPriority.normal, "high": stats.byPriority.high,
            "urgent": stats.byPriority.urgent,
        ]
        return all.filter { $0.value != 0 }
    }

    @Test("After a random mix of filing, edits, reopenings and deletions the counters equal a full count")
    func countersStayExact() async throws {
        try await withTestApp { app in
            let customers = [try await app.makeUser(), try await app.makeUser(), try await app.makeUser()]
            let agent = try await app.makeUser(.agent)
            let admin = try await app.makeUser(.admin)
            var random = SplitMix64(seed: SplitMix64.fuzzSeed)
            var tickets: [(id: Int, author: TestUser)] = []
            for _ in 0..<120 {
                let action = tickets.isEmpty ? 0 : Int.random(in: 0..<5, using: &random)
                switch action {
                case 0:
                    let author = customers.randomElement(using: &random)!
                    let priority = TicketPriority.allCases.randomElement(using: &random)!.rawValue
                    let res = try await app.send(
                        .POST, "/api/tickets", as: author,
                        json: CreateTicketRequest(title: "t", description: "d", priority: priority))
                    tickets.append((try res.decode(TicketResponse.self).id, author))
                case 1:
                    let ticket = tickets.randomElement(using: &random)!
                    let change: [String: JSONValue] = [
                        "status": .string(TicketStatus.allCases.randomElement(using: &random)!.rawValue),
                        "priority": .string(TicketPriority.allCases.randomElement(using: &random)!.rawValue),
                    ]
                    let res = try await app.send(.PATCH, "/api/tickets/\(ticket.id)", as: agent, json: RawJSON(change))
                    #expect(res.status == .ok)
                case 2:
                    // The author's reply reopens a closed ticket.
                    let ticket = tickets.randomElement(using: &random)!
                    let res = try await app.send(
                        .POST, "/api/tickets/\(ticket.id)/comments", as: ticket.author,
                        json: CreateCommentRequest(text: "?"))
                    #expect(res.status == .created)
                case 3:
                    let index = Int.random(in: 0..<tickets.count, using: &random)
                    #expect(
                        try await app.send(.DELETE, "/api/tickets/\(tickets[index].id)", as: admin).status == .noContent
                    )
                    tickets.remove(at: index)
                default:
                    // A change that fails leaves the counters as they were.
                    let ticket = tickets.randomElement(using: &random)!
                    let res = try await app.send(
                        .PATCH, "/api/tickets/\(ticket.id)", as: agent,
                        json: RawJSON(["status": "closed", "assignee_id": .int(customers[0].id)]))
                    #expect(res.status == .unprocessableEntity)
                }
            }
            let overall = try await app.send(.GET, "/api/stats", as: agent).decode(StatsResponse.self)
            #expect(shown(overall) == (try await counted(app, author: nil)))
            for customer in customers {
                let own = try await app.send(.GET, "/api/stats", as: customer).decode(StatsResponse.self)
                #expect(shown(own) == (try await counted(app, author: customer.id)))
            }
        }
    }
}
