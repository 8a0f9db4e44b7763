import Foundation

/// Wakes the delivery worker when a transaction has just committed mail, so that it goes out at once
/// rather than at the next poll. Pokes while the worker is busy are remembered as one.
actor MailWake {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    func poke() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    /// Returns when poked, after `seconds`, or when the task is cancelled, whichever comes first.
    func wait(upTo seconds: TimeInterval) async {
        if pending || Task.isCancelled {
            pending = false
            return
        }
        generation += 1
        let current = generation
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            await self.expire(current)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter = $0 }
        } onCancel: {
            Task { await self.expire(current) }
        }
        timer.cancel()
    }

    private func expire(_ expected: Int) {
        guard expected == generation, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }
}

/// What a transaction needs to write mail: how to compose it, and whom to wake once it is committed.
struct MailQueue: Sendable {
    let composer: MailComposer
    let wake: MailWake
}
