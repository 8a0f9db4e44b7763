/// Someone Helpdesk may mail, as the rules need them.
struct MailRecipient: Sendable, Equatable {
    var id: Int
    var username: String
    var email: String
    var isStaff: Bool
    /// Their `email_notifications` choice.
    var wantsMail: Bool
}

/// What happened to a ticket, as far as mail is concerned.
enum TicketMailEvent: Sendable, Equatable {
    case created(description: String)
    case comment(text: String, internal: Bool)
    case assigned(to: Int)
    case closed
}

/// Who hears about what (issue 10's table). Nobody is mailed about their own action, except the
/// receipt a customer gets for the ticket they filed; nobody who turned notifications off is mailed;
/// staff-only mail (new tickets, customer replies, notes, assignments) goes to staff only, checked
/// here and not assumed, so an internal note can never reach a customer whatever the data says.
enum NotificationRules {
    struct Delivery: Sendable, Equatable {
        var recipient: MailRecipient
        var kind: NotificationKind
        /// The ticket's author: they get the per-ticket reply address.
        var isAuthor: Bool
    }

    static func deliveries(
        for event: TicketMailEvent, actorID: Int?, author: MailRecipient, assignee: MailRecipient?,
        staff: [MailRecipient]
    ) -> [Delivery] {
        let team = assignee.map { [$0] } ?? staff
        var deliveries: [Delivery] = []
        func toAuthor(_ kind: NotificationKind) {
            deliveries.append(Delivery(recipient: author, kind: kind, isAuthor: true))
        }
        func toStaff(_ people: [MailRecipient], _ kind: NotificationKind) {
            for person in people where person.isStaff {
                deliveries.append(Delivery(recipient: person, kind: kind, isAuthor: person.id == author.id))
            }
        }
        switch event {
        case .created:
            if !author.isStaff { toAuthor(.ticketReceived) }
            toStaff(team, .ticketCreated)
        case .comment(_, internal: true):
            toStaff(assignee.map { [$0] } ?? [], .internalNote)
        case .comment(_, internal: false):
            if actorID == author.id { toStaff(team, .customerReply) } else { toAuthor(.staffReply) }
        case .assigned(let id):
            toStaff(assignee.flatMap { $0.id == id ? [$0] : nil } ?? [], .assigned)
        case .closed:
            toAuthor(.closed)
        }
        var seen = Set<Int>()
        return deliveries.filter { delivery in
            let isReceipt = delivery.kind == .ticketReceived
            guard isReceipt || delivery.recipient.id != actorID, delivery.recipient.wantsMail else { return false }
            return seen.insert(delivery.recipient.id).inserted
        }
    }
}
