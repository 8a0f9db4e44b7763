import Crypto
import Foundation

/// Turns notifications into messages: the sender, the links, the threading headers and the per-ticket
/// reply address. Built once from the settings; used inside the transaction that caused the mail.
struct MailComposer: Sendable {
    let from: MailAddress
    let publicURL: URL
    let replyAddress: ReplyAddress

    /// The reply-address key is derived from the server secret, so that no second secret has to be kept.
    init(from: MailAddress, publicURL: URL, secret: String) {
        self.from = from
        self.publicURL = publicURL
        let key = HMAC<SHA256>.authenticationCode(
            for: Array("helpdesk reply address".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        replyAddress = ReplyAddress(secret: Array(key), base: from)
    }

    /// The Message-ID every message about ticket `id` replies to, so that a mail client shows one
    /// conversation per ticket.
    func rootMessageID(ticketID id: Int) -> String { "<ticket-\(id)@\(from.domain)>" }

    /// A new message's own id: stored with it, so that a message sent twice (a crash between sending and
    /// marking it sent) has the same id both times and mail clients fold the copy.
    func newMessageID(ticketID id: Int?) -> String {
        let random = [UInt8].random(count: 8).map { String(format: "%02x", $0) }.joined()
        return "<\(id.map { "ticket-\($0)." } ?? "helpdesk.")\(random)@\(from.domain)>"
    }

    func ticketLink(_ id: Int) -> URL { link("tickets/\(id)") }

    func link(_ path: String) -> URL {
        var base = publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/" + path) ?? publicURL
    }

    /// The message about ticket `ticket` for one recipient. Only its author gets the reply address:
    /// it is how their answer by mail finds the ticket.
    func ticketMessage(
        _ kind: NotificationKind, ticketID: Int, title: String, actorName: String?, body: String?,
        to recipient: MailRecipient, isAuthor: Bool, at date: Date
    ) -> OutgoingMessage {
        let content = NotificationTemplates.ticket(
            kind, ticketID: ticketID, title: title, actorName: actorName, body: body, link: ticketLink(ticketID))
        let root = rootMessageID(ticketID: ticketID)
        return OutgoingMessage(
            from: from, to: MailAddress(name: recipient.username, address: recipient.email),
            replyTo: isAuthor ? replyAddress.address(ticketID: ticketID) : nil,
            subject: content.subject, messageID: newMessageID(ticketID: ticketID), inReplyTo: root,
            references: [root], date: date, text: content.text, html: content.html)
    }

    func passwordResetMessage(to recipient: MailRecipient, token: String, validFor minutes: Int, at date: Date)
        -> OutgoingMessage
    {
        var components = URLComponents(url: link("reset-password"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "token", value: token)]
        let content = NotificationTemplates.passwordReset(
            username: recipient.username, link: components?.url ?? link("reset-password"), validFor: minutes)
        return OutgoingMessage(
            from: from, to: MailAddress(name: recipient.username, address: recipient.email), replyTo: nil,
            subject: content.subject, messageID: newMessageID(ticketID: nil), inReplyTo: nil, references: [],
            date: date, text: content.text, html: content.html)
    }
}
