import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// A ticket walked through its SLA with the clock set by hand: 09:00-17:00 Mon-Fri in Berlin.
@Suite("Ticket SLAs and history")
struct TicketSLATests {
    static let berlin = BusinessCalendarTests.config()
    static func local(_ text: String) -> Date { BusinessCalendarTests.local(text) }

    struct Desk {
        let app: Application
        let clock: ManualClock
        let customer: TestUser
        let agent: TestUser
        let admin: TestUser

        func at(_ text: String) { clock.set(TicketSLATests.local(text)) }

        func ticket(_ id: Int, as user: TestUser? = nil) async throws -> TicketResponse {
            try await app.send(.GET, "/api/tickets/\(id)", as: user ?? agent).decode(TicketResponse.self)
        }

        func reply(_ id: Int, as user: TestUser, internal: Bool = false) async throws {
            let res = try await app.send(
                .POST, "/api/tickets/\(id)/comments", as: user,
                json: CreateCommentRequest(text: "…", internal: `internal`))
            #expect(res.status == .created)
        }

        func patch(_ id: Int, _ body: [String: JSONValue], as user: TestUser? = nil) async throws {
            let res = try await app.send(.PATCH, "/api/tickets/\(id)", as: user ?? agent, json: RawJSON(body))
            #expect(res.status == .ok)
        }
    }

    /// A desk whose SLA is Berlin office hours with `targets` for normal priority (minutes).
    func withDesk(firstResponse: Int?, resolution: Int?, _ test: (Desk) async throws -> Void) async throws {
        try await withTestApp { app in
            let clock = ManualClock()
            clock.set(Self.local("2026-11-23 08:00"))
            app.services.clock = AppClock { clock.now() }
            let desk = Desk(
                app: app, clock: clock, customer: try await app.makeUser(), agent: try await app.makeUser(.agent),
                admin: try await app.makeUser(.admin))
            var config = Self.berlin
            config.targets.normal = .init(firstResponseMinutes: firstResponse, resolutionMinutes: resolution)
            let put = try await app.send(.PUT, "/api/sla", as: desk.admin, json: config)
            #expect(put.status == .ok)
            try await test(desk)
        }
    }

    func file(_ desk: Desk, at time: String) async throws -> Int {
        desk.at(time)
        let res = try await desk.app.send(
            .POST, "/api/tickets", as: desk.customer, json: CreateTicketRequest(title: "VPN down", description: "d"))
        return try res.decode(TicketResponse.self).id
    }

    @Test("Filed Friday 16:30 with a 60-minute first response: due Monday 09:30; a staff reply meets it")
    func firstResponse() async throws {
        try await withDesk(firstResponse: 60, resolution: nil) { desk in
            let id = try await file(desk, at: "2026-11-27 16:30")
            var sla = try #require(try await desk.ticket(id).sla)
            #expect(sla.firstResponseDueAt == Self.local("2026-11-30 09:30"))
            #expect(sla.state == .ok)
            // The customer's own view carries no SLA.
            #expect(try await desk.ticket(id, as: desk.customer).sla == nil)

            desk.at("2026-11-30 09:20")  // 50 of 60 minutes gone: less than 20 % left
            #expect(try await desk.ticket(id).sla?.state == .atRisk)
            try await desk.reply(id, as: desk.agent, internal: true)  // an internal note is no response
            #expect(try await desk.ticket(id).sla?.firstRespondedAt == nil)
            try await desk.reply(id, as: desk.agent)
            sla = try #require(try await desk.ticket(id).sla)
            #expect(sla.firstRespondedAt == Self.local("2026-11-30 09:20"))
            #expect(sla.state == .ok)
        }
    }

    @Test("A missed first response is breached, and stays breached after the reply")
    func breach() async throws {
        try await withDesk(firstResponse: 60, resolution: nil) { desk in
            let id = try await file(desk, at: "2026-11-27 16:30")
            desk.at("2026-11-30 09:31")
            #expect(try await desk.ticket(id).sla?.state == .breached)
            let breached = try await desk.app.send(.GET, "/api/tickets?sla=breached", as: desk.agent)
            #expect(try breached.decode(TicketPage.self).items.map(\.id) == [id])
            try await desk.reply(id, as: desk.agent)
            #expect(try await desk.ticket(id).sla?.state == .breached)
            try await desk.patch(id, ["status": "closed"])
            #expect(try await desk.ticket(id).sla?.state == .breached)
        }
    }

    @Test("Waiting on the customer pauses the resolution clock; their answer resumes it; closing meets it")
    func pauseAndResume() async throws {
        try await withDesk(firstResponse: nil, resolution: 240) { desk in
            let id = try await file(desk, at: "2026-11-23 09:00")  // Monday
            #expect(try await desk.ticket(id).sla?.resolutionDueAt == Self.local("2026-11-23 13:00"))

            desk.at("2026-11-23 10:00")
            try await desk.reply(id, as: desk.agent)  // 60 minutes used; now waiting on the customer
            var sla = try #require(try await desk.ticket(id).sla)
            #expect(sla.paused && sla.resolutionDueAt == nil && sla.state == .ok)

            desk.at("2026-11-24 09:00")  // a whole business day later, still nothing due
            #expect(try await desk.ticket(id).sla?.state == .ok)
            try await desk.reply(id, as: desk.customer)  // 180 minutes left from now
            sla = try #require(try await desk.ticket(id).sla)
            #expect(!sla.paused && sla.resolutionDueAt == Self.local("2026-11-24 12:00"))

            desk.at("2026-11-24 11:00")
            try await desk.patch(id, ["status": "closed"])
            sla = try #require(try await desk.ticket(id).sla)
            #expect(sla.state == .met && sla.resolvedAt == Self.local("2026-11-24 11:00"))
            let stats = try await desk.app.send(.GET, "/api/stats", as: desk.agent).decode(StatsResponse.self)
            #expect(stats.sla?.metPercent == 100)
        }
    }

