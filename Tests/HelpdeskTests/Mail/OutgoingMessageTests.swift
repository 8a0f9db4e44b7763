import Foundation
import Testing

@testable import Helpdesk

@Suite("Outgoing messages")
struct OutgoingMessageTests {
    static let boundary = "=_helpdesk_test"
    static let note = """
        Internal note from bob (staff only — never sent to the customer):

        The customer's card ends 4242. Grüße, Zoë 😀
        .
        a line with trailing spaces   \r
        =?UTF-8?B?SGk=?= & <b>bold</b> a=b
        --=_helpdesk_test--
        \(String(repeating: "long line ", count: 400))
        """

    /// Tuesday 24 November 2026, 10:00 UTC.
    static func message(subject: String = "Drucker brennt — bitte schnell", text: String = note) -> OutgoingMessage {
        OutgoingMessage(
            from: MailAddress(name: "Helpdesk", address: "support@example.com"),
            to: MailAddress(name: "Zoë Ä", address: "zoe@example.org"),
            replyTo: MailAddress(name: "Helpdesk", address: "support+7-0123456789abcdef0123@example.com"),
            subject: subject, messageID: "<ticket-7.ab12@example.com>", inReplyTo: "<ticket-7@example.com>",
            references: ["<ticket-7@example.com>"], date: Date(timeIntervalSince1970: 1_795_514_400),
            text: text, html: "<p>\(text)</p>")
    }

    static func header(_ fields: [(name: String, value: String)], _ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    @Test("Every line ends with CRLF, none is longer than 998 octets, and the message is ASCII")
    func lineEndings() throws {
        let rendered = Self.message(subject: String(repeating: "Übergröße ", count: 60)).rendered()
        let lines = try #require(MailDecoding.crlfLines(rendered), "a bare CR or LF")
        #expect(rendered.hasSuffix("\r\n"))
        #expect(lines.allSatisfy { $0.count <= 998 })
        #expect(rendered.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test("The headers, in order, with their values")
    func headers() throws {
        let rendered = Self.message().rendered(boundary: Self.boundary)
        let (fields, _) = try #require(MailDecoding.headerFields(rendered))
        #expect(
            fields.map(\.name) == [
                "Date", "From", "To", "Reply-To", "Subject", "Message-ID", "In-Reply-To", "References",
                "Auto-Submitted", "MIME-Version", "Content-Type",
            ])
        #expect(Self.header(fields, "Date") == "Tue, 24 Nov 2026 10:00:00 +0000")
        #expect(Self.header(fields, "From") == "Helpdesk <support@example.com>")
        #expect(Self.header(fields, "To") == "=?UTF-8?B?Wm/DqyDDhA==?= <zoe@example.org>")
        #expect(Self.header(fields, "Reply-To") == "Helpdesk <support+7-0123456789abcdef0123@example.com>")
        #expect(Self.header(fields, "Message-ID") == "<ticket-7.ab12@example.com>")
        #expect(Self.header(fields, "In-Reply-To") == "<ticket-7@example.com>")
        #expect(Self.header(fields, "References") == "<ticket-7@example.com>")
        #expect(Self.header(fields, "Auto-Submitted") == "auto-generated")
        #expect(Self.header(fields, "MIME-Version") == "1.0")
        #expect(Self.header(fields, "Content-Type") == "multipart/alternative; boundary=\"=_helpdesk_test\"")
    }

    @Test("Optional headers are left out when there is nothing to say")
    func optionalHeaders() throws {
        var message = Self.message()
        message.replyTo = nil
        message.inReplyTo = nil
        message.references = []
        let (fields, _) = try #require(MailDecoding.headerFields(message.rendered(boundary: Self.boundary)))
        #expect(!fields.map(\.name).contains { ["Reply-To", "In-Reply-To", "References"].contains($0) })
        #expect(fields.count == 8)
    }

    @Test("A non-ASCII subject is sent as encoded words that decode to it")
    func encodedSubject() throws {
        let subject = "[#7] Drucker brennt — bitte schnell, Grüße 😀 " + String(repeating: "ä", count: 50)
        let (fields, _) = try #require(MailDecoding.headerFields(Self.message(subject: subject).rendered()))
        let value = try #require(Self.header(fields, "Subject"))
        #expect(value.hasPrefix("=?UTF-8?B?"))
        #expect(MailDecoding.encodedWords(value) == subject)
    }

    @Test("A CR or LF in the subject or a name cannot add a header")
    func headerInjection() throws {
        var message = Self.message(subject: "Hello\r\nBcc: victim@example.org\nX-Evil: 1")
        message.to.name = "Eve\r\nBcc: victim@example.org"
        let (fields, _) = try #require(MailDecoding.headerFields(message.rendered()))
        #expect(!fields.contains { $0.name == "Bcc" || $0.name == "X-Evil" })
        #expect(fields.count == 11)
        #expect(Self.header(fields, "Subject") == "Hello  Bcc: victim@example.org X-Evil: 1")
    }

    @Test("A CR or LF in a Message-ID or a reference cannot add a header either")
    func idInjection() throws {
        var message = Self.message()
        message.messageID = "<a@example.com>\r\nBcc: victim@example.org"
        message.inReplyTo = "<b@example.com>\nBcc: victim@example.org"
        message.references = ["<c@example.com>\rBcc: victim@example.org"]
        let rendered = message.rendered()
        #expect(MailDecoding.crlfLines(rendered) != nil)
        let (fields, _) = try #require(MailDecoding.headerFields(rendered))
        #expect(!fields.contains { $0.name == "Bcc" })
        #expect(fields.count == 11)
    }

    @Test("Long header lines fold at spaces into lines of at most 78 characters, and unfold to the value")
    func folding() throws {
        // Trailing spaces may not become a line of their own.
        let words = (1...30).map { "word\($0)" }.joined(separator: " ")
        var message = Self.message(subject: words + String(repeating: " ", count: 70))
        message.references = (1...8).map { "<ticket-7.reference-\($0)@example.com>" }
        let rendered = message.rendered(boundary: Self.boundary)
        let head = try #require(rendered.components(separatedBy: "\r\n\r\n").first)
        let lines = head.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines.filter { $0.hasPrefix(" ") }.count >= 4)
        #expect(lines.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        let (fields, _) = try #require(MailDecoding.headerFields(rendered))
        #expect(Self.header(fields, "Subject") == message.subject)
        #expect(Self.header(fields, "References") == message.references.joined(separator: " "))
    }

