import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("The outbox")
struct OutboxTests {
    struct Row {
        var kind: String
        var to: String
        var message: String
    }

    static func rows(_ app: Application) async throws -> [Row] {
        try await app.db.sql.raw("SELECT kind, recipient, message FROM outbox ORDER BY id").all().map {
            Row(
                kind: try $0.decode(column: "kind", as: String.self),
                to: try $0.decode(column: "recipient", as: String.self),
                message: try $0.decode(column: "message", as: String.self))
        }
    }

    @Test("Each change writes its mail in its own transaction, to the right people, and notes never reach customers")
    func scenario() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, admin) = try await app.ticketWithCast()
            var rows = try await Self.rows(app)
            #expect(rows.map(\.kind) == ["ticket_received", "ticket_created", "ticket_created"])
            #expect(Set(rows.map(\.to)) == [author.user.email, agent.user.email, admin.user.email])

            let store = TicketStore(context: app.storeContext, scope: .everything)
            _ = try await store.update(ticket, with: TicketChange(assigneeID: .some(agent.id)), by: admin.actor)
            try await app.makeComment(on: ticket, by: admin, text: "SECRET-NOTE-TEXT", internal: true)
            try await app.makeComment(on: ticket, by: agent, text: "Public answer")
            try await app.makeComment(on: ticket, by: author, text: "Thanks")
            _ = try await store.update(ticket, with: TicketChange(status: .closed), by: agent.actor)

            rows = Array(try await Self.rows(app).dropFirst(3))
            #expect(
                rows.map { "\($0.kind)>\($0.to)" } == [
                    "assigned>\(agent.user.email)",
                    "internal_note>\(agent.user.email)",
                    "staff_reply>\(author.user.email)",
                    "customer_reply>\(agent.user.email)",
                    "closed>\(author.user.email)",
                ])
            for row in try await Self.rows(app) where row.to == author.user.email {
                #expect(!row.message.contains("SECRET-NOTE"))
                #expect(row.message.contains("Reply-To: "))
                #expect(row.message.contains("References: <ticket-\(ticket.id)@example.com>"))
            }
        }
    }

    @Test("A change that rolls back leaves no mail behind")
    func rollback() async throws {
        try await withTestApp { app in
            let (ticket, _, _, agent, _) = try await app.ticketWithCast()
            let before = try await app.count("outbox")
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await app.storeContext.changeTickets(by: agent.actor) { tx in
                    let (current, _) = try await tx.current(ticket.id)
                    try await tx.notify(.comment(text: "lost", internal: false), about: current)
                    throw Boom()
                }
            }
            #expect(try await app.count("outbox") == before)
        }
    }

    @Test(
        "The worker writes due mail and marks it sent; a failing transport retries with growing delays, then gives up")
    func worker() async throws {
        let clock = ManualClock()
        try await withTestApp { app in
            app.services.clock = AppClock { clock.now() }
            let (_, author, _, _, _) = try await app.ticketWithCast()
            guard case .directory(let directory) = app.settings.mail.transport else {
                Issue.record("tests write mail to a directory")
                return
            }
            let worker = MailWorker(app: app, queue: app.services.mailQueue!)
            #expect(try await worker.deliverDue() == 3)
            #expect(try await app.count("outbox", where: "status = 'sent'") == 3)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            #expect(files.count == 3 && files.allSatisfy { $0.hasSuffix(".eml") && !$0.hasPrefix(".") })
            #expect(try await worker.deliverDue() == 0)

            // A directory that cannot be made: every attempt fails, and the waits grow.
            var broken = app.settings.mail
            broken.transport = .directory("/proc/helpdesk-cannot-write-here")
            broken.retryDelays = [60, 300]
            var settings = app.settings
            settings.mail = broken
            app.services.settings = settings
            let failing = MailWorker(app: app, queue: app.services.mailQueue!)
            try await app.makeComment(
                on: try await app.makeTicket(by: author), by: try await app.makeUser(.agent), text: "hi")
            // The receipt, two staff notices, and the reply.
            #expect(try await failing.deliverDue() == 4)
            #expect(try await failing.deliverDue() == 0)  // not due again yet
            clock.advance(61)
            #expect(try await failing.deliverDue() == 4)
            clock.advance(299)
            #expect(try await failing.deliverDue() == 0)
            clock.advance(2)
            #expect(try await failing.deliverDue() == 4)
            let failed = try await app.send(.GET, "/api/admin/emails?status=failed", as: try await app.makeUser(.admin))
            let page = try failed.decode(OutboxPage.self)
            #expect(page.items.count == 4)
            #expect(page.items.allSatisfy { $0.attempts == 3 && $0.nextAttemptAt == nil })
            #expect(page.items.allSatisfy { $0.lastError?.contains("helpdesk-cannot-write-here") == true })
            #expect(try await app.count("outbox", where: "status = 'sent'") == 3)
        }
    }

    @Test("Admins read the outbox without bodies, filter it, and retry what failed; nobody else may")
    func adminAPI() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, admin) = try await app.ticketWithCast()
            try await app.makeComment(on: ticket, by: agent, text: "A-BODY-TEXT")
            for user in [author, agent] {
                #expect(try await app.send(.GET, "/api/admin/emails", as: user).status == .forbidden)
                #expect(try await app.send(.POST, "/api/admin/emails/1/retry", as: user).status == .forbidden)
            }
            let response = try await app.send(.GET, "/api/admin/emails", as: admin)
            #expect(response.status == .ok)
            #expect(!response.body.string.contains("A-BODY-TEXT"))
            let page = try response.decode(OutboxPage.self)
            #expect(page.items.map(\.kind) == ["staff_reply", "ticket_created", "ticket_created", "ticket_received"])
            #expect(page.items.allSatisfy { $0.status == .pending && $0.ticketId == ticket.id })
            #expect(page.items[0].subject == "[#\(ticket.id)] \(ticket.title)")
            let keys = Set(((response.json["items"] as? [[String: Any]])?.first ?? [:]).keys)
            #expect(
                keys == [
                    "id", "kind", "to", "subject", "ticket_id", "status", "attempts", "last_error", "created_at",
                    "next_attempt_at", "sent_at",
                ])
            #expect(
                try await app.send(.GET, "/api/admin/emails?status=sent", as: admin).decode(OutboxPage.self).items
                    .isEmpty)
            #expect(try await app.send(.GET, "/api/admin/emails?status=nope", as: admin).status == .badRequest)
            #expect(try await app.send(.GET, "/api/admin/emails?cursor=zzz", as: admin).status == .badRequest)
            #expect(try await app.send(.POST, "/api/admin/emails/99999/retry", as: admin).status == .notFound)

            let worker = MailWorker(app: app, queue: app.services.mailQueue!)
            try await worker.deliverDue()
            let sent = try await app.send(.POST, "/api/admin/emails/\(page.items[0].id)/retry", as: admin)
            #expect(sent.status == .conflict)
        }
    }

    @Test("PATCH /api/auth/me turns notifications off, and then no ticket mail is written for them")
    func optOut() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let response = try await app.send(
                .PATCH, "/api/auth/me", as: author, json: RawJSON(["email_notifications": false]))
            #expect(response.status == .ok)
            #expect(response.json["email_notifications"] as? Bool == false)
            #expect(try await app.send(.GET, "/api/auth/me", as: author).json["email_notifications"] as? Bool == false)
            let ticket = try await app.makeTicket(by: author)
            try await app.makeComment(on: ticket, by: agent, text: "hello")
            #expect(try await app.count("outbox", where: "recipient = '\(author.user.email)'") == 0)
            #expect(try await app.count("outbox", where: "recipient = '\(agent.user.email)'") == 1)
            let bad = try await app.send(
                .PATCH, "/api/auth/me", as: author, json: RawJSON(["email_notifications": "no"]))
            #expect(bad.status == .badRequest || bad.status == .unprocessableEntity)
        }
    }
}
