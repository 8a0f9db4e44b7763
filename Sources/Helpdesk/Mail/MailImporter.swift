import Fluent
import Foundation
import Vapor

/// Which door a message came in by.
enum MailChannel: String, Sendable {
    case imap, pipe, http
}

/// What became of a message: a new ticket, a comment on one, or nothing (and why).
struct ImportOutcome: Sendable, Equatable {
    var ticketID: Int?
    var commentID: Int?
    var created: Bool
    var ignored: String?
}

enum InboundMailError: Error, CustomStringConvertible {
    /// Retrying will not help.
    case unparseable(String)
    case tooLarge(Int)

    var description: String {
        switch self {
        case .unparseable(let reason): "The message could not be read: \(reason)"
        case .tooLarge(let limit): "The message is larger than \(limit) bytes"
        }
    }
}

/// The one pipeline every incoming message goes through, whichever door it came by (IMAP, the MTA
/// pipe, the HTTP hook): parse, drop automatic mail and loops, never import twice, find the sender,
/// thread it onto its ticket or file a new one — through the same stores (and so the same history,
/// counters and outbox) as the web app.
struct MailImporter: Sendable {
    let context: StoreContext
    let settings: InboundSettings
    let composer: MailComposer
    let passwordHasher: AsyncPasswordHasher

    /// Messages per sender within `throttleWindow` before the rest are ignored.
    static let throttleLimit = 20
    static let throttleWindow: TimeInterval = 600
    static let maxImages = 10

    init(app: Application) {
        context = app.storeContext
        settings = app.settings.inbound
        composer =
            app.services.mailQueue?.composer
            ?? MailComposer(
                from: app.settings.mail.from, publicURL: app.settings.publicURL, secret: app.settings.jwtSecret)
        passwordHasher = app.passwordHasher
    }

    func importMessage(_ raw: [UInt8], via channel: MailChannel) async throws -> ImportOutcome {
        guard raw.count <= settings.maxBytes else { throw InboundMailError.tooLarge(settings.maxBytes) }
        let message: InboundMessage
        do {
            message = try MIMEParser.parse(raw, limits: MIMEParser.Limits(maxBytes: settings.maxBytes))
        } catch {
            throw InboundMailError.unparseable("\(error)")
        }
        // The sender is From, never Reply-To: anyone can name anyone there.
        guard let from = message.from else { throw InboundMailError.unparseable("it has no sender") }
        let sender = from.address.lowercased()
        let record = InboundRecord(
            dedupeKey: InboundRecord.dedupeKey(messageID: message.messageID, raw: raw), messageID: message.messageID,
            sender: sender, subject: String(message.subject.prefix(500)), channel: channel, raw: raw)
        let inbound = InboundStore(context: context)
        if let previous = try await inbound.previous(record.dedupeKey) { return previous }
        if let reason = try await reasonToIgnore(message, sender: sender, inbound: inbound) {
            try await inbound.recordIgnored(record, reason: reason)
            return ImportOutcome(ticketID: nil, commentID: nil, created: false, ignored: reason)
        }

        let user = try await senderAccount(from)
        let actor = ChangeActor(user: user, via: .email)
        let (images, leftOut) = Self.screenshots(message.attachments)
        let mail = ImportedMail(record: record, images: images)
        do {
            if let ticket = try await ticket(for: message, inbound: inbound),
                ticket.authorID == user.id || user.role.isStaff
            {
                let text = Self.commentText(QuotedHistory.strip(message.text), leftOut: leftOut, images: images.count)
                let comment = try await CommentStore(context: context, scope: .everything)
                    .add(NewComment(text: text, internal: false), to: ticket, by: actor, imported: mail)
                return ImportOutcome(ticketID: ticket.id, commentID: comment.id, created: false, ignored: nil)
            }
            let created = try await TicketStore(context: context, scope: .everything).create(
                NewTicket(
                    title: Self.title(message.subject),
                    description: Self.commentText(
                        message.text, leftOut: leftOut, images: images.count,
                        max: TicketLimits.description),
                    priority: .normal),
                by: actor, imported: mail)
            return ImportOutcome(ticketID: created.id, commentID: nil, created: true, ignored: nil)
        } catch {
            // The same message, imported at this moment by another door or instance.
            if (error as? any DatabaseError)?.isConstraintFailure == true,
                let previous = try await inbound.previous(record.dedupeKey)
            {
                return previous
            }
            throw error
        }
    }

