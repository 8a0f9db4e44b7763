import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Ticket search")
struct TicketSearchTests {
    @Test("The query is read into words, a last-word prefix, a ticket number and a sender")
    func parsing() {
        #expect(TicketSearch.parse("Wif").terms == ["wif"] && TicketSearch.parse("Wif").lastIsPrefix)
        #expect(!TicketSearch.parse("wifi ").lastIsPrefix && !TicketSearch.parse("wifi.").lastIsPrefix)
        #expect(TicketSearch.parse(" #301 ").ticketID == 301 && TicketSearch.parse("301").ticketID == 301)
        #expect(TicketSearch.parse("#301 printer").ticketID == nil)
        #expect(TicketSearch.parse("99999999999999999999").ticketID == nil)
        let from = TicketSearch.parse("from:Ada@Example.org printer off")
        #expect(from.from == "ada@example.org" && from.terms == ["printer", "off"])
        #expect(TicketSearch.fts5Match(from) == #""printer" "off"*"#)
        #expect(TicketSearch.tsQuery(from) == "printer & off:*")
        #expect(TicketSearch.parse("from:").from == nil)
    }

    @Test("Search as you type: the last word matches the start of a word, earlier ones whole words")
    func prefix() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let wifi = try await app.makeTicket(by: customer, title: "Office wifi keeps dropping")
            try await app.makeTicket(by: customer, title: "Printer offline")
            func ids(_ q: String, as user: TestUser) async throws -> [Int] {
                let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
                let res = try await app.send(.GET, "/api/tickets?q=\(encoded)", as: user)
                #expect(res.status == .ok)
                return try res.decode(TicketPage.self).items.map(\.id)
            }
            for user in [customer, agent] {
                #expect(try await ids("wif", as: user) == [wifi.id])
                #expect(try await ids("office wif", as: user) == [wifi.id])
                #expect(try await ids("wif ", as: user).isEmpty)  // a finished word matches whole words only
                #expect(try await ids("off", as: user).count == 2)  // office, offline
            }
        }
    }

    @Test("#301 or 301 finds that ticket when the caller may see it, and nothing otherwise")
    func byNumber() async throws {
        try await withTestApp { app in
            let (ticket, author, stranger, agent, _) = try await app.ticketWithCast()
            for user in [author, agent] {
                for q in ["%23\(ticket.id)", "\(ticket.id)"] {
                    let page = try await app.send(.GET, "/api/tickets?q=\(q)", as: user).decode(TicketPage.self)
                    #expect(page.items.map(\.id) == [ticket.id])
                }
            }
            let hidden = try await app.send(.GET, "/api/tickets?q=%23\(ticket.id)", as: stranger)
            #expect(try hidden.decode(TicketPage.self).items.isEmpty)
        }
    }

    @Test("Staff find a customer's tickets by email or username; for customers from: changes nothing")
    func fromSender() async throws {
        try await withTestApp { app in
            let ada = try await app.makeUser(name: "ada")
            let bob = try await app.makeUser(name: "bob")
            let agent = try await app.makeUser(.agent)
            let adas = try await app.makeTicket(by: ada, title: "Printer jam")
            try await app.makeTicket(by: bob, title: "Printer jam too")
            for q in ["from:\(ada.user.email)", "from:ADA", "from:ada%20printer"] {
                let page = try await app.send(.GET, "/api/tickets?q=\(q)", as: agent).decode(TicketPage.self)
                #expect(page.items.map(\.id) == [adas.id], "\(q)")
            }
            let own = try await app.send(.GET, "/api/tickets?q=from:ada", as: bob).decode(TicketPage.self)
            #expect(own.items.count == 1 && own.items.first?.author.id == bob.id)
        }
    }
}

@Suite("Ticket search fuzzing")
struct TicketSearchFuzzTests {
    /// Random queries — FTS and tsquery syntax, quotes, stars, numbers, from:, control characters,
    /// long and non-Latin text — through the list: every answer is a 200 or a 400, never a 5xx.
    @Test("Random queries never make the list fail")
    func fuzzQueries() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            try await app.makeTicket(by: customer, title: "Office wifi keeps dropping")
            var random = SplitMix64(seed: SplitMix64.fuzzSeed)
            let pieces = [
                "\"", "*", "'", ":", "&", "|", "!", "(", ")", "-", "NEAR", "AND", "OR", "NOT", "#", "from:", "wif",
                "301", "99999999999999999999", " ", "\t", "é", "日本", "🙂", "\u{0301}", "%", "\\", "^", "{", "}",
            ]
            for _ in 0..<SplitMix64.fuzzCases(default: 300) {
                var query = ""
                for _ in 0..<Int.random(in: 1..<8, using: &random) {
                    if Bool.random(using: &random) {
                        query += pieces.randomElement(using: &random) ?? ""
                    } else {
                        query += String(
                            decoding: random.bytes(Int.random(in: 1..<6, using: &random)).map { $0 % 95 + 32 },
                            as: UTF8.self)
                    }
                }
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                for user in [customer, agent] {
                    for extra in ["", "&sort=due", "&status=open"] {
                        let res = try await app.send(.GET, "/api/tickets?q=\(encoded)\(extra)", as: user)
                        #expect(
                            [.ok, .badRequest, .forbidden].contains(res.status), "\(query) \(extra) \(res.status)")
                    }
                }
            }
        }
    }
}
