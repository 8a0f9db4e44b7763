import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Mail in: the pipeline, through the HTTP hook")
struct InboundHookTests {
    static let secret = "inbound-test-secret-0123456789"

    /// A plain message as a mail client would send it.
    static func message(
        from: String, to: String = "support@example.com", subject: String, body: String, messageID: String? = nil,
        inReplyTo: String? = nil, extraHeaders: [String] = []
    ) -> String {
        var lines = [
            "From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: Tue, 24 Nov 2026 10:00:00 +0000",
            "Message-ID: \(messageID ?? "<\(UUID().uuidString)@client.test>")", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ]
        if let inReplyTo { lines += ["In-Reply-To: \(inReplyTo)", "References: \(inReplyTo)"] }
        lines += extraHeaders
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    }

    static func post(_ app: Application, _ raw: String, secret: String? = Self.secret, type: String = "message/rfc822")
        async throws -> TestingHTTPResponse
    {
        var headers: HTTPHeaders = ["Content-Type": type]
        if let secret { headers.add(name: "X-Inbound-Secret", value: secret) }
        return try await app.send(.POST, "/api/inbound/email", headers: headers, body: ByteBuffer(string: raw))
    }

    @Test("A stranger's mail becomes a ticket by a new customer, once, with its receipt in the outbox")
    func newTicket() async throws {
        try await withTestApp { app in
            let raw = Self.message(
                from: "Ada Lovelace <Ada.L@Example.org>", subject: "Printer on fire", body: "Smoke everywhere.",
                messageID: "<first@client.test>")
            let response = try await Self.post(app, raw)
            #expect(response.status == .accepted)
            #expect(response.json["created"] as? Bool == true)
            #expect(response.json["comment_id"] is NSNull)
            let ticketID = try #require(response.json["ticket_id"] as? Int)
            let ticket = try #require(try await app.storedTicket(ticketID))
            #expect(ticket.title == "Printer on fire")
            #expect(ticket.description == "Smoke everywhere.")
            let author = try #require(try await app.storedUser(ticket.authorID))
            #expect(author.email == "ada.l@example.org")
            #expect(author.username == "Ada.L")
            #expect(author.role == .customer)
            #expect(
                try await app.count("outbox", where: "kind = 'ticket_received' AND recipient = 'ada.l@example.org'")
                    == 1)
            #expect(try await app.count("ticket_history", where: "via = 'email'") == 1)

            let again = try await Self.post(app, raw)
            #expect(again.status == .ok)
            #expect(again.json["ignored"] as? String == "already imported")
            #expect(try await app.count("tickets") == 1)
        }
    }

    @Test("A reply to the ticket's reply address lands on it, quoted history cut, and reopens it")
    func replyByAddress() async throws {
        try await withTestApp { app in
            let (ticket, author, stranger, agent, _) = try await app.ticketWithCast()
            _ = try await TicketStore(context: app.storeContext, scope: .everything)
                .update(ticket, with: TicketChange(status: .closed), by: agent.actor)
            let address = app.services.mailQueue!.composer.replyAddress.address(ticketID: ticket.id).address
            let reply = Self.message(
                from: author.user.email, to: address, subject: "Re: [#\(ticket.id)] \(ticket.title)",
                body:
                    "It is still broken.\n\nOn Tue, 24 Nov 2026 at 10:00, Helpdesk <support@example.com> wrote:\n> old text"
            )
            let response = try await Self.post(app, reply)
            #expect(response.status == .accepted)
            #expect(response.json["ticket_id"] as? Int == ticket.id)
            #expect(response.json["created"] as? Bool == false)
            let commentID = try #require(response.json["comment_id"] as? Int)
            let comments = try await CommentStore(context: app.storeContext, scope: .everything).list(on: ticket)
            #expect(comments.last?.id == commentID)
            #expect(comments.last?.text == "It is still broken.")
            #expect(try await app.storedTicket(ticket.id)?.status == .open)

            // The original, quoted history and all, for staff only.
            let path = "/api/tickets/\(ticket.id)/comments/\(commentID)/source"
            let source = try await app.send(.GET, path, as: agent)
            #expect(source.status == .ok)
            #expect(source.body.string.contains("> old text"))
            #expect(try await app.send(.GET, path, as: author).status == .forbidden)
            #expect(try await app.send(.GET, path, as: stranger).status == .notFound)

            // Someone else writing to that address, or a forged address, files a ticket of their own.
            let intruder = Self.message(from: stranger.user.email, to: address, subject: "Re: hi", body: "let me in")
            let theirs = try await Self.post(app, intruder)
            #expect(theirs.json["created"] as? Bool == true)
            #expect(theirs.json["ticket_id"] as? Int != ticket.id)
            let forged = address.replacingOccurrences(of: "-", with: "-0")
            let guess = Self.message(from: author.user.email, to: forged, subject: "Re: guess", body: "forged")
            #expect(try await Self.post(app, guess).json["created"] as? Bool == true)
        }
    }

    @Test("A reply to a merged duplicate's address lands on the ticket it was merged into")
    func replyToMerged() async throws {
        try await withTestApp { app in
            let (target, author, _, agent, _) = try await app.ticketWithCast()
            let source = try await app.makeTicket(by: author, title: "Duplicate")
            _ = try await TicketStore(context: app.storeContext, scope: .everything)
                .merge(source, into: target.id, by: agent.actor)
            let address = app.services.mailQueue!.composer.replyAddress.address(ticketID: source.id).address
            let reply = Self.message(from: author.user.email, to: address, subject: "Re: Duplicate", body: "Any news?")
            let response = try await Self.post(app, reply)
            #expect(response.status == .accepted)
            #expect(response.json["ticket_id"] as? Int == target.id)
            #expect(response.json["created"] as? Bool == false)
            #expect(try await app.storedTicket(source.id)?.status == .closed)
        }
    }

    @Test("A reply naming a Message-ID Helpdesk sent lands on its ticket; the subject alone never threads")
    func replyByMessageID() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, _) = try await app.ticketWithCast()
            try await app.makeComment(on: ticket, by: agent, text: "Try this")
            let sent = try #require(
                try await app.db.sql.raw(
                    "SELECT message_id FROM outbox WHERE kind = 'staff_reply' AND recipient = \(bind: author.user.email)"
                ).first()?.decode(column: "message_id", as: String.self))
            let reply = Self.message(
                from: author.user.email, subject: "whatever", body: "Thanks!", inReplyTo: sent)
            #expect(try await Self.post(app, reply).json["ticket_id"] as? Int == ticket.id)
            let bySubject = Self.message(
                from: author.user.email, subject: "Re: [#\(ticket.id)] \(ticket.title)", body: "new one")
            #expect(try await Self.post(app, bySubject).json["created"] as? Bool == true)
        }
    }

    @Test("Automatic mail, Helpdesk's own mail and floods are ignored with a reason")
    func ignored() async throws {
        try await withTestApp { app in
            let auto = Self.message(
                from: "x@client.test", subject: "Out of office", body: "away",
                extraHeaders: ["Auto-Submitted: auto-replied"])
            let response = try await Self.post(app, auto)
            #expect(response.status == .ok)
            #expect((response.json["ignored"] as? String)?.isEmpty == false)
            let own = Self.message(from: "Helpdesk <support@example.com>", subject: "loop", body: "loop")
            #expect(try await Self.post(app, own).json["ignored"] as? String == "sent by Helpdesk itself")
            for index in 0..<MailImporter.throttleLimit {
                let raw = Self.message(from: "flood@client.test", subject: "n\(index)", body: "spam")
                #expect(try await Self.post(app, raw).status == .accepted)
            }
            let over = try await Self.post(app, Self.message(from: "flood@client.test", subject: "more", body: "spam"))
            #expect((over.json["ignored"] as? String)?.contains("too many") == true)
            #expect(try await app.count("tickets") == MailImporter.throttleLimit)
        }
    }

    @Test("The hook wants its secret, a message, and something readable")
    func refusals() async throws {
        try await withTestApp { app in
            let raw = Self.message(from: "a@client.test", subject: "s", body: "b")
            #expect(try await Self.post(app, raw, secret: nil).status == .unauthorized)
            #expect(try await Self.post(app, raw, secret: "wrong-secret-wrong-secret").status == .unauthorized)
            #expect(try await Self.post(app, raw, type: "text/plain").status == .unsupportedMediaType)
            let garbage = try await Self.post(app, "\u{0}\u{1}not a message at all")
            #expect(garbage.status == .unprocessableEntity)
            #expect(garbage.reason?.isEmpty == false)
            #expect(try await app.count("tickets") == 0)
        }
        try await withTestApp(settings: SettingsAdjustment { $0.inbound.secret = nil }) {
            (app: Application) async throws in
            let raw = Self.message(from: "a@client.test", subject: "s", body: "b")
            #expect(try await Self.post(app, raw).status == .notFound)
        }
    }
}
