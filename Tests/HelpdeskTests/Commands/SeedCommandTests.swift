import ConsoleKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Commands")
struct SeedCommandTests {
    func run(_ command: some AsyncCommand, _ arguments: [String], on app: Application) async throws {
        var context = CommandContext(console: app.console, input: CommandInput(arguments: ["helpdesk"] + arguments))
        context.application = app
        try await command.run(using: &context)
    }

    @Test("seed makes the demo accounts and tickets that list, search and paginate; seeding again adds tickets")
    func seed() async throws {
        try await withTestApp { app in
            try await run(SeedCommand(), ["--tickets", "1200"], on: app)
            #expect(try await app.count("tickets") == 1200)
            #expect(try await app.count("users", where: "role = 'admin'") == 1)
            #expect(try await app.count("comments") > 0)
            #expect(try await app.count("canned_replies", where: "shared = \(true)") == 3)
            // Every tag is used, the common ones more than the rare one.
            let billing = try await app.count("ticket_tags", where: "tag = 'billing'")
            let escalated = try await app.count("ticket_tags", where: "tag = 'escalated'")
            #expect(billing > 5 * escalated && escalated > 0)

            let login = try await app.send(
                .POST, "/api/auth/login", json: LoginRequest(email: "agent@example.com", password: DemoData.password))
            let token = try login.decode(AuthResponse.self).token
            let agent = ["Authorization": "Bearer \(token)"] as HTTPHeaders
            let page = try await app.send(.GET, "/api/tickets?limit=100", headers: agent).decode(TicketPage.self)
            #expect(page.items.count == 100)
            #expect(page.items.map(\.createdAt) == page.items.map(\.createdAt).sorted(by: >))
            let search = try await app.send(.GET, "/api/tickets?q=printer", headers: agent).decode(TicketPage.self)
            #expect(!search.items.isEmpty)
            #expect(search.items.allSatisfy { ($0.title + " " + $0.description).lowercased().contains("printer") })

            try await run(SeedCommand(), ["--tickets", "10"], on: app)
            #expect(try await app.count("tickets") == 1210)
            #expect(try await app.count("canned_replies") == 3)  // a second seed adds none
            #expect(try await app.count("users", where: "role = 'admin'") == 1)
            // New tickets still get ids after the seeded ones (PostgreSQL's sequence was moved on).
            let customer = try await app.makeUser()
            let res = try await app.send(
                .POST, "/api/tickets", as: customer,
                json: CreateTicketRequest(title: "t", description: "d", priority: nil))
            #expect(res.status == .created)

            try await run(SeedCommand(), ["--tickets", "10", "--if-empty"], on: app)
            #expect(try await app.count("tickets") == 1211)
        }
    }
}
