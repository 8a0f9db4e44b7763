import Foundation

/// A ticket's SLA columns: what has happened (first response, resolution, waiting on the customer)
/// and the due times computed from it, so that lists can filter and sort on them with an index.
struct TicketSLAState: Sendable, Equatable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case firstRespondedAt = "first_responded_at"
        case resolvedAt = "resolved_at"
        case awaitingCustomer = "awaiting_customer"
        case pausedSince = "sla_paused_since"
        case pausedMinutes = "sla_paused_minutes"
        case firstResponseDueAt = "first_response_due_at"
        case resolutionDueAt = "resolution_due_at"
        case dueAt = "sla_due_at"
        case riskAt = "sla_risk_at"
    }

    /// `dueAt` when nothing is due: lists sort it last, and "breached" (`dueAt <= now`) never matches.
    static let nothingDue = Date(timeIntervalSince1970: 253_402_214_400)  // 9999-12-31

    var firstRespondedAt: Date?
    var resolvedAt: Date?
    /// The latest public message is from staff: the resolution clock pauses unless the ticket is closed.
    var awaitingCustomer = false
    /// When the clock last stopped (waiting on the customer, or closed); nil while it runs.
    var pausedSince: Date?
    /// Business minutes spent paused before the current pause.
    var pausedMinutes = 0.0
    var firstResponseDueAt: Date?
    var resolutionDueAt: Date?
    /// The next moment a target is missed; in the past once one was (a breach stays a breach).
    var dueAt = nothingDue
    /// When less than 20 % of a running target is left; nil when nothing runs.
    var riskAt: Date?
}
