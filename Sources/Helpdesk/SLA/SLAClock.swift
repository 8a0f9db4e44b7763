import Foundation

/// What happens to a ticket that the SLA clock cares about.
enum SLAEvent: Sendable {
    case created
    /// A public reply by an agent or admin: the first response, and the ticket now waits on the customer.
    case staffReplied
    /// A public message from the ticket's author: the customer answered.
    case customerReplied
    case closed
    case reopened
    /// The priority (and so the targets) changed: everything is computed again from the creation.
    case retargeted
}

/// Applies SLA events to a ticket's SLA columns and computes its due times, in business minutes.
struct SLAClock: Sendable {
    let config: SLAConfig
    let calendar: BusinessCalendar

    init(_ config: SLAConfig) {
        self.config = config
        calendar = BusinessCalendar(config)
    }

    /// The ticket's SLA columns after `event` happened at `now`, with its due times computed again.
    /// `status` is the ticket's status after the change.
    func apply(
        _ event: SLAEvent, to state: TicketSLAState, createdAt: Date, priority: TicketPriority, status: TicketStatus,
        now: Date
    ) -> TicketSLAState {
        var state = state
        switch event {
        case .created, .retargeted:
            break
        case .staffReplied:
            if state.firstRespondedAt == nil { state.firstRespondedAt = now }
            if !state.awaitingCustomer {
                state.awaitingCustomer = true
                if status != .closed { state.pausedSince = now }
            }
        case .customerReplied:
            if status != .closed { endPause(&state, at: now) }
            state.awaitingCustomer = false
        case .closed:
            // Closing stops the clock like waiting does: the time until a reopening does not count.
            state.resolvedAt = now
            if state.pausedSince == nil { state.pausedSince = now }
        case .reopened:
            state.resolvedAt = nil
            if !state.awaitingCustomer { endPause(&state, at: now) }
        }
        return computed(state, createdAt: createdAt, priority: priority, closed: status == .closed, now: now)
    }

    private func endPause(_ state: inout TicketSLAState, at now: Date) {
        guard let since = state.pausedSince else { return }
        state.pausedMinutes += calendar.minutes(from: since, to: now)
        state.pausedSince = nil
    }

    /// The due times that follow from what has happened. The resolution clock runs from the creation,
    /// minus the business minutes spent waiting on the customer, so its due time is the moment that
    /// many minutes after the target have passed.
    func computed(_ state: TicketSLAState, createdAt: Date, priority: TicketPriority, closed: Bool, now: Date)
        -> TicketSLAState
    {
        var state = state
        let target = config.targets[priority]
        var breaches: [Date] = []
        var risks: [Date] = []

        state.firstResponseDueAt = target.firstResponseMinutes.map { calendar.adding(Double($0), to: createdAt) }
        if let due = state.firstResponseDueAt, let minutes = target.firstResponseMinutes {
            if let responded = state.firstRespondedAt {
                if responded > due { breaches.append(due) }
            } else if !closed {
                breaches.append(due)
                risks.append(calendar.adding(0.8 * Double(minutes), to: createdAt))
            } else if let resolved = state.resolvedAt, resolved > due {
                breaches.append(due)
            }
        }

        state.resolutionDueAt = nil
        if let minutes = target.resolutionMinutes.map(Double.init) {
            let due = calendar.adding(minutes + state.pausedMinutes, to: createdAt)
            if !closed && state.pausedSince == nil {
                state.resolutionDueAt = due
                breaches.append(due)
                risks.append(calendar.adding(0.8 * minutes + state.pausedMinutes, to: createdAt))
            } else {
                let stopped = state.pausedSince ?? now
                let used = calendar.minutes(from: createdAt, to: stopped) - state.pausedMinutes
                if used > minutes {
                    breaches.append(due)
                } else if !closed && used > 0.8 * minutes {
                    risks.append(stopped)
                }
            }
        }
        state.dueAt = breaches.min() ?? TicketSLAState.nothingDue
        state.riskAt = risks.min()
        return state
    }

    /// The ticket's SLA as the API shows it at `now`.
    func response(_ state: TicketSLAState, priority: TicketPriority, status: TicketStatus, now: Date)
        -> TicketSLAResponse
    {
        let target = config.targets[priority]
        let closed = status == .closed
        let slaState: TicketSLAResponse.State
        if target.firstResponseMinutes == nil && target.resolutionMinutes == nil {
            slaState = .none
        } else if state.dueAt <= now {
            slaState = .breached
        } else if closed {
            slaState = .met
        } else if let risk = state.riskAt, risk <= now {
            slaState = .atRisk
        } else {
            slaState = .ok
        }
        return TicketSLAResponse(
            firstResponseDueAt: state.firstResponseDueAt, firstRespondedAt: state.firstRespondedAt,
            resolutionDueAt: state.resolutionDueAt, resolvedAt: state.resolvedAt,
            paused: state.awaitingCustomer && !closed, state: slaState)
    }
}
