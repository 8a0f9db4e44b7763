import Foundation
import Testing

@testable import Helpdesk

@Suite("Notification texts")
struct NotificationTemplatesTests {
    static let link = URL(string: "http://127.0.0.1:8080/tickets/12")!
    static let ticketKinds = NotificationKind.allCases.filter { $0 != .passwordReset }

    static func content(
        _ kind: NotificationKind, title: String = "Printer on fire", actor: String? = "bob", body: String? = nil
    ) -> NotificationContent {
        NotificationTemplates.ticket(kind, ticketID: 12, title: title, actorName: actor, body: body, link: link)
    }

    @Test("The kinds are stored under the names the API shows")
    func kindNames() {
        #expect(
            NotificationKind.allCases.map(\.rawValue) == [
                "ticket_received", "ticket_created", "staff_reply", "customer_reply", "internal_note", "assigned",
                "closed", "password_reset",
            ])
    }

    @Test("Every ticket mail's subject is [#N] and the title, and both bodies link the ticket")
    func subjectAndLink() {
        for kind in Self.ticketKinds {
            let content = Self.content(kind, body: "Some text")
            #expect(content.subject == "[#12] Printer on fire", "\(kind)")
            #expect(content.text.hasSuffix("View the ticket: http://127.0.0.1:8080/tickets/12\n"), "\(kind)")
            #expect(content.html.contains("<a href=\"http://127.0.0.1:8080/tickets/12\">"), "\(kind)")
        }
    }

    @Test("The text says plainly what happened")
    func wording() {
        #expect(
            Self.content(.ticketReceived, actor: nil).text.hasPrefix(
                "We received your request #12. We will reply here and by email.\n"))
        #expect(
            Self.content(.ticketCreated, actor: "ada").text.hasPrefix("New ticket #12 from ada:\n\nPrinter on fire\n"))
        #expect(
            Self.content(.staffReply, body: "Try turning it off.").text.hasPrefix(
                "bob replied:\n\nTry turning it off.\n"))
        #expect(
            Self.content(.customerReply, actor: "ada", body: "It smokes.").text.hasPrefix(
                "ada replied:\n\nIt smokes.\n"))
        #expect(
            Self.content(.internalNote, body: "Card ends 4242").text.hasPrefix(
                "Internal note from bob (staff only — never sent to the customer):\n\nCard ends 4242\n"))
        #expect(Self.content(.assigned).text.hasPrefix("Ticket #12 was assigned to you by bob.\n"))
        #expect(
            Self.content(.closed).text.hasPrefix("Ticket #12 was closed by bob. Reply to this email to reopen it.\n"))
        #expect(Self.content(.assigned, actor: nil).text.hasPrefix("Ticket #12 was assigned to you.\n"))
    }

    @Test("User text is escaped in the HTML and kept as written in the text")
    func escaping() {
        let title = "<script>alert(1)</script>"
        let body = "<script>steal()</script> & \"quotes\" 'single'\n<img src=https://evil.example/x.png>"
        for kind in Self.ticketKinds {
            let content = Self.content(kind, title: title, actor: "<b onclick=x>eve</b>", body: body)
            #expect(content.subject == "[#12] <script>alert(1)</script>")
            #expect(content.text.contains(body), "\(kind)")
            #expect(!content.html.lowercased().contains("<script"), "\(kind)")
            #expect(!content.html.lowercased().contains("<img"), "\(kind)")
            #expect(!content.html.contains("<b onclick"), "\(kind)")
            #expect(content.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(kind)")
            #expect(
                content.html.contains(
                    "&lt;script&gt;steal()&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;<br>\n&lt;img"),
                "\(kind)")
        }
    }

    @Test("The HTML is a plain document: no scripts, no images, no remote resources but the link")
    func plainHTML() {
        for kind in Self.ticketKinds {
            let html = Self.content(kind, body: "line one\nline two").html.lowercased()
            #expect(html.hasPrefix("<!doctype html>"))
            #expect(html.contains("line one<br>\nline two"))
            for forbidden in ["<script", "<img", "<link", "<iframe", "src=", "url("] {
                #expect(!html.contains(forbidden), "\(kind) \(forbidden)")
            }
            #expect(html.components(separatedBy: "http").count == 3, "\(kind): the href and its text only")
        }
    }

    @Test("Password reset: the subject, the link, how long it is valid, and what to do if unasked")
    func passwordReset() {
        let link = URL(string: "http://127.0.0.1:8080/reset-password?token=abc&x=1")!
        let content = NotificationTemplates.passwordReset(username: "<ada>", link: link, validFor: 60)
        #expect(content.subject == "Reset your Helpdesk password")
        #expect(content.text.contains("http://127.0.0.1:8080/reset-password?token=abc&x=1"))
        #expect(content.text.contains("valid for 60 minutes; if you did not ask for it, ignore this email"))
        #expect(content.html.contains("<a href=\"http://127.0.0.1:8080/reset-password?token=abc&amp;x=1\">"))
        #expect(content.html.contains("valid for 60 minutes; if you did not ask for it, ignore this email"))
        #expect(content.html.contains("Hello &lt;ada&gt;,"))
        #expect(!content.html.contains("<ada>"))
    }

    @Test("HTMLEscape escapes the five characters, also when a combining mark follows")
    func htmlEscape() {
        #expect(HTMLEscape.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTMLEscape.escape("<\u{338}script>") == "&lt;\u{338}script&gt;")
        #expect(HTMLEscape.escape("Grüße 😀") == "Grüße 😀")
    }
}
