import Foundation
import Testing

@testable import Helpdesk

@Suite("Mail in the shapes real clients send, read field by field")
struct InboundCorpusTests {
    @Test("Gmail: the plain part of multipart/alternative, threading ids, a two-line attribution cut")
    func gmail() throws {
        let message = try MIMEParser.parse(InboundCorpus.gmailReply())
        #expect(message.from == MailAddress(name: "Ada Lovelace", address: "ada@example.org"))
        #expect(message.recipients == [MailAddress(name: "Helpdesk", address: "support@example.com")])
        #expect(message.subject == "Re: [#7] Printer on fire")
        #expect(message.messageID == "<CAGm1x=abc@mail.gmail.com>")
        #expect(message.inReplyTo == ["<ticket-7.abc123@example.com>"])
        #expect(message.references == ["<ticket-7.abc123@example.com>"])
        #expect(message.date == Date(timeIntervalSince1970: 1_772_446_542))
        #expect(
            message.text
                == "Thanks, it works again.\n\nAda\n\nOn Mon, Mar 2, 2026 at 10:00\u{202F}AM Helpdesk <support@example.com>\n"
                + "wrote:\n\n> We replaced the fuser.\n> It should print now.")
        #expect(QuotedHistory.strip(message.text) == "Thanks, it works again.\n\nAda")
        #expect(message.attachments.isEmpty)
        #expect(message.automaticReason == nil)
    }

    @Test(
        "Outlook: HTML only in Windows-1252 quoted-printable becomes text with its smart quotes; history cut",
        arguments: [InboundCorpus.OutlookHistory.originalMessage, .headerBlock])
    func outlook(history: InboundCorpus.OutlookHistory) throws {
        let message = try MIMEParser.parse(InboundCorpus.outlookReply(history: history))
        #expect(message.from == MailAddress(name: "Grace Hopper", address: "grace@example.net"))
        #expect(message.subject == "RE: [#7] Printer on fire")
        #expect(message.messageID == "<DM6PR01MB4321.namprd01.prod.outlook.com>")
        #expect(message.inReplyTo == ["<ticket-7.abc123@example.com>"])
        let separator = history == .originalMessage ? "-----Original Message-----\n" : ""
        #expect(
            message.text
                == "It’s “fixed” – thanks!\nGrace\n\n\(separator)From: Helpdesk <support@example.com>\n"
                + "Sent: Monday, March 2, 2026 10:00 AM\nTo: Grace Hopper <grace@example.net>\n"
                + "Subject: [#7] Printer on fire\n\nWe replaced the fuser.")
        #expect(!message.text.contains("MsoNormal") && !message.text.contains("<p") && !message.text.contains("o:p"))
        #expect(QuotedHistory.strip(message.text) == "It’s “fixed” – thanks!\nGrace")
        #expect(message.automaticReason == nil)
    }

    @Test("Apple Mail: the plain alternative, the inline PNG from multipart/related, an RFC 2231 name, a PDF")
    func appleMail() throws {
        let message = try MIMEParser.parse(InboundCorpus.appleMailWithImage())
        #expect(message.from == MailAddress(name: "Zoë Müller", address: "zoe@example.org"))
        #expect(message.subject == "Printer shows an error")
        #expect(message.messageID == "<6B9C1D2E-3F40-4152-8A6B-7C8D9E0F1A2B@example.org>")
        #expect(message.inReplyTo.isEmpty && message.references.isEmpty)
        #expect(message.text == "The printer shows this:\n\nWhat does it mean?")
        #expect(
            message.attachments == [
                InboundAttachment(
                    filename: "Bildschirmfoto 2026-03-02 – Drucker.png", contentType: "image/png",
                    data: InboundCorpus.png, isInline: true),
                InboundAttachment(
                    filename: "invoice.pdf", contentType: "application/pdf", data: InboundCorpus.pdf, isInline: false),
            ])
        #expect(message.attachments.first.map { ImageFormat(sniffing: $0.data) } == .png)
    }

    @Test("Thunderbird: ISO-8859-1 8bit with bare LF, format=flowed joined again, folded References")
    func thunderbird() throws {
        let raw = InboundCorpus.thunderbirdReply()
        #expect(!raw.contains(13), "the corpus message uses bare LF")
        let message = try MIMEParser.parse(raw)
        #expect(message.from == MailAddress(name: "Jürgen Weiß", address: "juergen@example.de"))
        #expect(message.subject == "Re: [#7] Drucker brennt")
        #expect(message.references == ["<ticket-7@example.com>", "<ticket-7.abc123@example.com>"])
        #expect(message.inReplyTo == ["<ticket-7.abc123@example.com>"])
        let body =
            "Grüße aus Köln! Der Drucker im Büro druckt wieder, aber das Papierfach klemmt noch immer, sobald man "
            + "mehr als zwanzig Blätter einlegt. Können Sie jemanden schicken?\n\nJürgen"
        #expect(
            message.text == body + "\n\nOn 02.03.26 10:00, Helpdesk wrote:\n> Wir haben die Fixiereinheit getauscht.")
        #expect(QuotedHistory.strip(message.text) == body)
        #expect(message.date == Date(timeIntervalSince1970: 1_772_449_200))
    }

    @Test("Encoded words: a subject in two folded words and two charsets, names, groups and recipients")
    func encodedWords() throws {
        let message = try MIMEParser.parse(InboundCorpus.encodedWordSubject())
        #expect(message.subject == "Grüße: Drucker im Büro qualmt äußerst stark")
        #expect(message.from == MailAddress(name: "René François", address: "rene@example.fr"))
        #expect(
            message.recipients == [
                MailAddress(name: "Support, Helpdesk", address: "support@example.com"),
                MailAddress(address: "bob@example.com"),
                MailAddress(name: "Carol Coßman", address: "carol@example.com"),
                MailAddress(address: "support+7-0123456789abcdef0123@example.com"),
            ])
        #expect(message.header("subject")?.hasPrefix("=?UTF-8?B?") == true, "headers stay raw")
        #expect(message.headers(named: "delivered-to") == ["support+7-0123456789abcdef0123@example.com"])
        #expect(message.text == "Smoke is coming out of the printer.")
        #expect(message.date == Date(timeIntervalSince1970: 1_772_442_900))
        #expect(message.automaticReason == nil)
    }

    @Test("A forwarded message/rfc822 part becomes a short block after the note; its PNG stays a file")
    func forwarded() throws {
        let message = try MIMEParser.parse(InboundCorpus.forwarded())
        #expect(message.subject == "Fwd: Invoice 2026-03")
        #expect(
            message.text
                == "See below: the supplier wrote to me instead of you.\n\n---------- Forwarded message ----------\n"
                + "From: Billing <billing@supplier.example>\nDate: Fri, 27 Feb 2026 09:30:00 +0100\n"
                + "Subject: Invoice 2026-03\n\nPlease find the scanned invoice attached.")
        #expect(
            message.attachments == [
                InboundAttachment(
                    filename: "scan.png", contentType: "image/png", data: InboundCorpus.png, isInline: false)
            ])
        #expect(!message.text.contains("epilogue") && !message.text.contains("multi-part"))
        #expect(QuotedHistory.strip(message.text) == message.text, "a forward is not history")
    }

    @Test("An out-of-office reply is automatic mail")
    func autoReply() throws {
        let message = try MIMEParser.parse(InboundCorpus.autoReply())
        #expect(message.automaticReason == "Auto-Submitted: auto-replied")
        #expect(message.inReplyTo == ["<ticket-7.abc123@example.com>"])
        #expect(message.text == "I am out of the office until Monday.")
    }

    @Test("A bounce is automatic mail, from MAILER-DAEMON, and readable")
    func bounce() throws {
        let message = try MIMEParser.parse(InboundCorpus.bounce())
        #expect(message.automaticReason == "a delivery or read report (multipart/report; report-type=delivery-status)")
        #expect(message.from == MailAddress(name: "Mail Delivery System", address: "MAILER-DAEMON@mx.example.com"))
        #expect(message.text.hasPrefix("This is the mail system at host mx.example.com."))
        #expect(message.text.contains("---------- Forwarded message ----------\nFrom: Helpdesk <support@example.com>"))
        #expect(message.attachments.isEmpty)
    }

    @Test("An HTML body with scripts shows as text: no markup, nothing a script held")
    func htmlWithScript() throws {
        let message = try MIMEParser.parse(InboundCorpus.htmlWithScript())
        #expect(
            message.text
                == "Hello & welcome,\nClick here (https://example.org/reset?a=1&b=2) or this.\n- one\n- two\n5 < 6 ☺ ☃")
        #expect(!message.text.contains("alert"))
        #expect(!message.text.lowercased().contains("script"))
        #expect(message.subject == "Hello")
    }

    @Test("The builders' parameters reach the message")
    func parameters() throws {
        let message = try MIMEParser.parse(
            InboundCorpus.gmailReply(
                from: "Bob <bob@example.com>", to: "support+9-ffff@example.com", subject: "Ünïcödé", body: "Hi",
                quoted: "Old", messageID: "<m.9@example.com>", inReplyTo: nil))
        #expect(message.from?.address == "bob@example.com")
        #expect(message.recipients.map(\.address) == ["support+9-ffff@example.com"])
        #expect(message.subject == "Ünïcödé")
        #expect(message.messageID == "<m.9@example.com>")
        #expect(message.inReplyTo.isEmpty && message.references.isEmpty)
        #expect(QuotedHistory.strip(message.text) == "Hi")
    }
}
