import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import Helpdesk

@Suite("Recent SLA counts")
struct RecentSLACountsTests {
    /// Counts that return how many times they ran, and signal each run's end.
    final class Counter: Sendable {
        let runs = NIOLockedValueBox(0)
        let finished: AsyncStream<Int>
        private let signal: AsyncStream<Int>.Continuation

        init() { (finished, signal) = AsyncStream.makeStream(of: Int.self) }

        func count() -> StatsResponse.SLA {
            let run = runs.withLockedValue { runs in
                runs += 1
                return runs
            }
            signal.yield(run)
            return StatsResponse.SLA(breached: run, atRisk: 0)
        }
    }

    @Test("Fresh values are reused; a stale one answers at once while one count runs behind it; an old one waits")
    func refresh() async throws {
        let counts = RecentSLACounts(ttl: 5, maxAge: 60)
        let counter = Counter()
        var finished = counter.finished.makeAsyncIterator()
        let start = Date(timeIntervalSince1970: 1_000)
        let count: @Sendable () async throws -> StatsResponse.SLA = { counter.count() }

        #expect(try await counts.value(at: start, counting: count).breached == 1)  // nothing yet: waits
        _ = await finished.next()
        #expect(try await counts.value(at: start + 4, counting: count).breached == 1)  // fresh
        #expect(counter.runs.withLockedValue { $0 } == 1)

        // Stale: the old value at once, and a count in the background; the next request has its result.
        #expect(try await counts.value(at: start + 6, counting: count).breached == 1)
        #expect(await finished.next() == 2)
        var next = try await counts.value(at: start + 7, counting: count)
        while next.breached != 2 {  // the count has signalled; its value lands a moment later
            await Task.yield()
            next = try await counts.value(at: start + 7, counting: count)
        }
        #expect(counter.runs.withLockedValue { $0 } == 2)

        // Too old to show: the request waits for a new count.
        #expect(try await counts.value(at: start + 100, counting: count).breached == 3)
    }
}
