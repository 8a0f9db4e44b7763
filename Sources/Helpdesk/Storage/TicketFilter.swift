/// The filters of a ticket list, already checked.
struct TicketFilter: Sendable {
    enum Assignee: Equatable, Sendable {
        case user(Int)
        case unassigned
    }

    static let defaultPageSize = 20
    static let maxPageSize = 100

    var status: TicketStatus?
    var priority: TicketPriority?
    var assignee: Assignee?
    /// Staff only: one customer's tickets (the ticket page's side panel).
    var authorID: Int?
    var search = TicketSearch.Query()
    var sla: SLAFilter?
    /// Staff only: every one must be on the ticket.
    var tags: [String] = []
    var sort: TicketSort = .created
    var after: TicketCursor?
    var limit: Int = defaultPageSize
}

enum SLAFilter: String, CaseIterable, Sendable {
    case breached
    case atRisk = "at_risk"
}

enum TicketSort: String, CaseIterable, Sendable {
    /// Newest first.
    case created
    /// Soonest SLA due time first; nothing due last.
    case due
    /// Latest activity first: any change for staff, what they can see for customers.
    case activity
}
