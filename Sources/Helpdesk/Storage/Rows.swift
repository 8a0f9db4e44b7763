import Foundation
import SQLKit

// The two rows every ticket read decodes, read column by column. `SQLRowDecoder`'s generic
// `Decodable` path cost about a tenth of a list request's CPU in the profile (bench/RESULTS.md); the
// memberwise initializers below still make the compiler insist on every property, so a new column
// cannot be forgotten here, and the coding keys stay the one list of column names.

extension Ticket {
    init(row: any SQLRow) throws {
        typealias Key = CodingKeys
        self.init(
            id: try row.decode(column: Key.id.rawValue, as: Int.self),
            title: try row.decode(column: Key.title.rawValue, as: String.self),
            description: try row.decode(column: Key.description.rawValue, as: String.self),
            status: try row.decode(column: Key.status.rawValue, as: TicketStatus.self),
            priority: try row.decode(column: Key.priority.rawValue, as: TicketPriority.self),
            authorID: try row.decode(column: Key.authorID.rawValue, as: Int.self),
            assigneeID: try row.decode(column: Key.assigneeID.rawValue, as: Int?.self),
            createdAt: try row.decode(column: Key.createdAt.rawValue, as: Date.self),
            updatedAt: try row.decode(column: Key.updatedAt.rawValue, as: Date.self),
            activityAt: try row.decode(column: Key.activityAt.rawValue, as: Date.self),
            mergedIntoID: try row.decode(column: Key.mergedIntoID.rawValue, as: Int?.self))
    }
}

extension TicketSLAState {
    init(row: any SQLRow) throws {
        typealias Key = CodingKeys
        self.init(
            firstRespondedAt: try row.decode(column: Key.firstRespondedAt.rawValue, as: Date?.self),
            resolvedAt: try row.decode(column: Key.resolvedAt.rawValue, as: Date?.self),
            awaitingCustomer: try row.decode(column: Key.awaitingCustomer.rawValue, as: Bool.self),
            pausedSince: try row.decode(column: Key.pausedSince.rawValue, as: Date?.self),
            pausedMinutes: try row.decode(column: Key.pausedMinutes.rawValue, as: Double.self),
            firstResponseDueAt: try row.decode(column: Key.firstResponseDueAt.rawValue, as: Date?.self),
            resolutionDueAt: try row.decode(column: Key.resolutionDueAt.rawValue, as: Date?.self),
            dueAt: try row.decode(column: Key.dueAt.rawValue, as: Date.self),
            riskAt: try row.decode(column: Key.riskAt.rawValue, as: Date?.self))
    }
}

extension TicketReplies {
    init(row: any SQLRow) throws {
        typealias Key = CodingKeys
        self.init(
            lastReplyAt: try row.decode(column: Key.lastReplyAt.rawValue, as: Date?.self),
            lastReplyBy: try row.decode(column: Key.lastReplyBy.rawValue, as: Int?.self),
            lastPublicReplyAt: try row.decode(column: Key.lastPublicReplyAt.rawValue, as: Date?.self),
            lastPublicReplyBy: try row.decode(column: Key.lastPublicReplyBy.rawValue, as: Int?.self),
            customerSeenAt: try row.decode(column: Key.customerSeenAt.rawValue, as: Date?.self))
    }
}
