import Vapor

/// Every permission rule of Helpdesk, in one place. Routes ask it; none decides on its own.
///
/// Visibility comes first: a customer only ever learns of their own tickets, so a ticket they may not
/// see is "not found" (404), never "forbidden". Among visible things, a refused action is 403.
struct AccessPolicy {
    let user: User

    private var role: Role { user.role }
    private var userID: Int { user.id }

    // MARK: Reading

    /// What this user may read, for the stores to apply to every query: customers their own tickets
    /// and no internal notes; agents and admins everything.
    var readScope: ReadScope {
        role.isStaff ? .everything : ReadScope(authorID: userID, internalNotes: false)
    }

    // MARK: Tickets

    func authorizeUpdate(of ticket: Ticket, with change: TicketChange) throws {
        if role.isStaff { return }
        // Only the author can see the ticket at all, so what is left is what an author may do.
        if change.priority != nil, change.priority != ticket.priority {
            throw Abort(.forbidden, reason: "Only agents and admins can change the priority")
        }
        if change.assigneeID != nil {
            throw Abort(.forbidden, reason: "Only agents and admins can assign tickets")
        }
        if change.tags != nil {
            throw Abort(.forbidden, reason: "Only agents and admins can tag tickets")
        }
        if let status = change.status, status != ticket.status {
            let closing = status == .closed
            let reopening = ticket.status == .closed && status == .open
            guard closing || reopening else {
                throw Abort(.forbidden, reason: "You can close your ticket or reopen it; agents set other statuses")
            }
        }
    }

    /// History, SLA targets and SLA filters are for the people who work tickets.
    func authorizeStaffView() throws {
        guard role.isStaff else {
            throw Abort(.forbidden, reason: "Only agents and admins can see ticket history and SLA details")
        }
    }

    func authorizeBulkChange() throws {
        guard role.isStaff else {
            throw Abort(.forbidden, reason: "Only agents and admins can change tickets in bulk")
        }
    }

    /// An export lists every ticket with its people: staff only.
    func authorizeExport() throws {
        guard role.isStaff else {
            throw Abort(.forbidden, reason: "Only agents and admins can export tickets")
        }
    }

    /// Tags are staff's own vocabulary.
    func authorizeTags() throws {
        guard role.isStaff else {
            throw Abort(.forbidden, reason: "Only agents and admins can see tags")
        }
    }

    func authorizeSLAChange() throws {
        guard role == .admin else {
            throw Abort(.forbidden, reason: "Only admins can change the SLA configuration")
        }
    }

    func authorizeAuditView() throws {
        guard role == .admin else {
            throw Abort(.forbidden, reason: "Only admins can read the audit log")
        }
    }

    /// The outbox names recipients and subjects of every ticket: admins only.
    func authorizeOutboxView() throws {
        guard role == .admin else {
            throw Abort(.forbidden, reason: "Only admins can see the outgoing mail")
        }
    }

    /// An imported message is the raw mail, quoted history and all: staff only.
    func authorizeMailSource() throws {
        guard role.isStaff else {
            throw Abort(.forbidden, reason: "Only agents and admins can read the original email")
        }
    }

    func authorizeDelete(of _: Ticket) throws {
        guard role == .admin else {
            throw Abort(.forbidden, reason: "Only admins can delete tickets")
        }
    }

    /// Merging moves a thread between tickets: staff only.
    func authorizeMerge() throws {
        guard role.isStaff else {
            throw Abort(.forbidden, reason: "Only agents and admins can merge tickets")
        }
    }

    /// Listing by customer is for the side panel of the people who work tickets.
    func authorizeAuthorFilter() throws {
        guard role.isStaff else {
            throw Abort(.forbidden, reason: "Only agents and admins can list tickets by customer")
        }
    }

    // MARK: Canned replies

    /// Staff's saved answers. (Someone else's private reply never reaches here: the store does not
    /// find it.)
    func authorizeCannedReplies() throws {
        guard role.isStaff else {
            throw Abort(.forbidden, reason: "Only agents and admins have canned replies")
        }
    }

    /// Anyone on staff keeps their own replies; shared ones are the admins'.
    func authorizeCannedReplyCreate(_ new: NewCannedReply) throws {
        try authorizeCannedReplies()
        if new.shared, role != .admin {
            throw Abort(.forbidden, reason: "Only admins can share canned replies with the team")
        }
    }

    /// A shared reply (or sharing one) is for admins; a private one is its owner's.
    func authorizeCannedReplyChange(_ reply: CannedReply, to change: CannedReplyChange? = nil) throws {
        try authorizeCannedReplies()
        let sharing = change?.shared.map { $0 != reply.shared } ?? false
        if reply.shared || sharing {
            guard role == .admin else {
                throw Abort(.forbidden, reason: "Only admins can change shared canned replies")
            }
        } else if reply.ownerId != userID {
            throw NotFound(CannedReplyStore.notFound)
        }
    }

    // MARK: Comments

    func authorizeComment(internal: Bool) throws {
        if `internal`, !role.isStaff {
            throw Abort(.forbidden, reason: "Only agents and admins can write internal notes")
        }
    }

    // MARK: Images

    func authorizeImageDelete(on ticket: Ticket) throws {
        guard role.isStaff || ticket.authorID == userID else {
            throw Abort(.forbidden, reason: "Only the ticket's author, agents and admins can delete its images")
        }
    }

    // MARK: Users

    func authorizeUserList(role filter: Role?) throws {
        switch role {
        case .admin: return
        case .agent:
            guard let filter, filter.isStaff else {
                throw Abort(.forbidden, reason: "Agents can list only agents and admins (role=agent or role=admin)")
            }
        case .customer:
            throw Abort(.forbidden, reason: "Only admins can list users")
        }
    }

    func authorizeUserAdmin() throws {
        guard role == .admin else {
            throw Abort(.forbidden, reason: "Only admins can add users")
        }
    }

    func authorizeRoleChange() throws {
        guard role == .admin else {
            throw Abort(.forbidden, reason: "Only admins can change roles")
        }
    }
}

extension Request {
    var policy: AccessPolicy {
        get throws { AccessPolicy(user: try user) }
    }
}

/// What a reader may see, as the policy decides it. The stores apply it to every read, so "not
/// yours means not found" is enforced in one place.
struct ReadScope: Sendable {
    /// Only this author's tickets; nil for every ticket.
    var authorID: Int?
    var internalNotes: Bool

    /// Staff, commands and background work.
    static let everything = ReadScope(authorID: nil, internalNotes: true)
}
