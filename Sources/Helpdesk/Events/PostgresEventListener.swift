import FluentPostgresDriver
import Foundation
import Vapor

/// On PostgreSQL: LISTENs on its own connection for the NOTIFY every committed event sends, and pokes
/// this process's bus; reconnects with a growing pause if the connection drops (and pokes on
/// reconnecting, in case something was missed meanwhile). On the same connection it hears of every
/// account and session change, to empty this process's session cache; the cache is on only while
/// the connection is (a change missed while it was down could otherwise be answered from it).
struct PostgresEventListener: Sendable {
    let url: String
    let bus: EventBus
    let sessions: SessionCache
    let logger: Logger

    func run() async {
        var pause: Double = 0.5
        while !Task.isCancelled {
            do {
                let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: 0x4556, logger: logger)
                defer { Task { try? await connection.close() } }
                let notifications = try await connection.listen(EventStore.channel)
                let accountChanges = try await connection.listen(SessionCache.channel)
                pause = 0.5
                sessions.setEnabled(true)
                await bus.poke()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await _ in notifications { await bus.poke() }
                    }
                    group.addTask {
                        for try await _ in accountChanges { sessions.clear() }
                    }
                    // Either ending means the connection is gone.
                    try await group.next()
                    group.cancelAll()
                }
                sessions.setEnabled(false)
            } catch {
                sessions.setEnabled(false)
                if Task.isCancelled { return }
                logger.warning("Event listener lost PostgreSQL (\(error)); retrying in \(pause) s")
            }
            try? await Task.sleep(for: .milliseconds(Int64(pause * 1000)))
            pause = min(pause * 2, 10)
        }
    }
}

extension Application {
    /// On PostgreSQL, starts listening for other instances' events (and this one's); it stops at shutdown.
    func startEventListener() {
        guard case .postgres(let url) = settings.database else { return }
        let listener = PostgresEventListener(
            url: url, bus: services.eventBus, sessions: services.sessionCache, logger: logger)
        // A LISTEN may not notice cancellation until its connection closes, which the exit does.
        runInBackground(awaitAtShutdown: false) { await listener.run() }
    }
}
