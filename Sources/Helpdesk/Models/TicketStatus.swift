enum TicketStatus: String, Codable, CaseIterable, Sendable {
    case open
    case inProgress = "in_progress"
    case closed
}

enum TicketPriority: String, Codable, CaseIterable, Sendable {
    case low
    case normal
    case high
    case urgent
}