    /// Automatic mail, our own mail, and senders who write too much are not imported.
    private func reasonToIgnore(_ message: InboundMessage, sender: String, inbound: InboundStore) async throws
        -> String?
    {
        if let reason = message.automaticReason { return reason }
        let own = composer.from.address.lowercased()
        let ownLocal = composer.from.localPart.lowercased() + "+"
        let domain = "@" + composer.from.domain.lowercased()
        if sender == own || (sender.hasPrefix(ownLocal) && sender.hasSuffix(domain)) {
            return "sent by Helpdesk itself"
        }
        guard EmailAddress.isPlausible(sender) else { return "the sender's address is not usable" }
        let since = context.clock.now().addingTimeInterval(-Self.throttleWindow)
        if try await inbound.count(from: sender, since: since) >= Self.throttleLimit {
            return "too many messages from \(sender); try again in a few minutes"
        }
        return nil
    }

    /// The ticket a reply belongs to: its per-ticket reply address (the HMAC checked), else a
    /// Message-ID Helpdesk sent that it answers. Never the subject.
    private func ticket(for message: InboundMessage, inbound: InboundStore) async throws -> Ticket? {
        var id = message.recipients.lazy.compactMap { composer.replyAddress.ticketID(from: $0.address) }.first
        if id == nil {
            id = try await inbound.ticketID(sentAs: message.inReplyTo + message.references)
        }
        guard let id else { return nil }
        var ticket = try await TicketStore.ticket(id: id, scope: .everything, on: context.sql)
        // A reply to a merged duplicate goes where its conversation went (a chain, bounded against a cycle).
        var hops = 0
        while let into = ticket?.mergedIntoID, hops < 10 {
            ticket = try await TicketStore.ticket(id: into, scope: .everything, on: context.sql)
            hops += 1
        }
        return ticket
    }

    /// The sender's account: a known email is that user; anyone else gets a customer account with no
    /// usable password (they can set one with a password reset).
    private func senderAccount(_ address: MailAddress) async throws -> User {
        let users = UserStore(context: context)
        let email = address.address.lowercased()
        if let user = try await users.find(email: email) { return user }
        let hash = try await passwordHasher.hash(Data([UInt8].random(count: 32)).base64EncodedString())
        for candidate in Self.usernames(for: address) {
            guard try await users.find(username: candidate) == nil else { continue }
            do {
                return try await users.create(
                    NewAccount(username: candidate, email: email, password: ""), passwordHash: hash, role: .customer)
            } catch let error as any AbortError where error.status == .conflict {
                // Taken a moment ago (by this sender's other message, or a namesake): look again.
                if let user = try await users.find(email: email) { return user }
            }
        }
        throw InboundMailError.unparseable("no free username for \(email)")
    }

    /// Usernames to try for a new sender: the address's local part in the characters usernames allow,
    /// then numbered.
    static func usernames(for address: MailAddress) -> [String] {
        let allowed = RegisterRequest.usernameCharacters
        var base = String(String.UnicodeScalarView(address.localPart.unicodeScalars.filter(allowed.contains)))
        if base.count < 3 { base = "user" + base }
        base = String(base.prefix(28))
        return [base] + (2...60).map { "\(base)\($0)" }
    }

    /// Image attachments within the upload limit become screenshots; the rest are named as left out.
    static func screenshots(_ attachments: [InboundAttachment]) -> (images: [NewImage], leftOut: [String]) {
        var images: [NewImage] = []
        var leftOut: [String] = []
        for attachment in attachments {
            let name = attachment.filename ?? attachment.contentType
            guard let format = ImageFormat(sniffing: attachment.data), attachment.data.count <= ImageUpload.maxBytes,
                images.count < maxImages
            else {
                leftOut.append(name)
                continue
            }
            images.append(
                NewImage(
                    filename: UploadFilename.sanitize(attachment.filename, format: format), format: format,
                    data: Data(attachment.data)))
        }
        return (images, leftOut)
    }

    static func title(_ subject: String) -> String {
        let trimmed = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "(no subject)" : String(trimmed.prefix(TicketLimits.title))
    }

    /// The text of a comment or ticket: never empty, within its limit, and saying which attachments
    /// were not kept.
    static func commentText(_ body: String, leftOut: [String], images: Int, max: Int = CreateCommentRequest.maxLength)
        -> String
    {
        var text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { text = images > 0 ? "(screenshots attached)" : "(no text)" }
        var note = ""
        if !leftOut.isEmpty {
            note = "\n\n[Not stored: " + leftOut.map { String($0.prefix(100)) }.joined(separator: ", ") + "]"
        }
        let room = max - note.count
        if text.count > room { text = String(text.prefix(room - 2)) + " …" }
        return text + note
    }
}