    @Test("A priority change recomputes the targets from the creation; reopening resumes the clock")
    func priorityAndReopen() async throws {
        try await withDesk(firstResponse: nil, resolution: 480) { desk in
            var config = Self.berlin
            config.targets.normal = .init(firstResponseMinutes: nil, resolutionMinutes: 480)
            config.targets.urgent = .init(firstResponseMinutes: nil, resolutionMinutes: 60)
            #expect(try await desk.app.send(.PUT, "/api/sla", as: desk.admin, json: config).status == .ok)

            let id = try await file(desk, at: "2026-11-23 09:00")
            #expect(try await desk.ticket(id).sla?.resolutionDueAt == Self.local("2026-11-23 17:00"))
            desk.at("2026-11-23 09:30")
            try await desk.patch(id, ["priority": "urgent"])
            #expect(try await desk.ticket(id).sla?.resolutionDueAt == Self.local("2026-11-23 10:00"))

            desk.at("2026-11-23 09:40")
            try await desk.patch(id, ["status": "closed"])
            #expect(try await desk.ticket(id).sla?.state == .met)
            desk.at("2026-11-23 11:00")
            try await desk.reply(id, as: desk.customer)  // the author's reply reopens it: 20 minutes were left
            let ticket = try await desk.ticket(id)
            #expect(ticket.status == .open)
            #expect(ticket.sla?.resolutionDueAt == Self.local("2026-11-23 11:20"))
            desk.at("2026-11-23 11:21")
            #expect(try await desk.ticket(id).sla?.state == .breached)

            let due = try await desk.app.send(.GET, "/api/tickets?sort=due", as: desk.agent)
            #expect(due.status == .ok)
            #expect(try await desk.app.send(.GET, "/api/tickets?sort=due", as: desk.customer).status == .forbidden)
        }
    }

    @Test("History records every change with its actor and values; customers cannot read it")
    func history() async throws {
        try await withDesk(firstResponse: 60, resolution: 480) { desk in
            let id = try await file(desk, at: "2026-11-23 09:00")
            try await desk.patch(
                id, ["priority": "high", "status": "in_progress", "assignee_id": .int(desk.agent.id), "title": "VPN"])
            try await desk.patch(id, ["assignee_id": nil, "description": "new words"])
            try await desk.patch(id, ["status": "closed"], as: desk.customer)
            try await desk.reply(id, as: desk.customer)

            let res = try await desk.app.send(.GET, "/api/tickets/\(id)/history", as: desk.agent)
            let items = try res.decode(HistoryList.self).items
            let lines = items.map { [$0.action, $0.field ?? "", $0.from ?? "", $0.to ?? "", $0.actor?.username ?? ""] }
            let customer = desk.customer.user.username
            let agent = desk.agent.user.username
            #expect(
                lines == [
                    ["created", "", "", "", customer],
                    ["updated", "title", "VPN down", "VPN", agent],
                    ["updated", "status", "open", "in_progress", agent],
                    ["updated", "priority", "normal", "high", agent],
                    ["updated", "assignee", "", agent, agent],
                    ["updated", "description", "d", "new words", agent],
                    ["updated", "assignee", agent, "", agent],
                    ["updated", "status", "in_progress", "closed", customer],
                    ["reopened", "status", "closed", "open", customer],
                ])
            #expect(items.allSatisfy { $0.via == "web" })
            #expect(try await desk.app.send(.GET, "/api/tickets/\(id)/history", as: desk.customer).status == .forbidden)
            let stranger = try await desk.app.makeUser()
            #expect(try await desk.app.send(.GET, "/api/tickets/\(id)/history", as: stranger).status == .notFound)
            // Nothing in the API writes history: there is no route that could.
            for method in [HTTPMethod.POST, .PATCH, .PUT, .DELETE] {
                let res = try await desk.app.send(method, "/api/tickets/\(id)/history", as: desk.admin)
                #expect(res.status == .notFound || res.status == .methodNotAllowed)
            }
        }
    }

    @Test("The admin audit keeps deleted tickets and role changes; only admins read it")
    func audit() async throws {
        try await withDesk(firstResponse: nil, resolution: nil) { desk in
            let id = try await file(desk, at: "2026-11-23 09:00")
            #expect(try await desk.app.send(.DELETE, "/api/tickets/\(id)", as: desk.admin).status == .noContent)
            let promote = try await desk.app.send(
                .PATCH, "/api/users/\(desk.agent.id)", as: desk.admin, json: RawJSON(["role": "admin"]))
            #expect(promote.status == .ok)
            let page = try await desk.app.send(.GET, "/api/admin/audit", as: desk.admin).decode(AuditPage.self)
            #expect(page.items.map(\.action) == ["role_changed", "ticket_deleted"])
            #expect(page.items.last?.summary == "VPN down" && page.items.last?.targetId == id)
            #expect(page.items.allSatisfy { $0.actor?.id == desk.admin.id })
            #expect(try await desk.app.send(.GET, "/api/admin/audit", as: desk.customer).status == .forbidden)
        }
    }
}

extension ManualClock {
    func set(_ date: Date) { advance(date.timeIntervalSince(now())) }
}
