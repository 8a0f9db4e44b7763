import Fluent
import NIOCore
import Vapor

/// Lets one write at a time at an SQLite database.
///
/// SQLite takes one writer at a time anyway. Left to itself, a second connection that wants to write
/// spins in sqlite-nio's busy handler (which retries at once, forever), burning a core and a thread of
/// the pool the first writer needs. Waiting here instead suspends the request, and costs nothing.
/// PostgreSQL needs no gate.
actor WriteGate {
    private var busy = false
    private var waiting = CircularBuffer<CheckedContinuation<Void, Never>>()

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if let next = waiting.popFirst() {
            next.resume()
        } else {
            busy = false
        }
    }
}