    @Test("A text and an HTML part, both UTF-8 quoted-printable, and the note round-trips")
    func parts() throws {
        let message = Self.message()
        let (_, body) = try #require(MailDecoding.headerFields(message.rendered(boundary: Self.boundary)))
        let parts = try #require(MailDecoding.parts(body, boundary: Self.boundary))
        #expect(parts.count == 2)
        #expect(
            parts.map(\.headers) == [
                ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
                ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
            ])
        #expect(MailDecoding.quotedPrintable(parts[0].content) == MailDecoding.crlf(Self.note))
        #expect(MailDecoding.quotedPrintable(parts[1].content) == MailDecoding.crlf("<p>\(Self.note)</p>"))
        // The body's own "--=_helpdesk_test--" line is encoded, so only the real delimiters start lines.
        let delimiterLines = body.components(separatedBy: "\r\n").filter { $0.hasPrefix("--\(Self.boundary)") }
        #expect(delimiterLines == ["--\(Self.boundary)", "--\(Self.boundary)", "--\(Self.boundary)--"])
    }

    @Test("Fresh boundaries are random, start with '=_' and are what the message uses")
    func boundaries() throws {
        let first = OutgoingMessage.makeBoundary()
        let second = OutgoingMessage.makeBoundary()
        #expect(first != second)
        for boundary in [first, second] {
            #expect(boundary.hasPrefix("=_helpdesk_"))
            let random = boundary.dropFirst("=_helpdesk_".count)
            #expect(random.count == 24 && random.allSatisfy { "0123456789abcdef".contains($0) })
        }
        let rendered = Self.message().rendered()
        let (fields, body) = try #require(MailDecoding.headerFields(rendered))
        let contentType = try #require(Self.header(fields, "Content-Type"))
        let boundary = String(contentType.split(separator: "\"")[1])
        #expect(boundary.hasPrefix("=_helpdesk_"))
        #expect(MailDecoding.parts(body, boundary: boundary)?.count == 2)
    }

    @Test("Dates are RFC 5322 in UTC, whatever the instant")
    func dates() {
        #expect(OutgoingMessage.dateText(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(
            OutgoingMessage.dateText(Date(timeIntervalSince1970: 1_795_514_400 + 3_599.9))
                == "Tue, 24 Nov 2026 10:59:59 +0000")
    }
}
