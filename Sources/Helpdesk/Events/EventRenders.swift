import Foundation

/// Recent events as rendered for each audience, shared by the streams of this process: every staff
/// member sees an event the same way, and a customer sees their own; so 500 open streams cost one
/// render per audience, not 500. Concurrent asks for the same render wait for the first.
actor EventRenders {
    /// Who an event is rendered for: all staff alike, or one customer.
    enum Audience: Hashable, Sendable {
        case staff
        case customer(Int)

        init(_ scope: ReadScope) {
            self = scope.authorID.map(Audience.customer) ?? .staff
        }
    }

    private struct Key: Hashable {
        var event: Int
        var audience: Audience
    }

    private var renders: [Key: Task<Data?, any Error>] = [:]
    private var order: [Key] = []
    static let capacity = 1024

    func data(
        for event: Int, audience: Audience, render: @escaping @Sendable () async throws -> Data?
    ) async throws -> Data? {
        let key = Key(event: event, audience: audience)
        if let existing = renders[key] { return try await existing.value }
        let task = Task { try await render() }
        renders[key] = task
        order.append(key)
        if order.count > Self.capacity {
            renders[order.removeFirst()] = nil
        }
        return try await task.value
    }
}
