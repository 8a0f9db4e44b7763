import Foundation
import Vapor

/// `TicketSLA` in openapi.yml: where a ticket stands against its targets.
struct TicketSLAResponse: Content, Equatable {
    enum State: String, Codable, Sendable {
        case none, ok, breached, met
        case atRisk = "at_risk"
    }

    enum CodingKeys: String, CodingKey {
        case paused, state
        case firstResponseDueAt = "first_response_due_at"
        case firstRespondedAt = "first_responded_at"
        case resolutionDueAt = "resolution_due_at"
        case resolvedAt = "resolved_at"
    }

    @Nullable var firstResponseDueAt: Date?
    @Nullable var firstRespondedAt: Date?
    @Nullable var resolutionDueAt: Date?
    @Nullable var resolvedAt: Date?
    var paused: Bool
    var state: State

}

/// `HistoryEntry` in openapi.yml.
struct HistoryEntryResponse: Content {
    enum CodingKeys: String, CodingKey {
        case id, action, field, from, to, actor, via
        case createdAt = "created_at"
    }

    var id: Int
    var action: String
    @Nullable var field: String?
    @Nullable var from: String?
    @Nullable var to: String?
    @Nullable var actor: UserSummary?
    var via: String
    var createdAt: Date

}

struct HistoryList: Content {
    var items: [HistoryEntryResponse]
}

/// `AuditEntry` in openapi.yml.
struct AuditEntryResponse: Content {
    enum CodingKeys: String, CodingKey {
        case id, action, summary, actor
        case targetType = "target_type"
        case targetId = "target_id"
        case createdAt = "created_at"
    }

    var id: Int
    var action: String
    var targetType: String
    var targetId: Int
    var summary: String
    @Nullable var actor: UserSummary?
    var createdAt: Date

}

struct AuditPage: Content {
    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    var items: [AuditEntryResponse]
    @Nullable var nextCursor: String?

}
