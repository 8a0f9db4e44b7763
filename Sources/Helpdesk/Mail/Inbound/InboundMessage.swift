import Foundation

/// A file that came with a mail: an image the ticket may keep, or something the comment says was left out.
struct InboundAttachment: Sendable, Equatable {
    var filename: String?
    /// The media type the part declared, lowercased and without parameters, e.g. `image/png`.
    var contentType: String
    var data: [UInt8]
    /// Shown inside the text (`Content-Disposition: inline`, or a `Content-ID` in `multipart/related`).
    var isInline: Bool
}

/// One received mail as the importer needs it: who wrote it, to whom, which messages it answers, its text
/// and its files. `MIMEParser.parse` makes one from the raw bytes.
struct InboundMessage: Sendable {
    /// Unfolded, in order, values raw (not RFC 2047-decoded) but trimmed.
    var headers: [(name: String, value: String)]
    /// `<…>` as written (trimmed); nil when missing.
    var messageID: String?
    /// The `<…>` ids in In-Reply-To.
    var inReplyTo: [String]
    /// The `<…>` ids in References.
    var references: [String]
    var from: MailAddress?
    var replyTo: MailAddress?
    /// To, Cc, Delivered-To and X-Original-To addresses (deduplicated, in that order): one of them may be
    /// a ticket's reply address.
    var recipients: [MailAddress]
    /// RFC 2047-decoded, white space collapsed, "" when missing.
    var subject: String
    var date: Date?
    /// The body as plain text: the text part, or the HTML part made readable, and forwarded messages.
    var text: String
    var attachments: [InboundAttachment]
    /// Why the message is automatic mail that must not become a ticket or comment (an auto-reply, a bounce,
    /// a mailing list), or nil.
    var automaticReason: String?

    /// The first header of that name, whatever its letter case.
    func header(_ name: String) -> String? { headers.first(named: name) }

    func headers(named name: String) -> [String] { headers.all(named: name) }
}

extension InboundMessage {
    /// Reads every field from the header; `text` and `attachments` come from the body.
    init(headers: [(name: String, value: String)], text: String, attachments: [InboundAttachment]) {
        let from = headers.first(named: "From").flatMap { AddressList.parse($0).first }
        let recipientHeaders = ["To", "Cc", "Delivered-To", "X-Original-To"].flatMap { headers.all(named: $0) }
        var seen = Set<String>()
        let recipients = recipientHeaders.flatMap(AddressList.parse).filter {
            seen.insert($0.address.lowercased()).inserted
        }
        self.init(
            headers: headers,
            messageID: MessageIDs.messageID(headers.first(named: "Message-ID")),
            inReplyTo: headers.all(named: "In-Reply-To").flatMap(MessageIDs.all),
            references: headers.all(named: "References").flatMap(MessageIDs.all),
            from: from,
            replyTo: headers.first(named: "Reply-To").flatMap { AddressList.parse($0).first },
            recipients: recipients,
            subject: headers.first(named: "Subject").map { PlainText.singleLine(EncodedWord.decode($0)) } ?? "",
            date: headers.first(named: "Date").flatMap(MailDate.parse),
            text: text,
            attachments: attachments,
            automaticReason: AutomaticMail.reason(headers: headers))
    }
}

extension [(name: String, value: String)] {
    func first(named name: String) -> String? {
        let wanted = name.lowercased()
        return first(where: { $0.name.lowercased() == wanted })?.value
    }

    func all(named name: String) -> [String] {
        let wanted = name.lowercased()
        return filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}
