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
    var searchTerms: [String] = []
    var after: TicketCursor?
    var limit: Int = defaultPageSize
}
