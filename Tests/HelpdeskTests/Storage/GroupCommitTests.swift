import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Group commit")
struct GroupCommitTests {
    /// Concurrent writes share transactions on SQLite; one that fails inside its transaction must leave
    /// no trace, and every one that was answered 2xx must be there, with its history and counts.
    @Test("Concurrent writes: each succeeds or fails on its own, and every success is stored")
    func concurrentWrites() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let ticket = try await app.makeTicket(by: customer)
            let statuses = try await withThrowingTaskGroup(of: (Int, HTTPStatus).self) { group in
                for index in 0..<60 {
                    group.addTask {
                        switch index % 3 {
                        case 0:
                            let res = try await app.send(
                                .POST, "/api/tickets/\(ticket.id)/comments", as: agent,
                                json: CreateCommentRequest(text: "reply \(index)"))
                            return (0, res.status)
                        case 1:
                            // Fails inside its transaction: a customer cannot be assigned.
                            let res = try await app.send(
                                .PATCH, "/api/tickets/\(ticket.id)", as: agent,
                                json: RawJSON(["title": .string("never \(index)"), "assignee_id": .int(customer.id)]))
                            return (1, res.status)
                        default:
                            let res = try await app.send(
                                .PATCH, "/api/tickets/\(ticket.id)", as: agent,
                                json: RawJSON(["title": .string("title \(index)")]))
                            return (2, res.status)
                        }
                    }
                }
                return try await group.reduce(into: [(Int, HTTPStatus)]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == 0 }.allSatisfy { $0.1 == .created })
            #expect(statuses.filter { $0.0 == 1 }.allSatisfy { $0.1 == .unprocessableEntity })
            #expect(statuses.filter { $0.0 == 2 }.allSatisfy { $0.1 == .ok })
            #expect(try await app.count("comments") == 20)
            let titles = try await app.count("ticket_history", where: "field = 'title'")
            #expect(titles == 20)
            #expect(try await app.count("ticket_history", where: "to_value LIKE 'never%'") == 0)
            #expect(try await app.storedTicket(ticket.id)?.title.hasPrefix("title ") == true)
        }
    }
}
