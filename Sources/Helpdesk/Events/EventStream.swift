import Foundation
import Vapor

/// One reader's stream of events (Server-Sent Events): what they missed since `Last-Event-ID`, then
/// every new event they may see, each rendered exactly as the REST API would show it to them. Every
/// batch and every keep-alive first checks the reader's session afresh: signed out, password
/// changed or role changed, and the stream ends (the client reconnects and is filtered anew).
struct EventStream: Sendable {
    let user: User
    let sessionID: String
    let scope: ReadScope
    let lastEventID: Int?
    let context: StoreContext
    let bus: EventBus

    static let keepAlive: Duration = .seconds(15)

    func run(_ writer: any AsyncBodyStreamWriter) async throws {
        let (signals, continuation) = AsyncStream<StreamSignal>.makeStream()
        let (subscription, newest) = try await bus.subscribe(continuation)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.keepAlive)
                continuation.yield(.tick)
            }
        }
        defer {
            ticker.cancel()
            continuation.finish()
            Task { await bus.unsubscribe(subscription) }
        }
        try await writer.write(.buffer(ByteBuffer(string: "retry: 3000\n: connected\n\n")))
        var last = newest
        if let lastEventID {
            last = try await replay(after: lastEventID, writer)
        }
        for await signal in signals {
            guard try await sessionIsCurrent() else { return }
            switch signal {
            case .tick:
                try await writer.write(.buffer(ByteBuffer(string: ": keep-alive\n\n")))
            case .events(let rows):
                for row in rows where row.id > last {
                    try await send(row, writer)
                    last = row.id
                }
            }
        }
        // The bus ended the stream: this instance is shutting down. Clients reconnect (to another
        // instance behind the load balancer) with their last id, and miss nothing.
        try? await writer.write(.buffer(ByteBuffer(string: "retry: 500\nevent: reconnect\ndata: {}\n\n")))
    }

    /// Sends every event after `id` the reader may see; the id of the last event looked at. An id older
    /// than the events kept gets a `reset` event: the client reloads what it shows.
    private func replay(after id: Int, _ writer: any AsyncBodyStreamWriter) async throws -> Int {
        let store = EventStore(context: context)
        let (latest, oldest) = try await store.bounds()
        if let oldest, id < oldest - 1 {
            try await writer.write(.buffer(ByteBuffer(string: "id: \(latest)\nevent: reset\ndata: {}\n\n")))
            return latest
        }
        var last = id
        while true {
            let rows = try await store.after(last)
            for row in rows {
                try await send(row, writer)
                last = row.id
            }
            if rows.count < 500 { return max(last, id) }
        }
    }

    private func sessionIsCurrent() async throws -> Bool {
        guard let current = try await SessionStore(context: context).user(session: sessionID, userID: user.id) else {
            return false
        }
        return current.role == user.role
    }

    /// One event as SSE, if the reader may see it and it still exists for them.
    private func send(_ row: EventRow, _ writer: any AsyncBodyStreamWriter) async throws {
        guard row.isVisible(to: scope) else { return }
        let data = try await bus.renders.data(for: row.id, audience: EventRenders.Audience(scope)) {
            try await render(row)
        }
        guard let data else { return }
        var text = "id: \(row.id)\nevent: \(row.kind.rawValue)\ndata: "
        text += String(decoding: data, as: UTF8.self)
        text += "\n\n"
        try await writer.write(.buffer(ByteBuffer(string: text)))
    }

    private func render(_ row: EventRow) async throws -> Data? {
        let encoder = JSONEncoder.helpdesk()
        let tickets = TicketStore(context: context, scope: scope)
        switch row.kind {
        case .ticketCreated, .ticketUpdated:
            guard let ticket = try? await tickets.response(id: row.ticketID) else { return nil }
            return try encoder.encode(EventPayload(ticketId: row.ticketID, ticket: ticket))
        case .ticketDeleted:
            return try encoder.encode(EventPayload(ticketId: row.ticketID))
        case .commentCreated:
            guard let id = row.objectID, let ticket = try? await tickets.ticket(id: row.ticketID),
                let comment = try await CommentStore(context: context, scope: scope).comment(id: id, on: ticket)
            else { return nil }
            return try encoder.encode(EventPayload(ticketId: row.ticketID, comment: comment))
        case .imageCreated:
            guard let id = row.objectID,
                let (image, _) = try? await ImageStore(context: context, scope: scope).find(id: id)
            else { return nil }
            return try encoder.encode(EventPayload(ticketId: row.ticketID, image: image))
        case .imageDeleted:
            return try encoder.encode(EventPayload(ticketId: row.ticketID, imageId: row.objectID))
        }
    }
}

/// An event's `data`: the ticket's id and the new state of what changed.
struct EventPayload: Encodable {
    enum CodingKeys: String, CodingKey {
        case ticket, comment, image
        case ticketId = "ticket_id"
        case imageId = "image_id"
    }

    var ticketId: Int
    var ticket: TicketResponse? = nil
    var comment: CommentResponse? = nil
    var image: ImageResponse? = nil
    var imageId: Int? = nil
}
