import Foundation

/// What a notification is about; stored with each outbox row and shown to admins.
enum NotificationKind: String, Codable, Sendable, CaseIterable {
    case ticketReceived = "ticket_received"
    case ticketCreated = "ticket_created"
    case staffReply = "staff_reply"
    case customerReply = "customer_reply"
    case internalNote = "internal_note"
    case assigned
    case closed
    case passwordReset = "password_reset"
}

/// A notification's subject and its two bodies, which say the same thing.
struct NotificationContent: Sendable, Equatable {
    var subject: String
    var text: String
    var html: String
}

/// The words of every notification. Each is built once as blocks and written out twice, as plain text
/// and as HTML, so the two versions cannot drift apart; in HTML every piece of user text is escaped, and
/// there are no images, scripts or style sheets, only a few inline styles.
enum NotificationTemplates {
    /// Mail about ticket `ticketID` (`title`), caused by `actorName` (nil for the system); `body` is the
    /// comment's text for replies and notes (nil otherwise); `link` is PUBLIC_URL/tickets/N.
    static func ticket(
        _ kind: NotificationKind, ticketID: Int, title: String, actorName: String?, body: String?, link: URL
    ) -> NotificationContent {
        var blocks: [Block] = [.paragraph(lead(kind, ticketID: ticketID, actorName: actorName))]
        if kind == .ticketCreated { blocks.append(.paragraph(title)) }
        if let body { blocks.append(.quote(body)) }
        blocks.append(.link("View the ticket", link))
        return content(subject: "[#\(ticketID)] \(title)", blocks)
    }

    static func passwordReset(username: String, link: URL, validFor minutes: Int) -> NotificationContent {
        let unit = minutes == 1 ? "minute" : "minutes"
        return content(
            subject: "Reset your Helpdesk password",
            [
                .paragraph("Hello \(username),"),
                .paragraph(
                    "Someone asked to reset the password of your Helpdesk account. "
                        + "Open this link to choose a new one:"),
                .link("Reset your password", link),
                .paragraph(
                    "The link is valid for \(minutes) \(unit); if you did not ask for it, ignore this email. "
                        + "Your password stays as it is."),
            ])
    }

    private enum Block {
        /// Our words, or a ticket's title.
        case paragraph(String)
        /// A comment's text, set apart from our words.
        case quote(String)
        case link(String, URL)
    }

    /// The first line says plainly what happened.
    private static func lead(_ kind: NotificationKind, ticketID id: Int, actorName: String?) -> String {
        let actor = actorName.flatMap { $0.isEmpty ? nil : $0 }
        let byActor = actor.map { " by \($0)" } ?? ""
        switch kind {
        case .ticketReceived:
            return "We received your request #\(id). We will reply here and by email."
        case .ticketCreated:
            return actor.map { "New ticket #\(id) from \($0):" } ?? "New ticket #\(id):"
        case .staffReply:
            return "\(actor ?? "The support team") replied:"
        case .customerReply:
            return "\(actor ?? "The customer") replied:"
        case .internalNote:
            let fromActor = actor.map { " from \($0)" } ?? ""
            return "Internal note\(fromActor) (staff only — never sent to the customer):"
        case .assigned:
            return "Ticket #\(id) was assigned to you\(byActor)."
        case .closed:
            return "Ticket #\(id) was closed\(byActor). Reply to this email to reopen it."
        case .passwordReset:
            // Not about a ticket: `passwordReset(username:link:validFor:)` writes that mail.
            return "Ticket #\(id) was updated."
        }
    }

    private static func content(subject: String, _ blocks: [Block]) -> NotificationContent {
        let text = blocks.map(plainText).joined(separator: "\n\n") + "\n"
        let html = """
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="utf-8">
            <title>\(HTMLEscape.escape(subject))</title>
            </head>
            <body style="font-family: sans-serif; font-size: 15px; line-height: 1.5; color: #1f2328;">
            \(blocks.map(htmlMarkup).joined(separator: "\n"))
            </body>
            </html>

            """
        return NotificationContent(subject: subject, text: text, html: html)
    }

    private static func plainText(_ block: Block) -> String {
        switch block {
        case .paragraph(let words), .quote(let words): return words
        case .link(let label, let url): return "\(label): \(url.absoluteString)"
        }
    }

    private static func htmlMarkup(_ block: Block) -> String {
        switch block {
        case .paragraph(let words):
            return "<p style=\"margin: 0 0 16px;\">\(escapedLines(words))</p>"
        case .quote(let words):
            return "<div style=\"margin: 0 0 16px; padding-left: 12px; border-left: 3px solid #d0d7de;\">"
                + "\(escapedLines(words))</div>"
        case .link(let label, let url):
            let href = HTMLEscape.escape(url.absoluteString)
            return "<p style=\"margin: 0 0 16px;\">\(HTMLEscape.escape(label)): <a href=\"\(href)\">\(href)</a></p>"
        }
    }

    /// Escaped, with each line break as `<br>`.
    private static func escapedLines(_ text: String) -> String {
        LineBreaks.lines(text).map { HTMLEscape.escape(String($0)) }.joined(separator: "<br>\n")
    }
}
