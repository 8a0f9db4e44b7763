import Foundation
import Vapor

/// What a stream is woken with: new events, or a tick (time for a keep-alive and a session check).
enum StreamSignal: Sendable {
    case events([EventRow])
    case tick
}

/// Fans committed events out to the open streams of this process. It is poked when something may
/// have been committed (by this process's writes on SQLite, by PostgreSQL's NOTIFY from any instance),
/// reads the new rows once, and hands them to every stream; each stream filters and renders for its
/// reader.
actor EventBus {
    private let store: EventStore
    /// Renders shared by this process's streams.
    nonisolated let renders = EventRenders()
    private var streams: [UUID: AsyncStream<StreamSignal>.Continuation] = [:]
    private var lastLoaded: Int?
    private var loading = false
    private var pokedWhileLoading = false
    private var finished = false

    init(store: EventStore) {
        self.store = store
    }

    var openStreams: Int { streams.count }

    /// Registers a stream; it receives every event committed after the id returned (the newest now).
    func subscribe(_ continuation: AsyncStream<StreamSignal>.Continuation) async throws -> (UUID, Int) {
        if finished { continuation.finish() }
        if lastLoaded == nil { lastLoaded = try await store.bounds().latest }
        let id = UUID()
        streams[id] = continuation
        // A commit whose wake-up came while this was subscribing (and found no stream) goes out now.
        Task { await self.poke() }
        return (id, lastLoaded ?? 0)
    }

    func unsubscribe(_ id: UUID) {
        streams[id] = nil
    }

    /// Something may have been committed: load what is new and pass it on.
    func poke() async {
        guard !loading else {
            pokedWhileLoading = true
            return
        }
        loading = true
        defer { loading = false }
        repeat {
            pokedWhileLoading = false
            guard let from = lastLoaded, !streams.isEmpty else {
                lastLoaded = nil
                return
            }
            do {
                var rows = try await store.after(from)
                while !rows.isEmpty {
                    lastLoaded = rows.last?.id
                    for continuation in streams.values { continuation.yield(.events(rows)) }
                    rows = rows.count < 500 ? [] : try await store.after(lastLoaded ?? from)
                }
            } catch {
                // The next poke (or a stream's own replay on reconnect) catches up.
                return
            }
        } while pokedWhileLoading
    }

    /// Ends every stream (at shutdown): clients reconnect to another instance with their last id.
    func finishAll() {
        finished = true
        for continuation in streams.values { continuation.finish() }
        streams = [:]
    }
}

/// Ends open streams before the server stops, so that its graceful shutdown is not held open by them.
struct EventBusShutdown: LifecycleHandler {
    let bus: EventBus

    func shutdownAsync(_ application: Application) async {
        await bus.finishAll()
    }
}
