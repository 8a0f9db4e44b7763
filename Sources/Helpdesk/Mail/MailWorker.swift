import Foundation
import Vapor

/// Delivers the outbox: claims due messages, sends them, records how it went, and waits for more
/// (woken by new mail, or after the poll interval). Several workers may share one PostgreSQL outbox:
/// claims never overlap.
struct MailWorker: Sendable {
    let outbox: OutboxStore
    let transport: any MailTransport
    let settings: MailSettings
    let wake: MailWake
    let logger: Logger

    /// At most this many messages per claim (and per SMTP session).
    static let batchSize = 20
    /// How long a claim lasts: longer than a whole SMTP session may take.
    static let lease: TimeInterval = 180

    init(app: Application, queue: MailQueue) {
        outbox = OutboxStore(context: app.storeContext)
        settings = app.settings.mail
        wake = queue.wake
        logger = app.logger
        switch settings.transport {
        case .smtp(let smtp):
            transport = SMTPTransport(
                client: SMTPClient(settings: smtp, heloName: settings.from.domain, group: app.eventLoopGroup))
        case .directory(let path):
            transport = DirectoryTransport(directory: path)
        case .off:
            transport = DisabledTransport()
        }
    }

    /// Runs until the task is cancelled.
    func run() async {
        if outbox.context.kind == .sqlite {
            do { try await outbox.releaseClaims() } catch {
                logger.error("Could not release old mail claims: \(error)")
            }
        }
        while !Task.isCancelled {
            do {
                while try await deliverDue() == Self.batchSize, !Task.isCancelled {}
            } catch {
                logger.error("Mail delivery failed: \(String(reflecting: error))")
            }
            await wake.wait(upTo: settings.pollInterval)
        }
    }

    /// One claim's worth: how many messages it handled.
    @discardableResult
    func deliverDue() async throws -> Int {
        let claimed = try await outbox.claim(limit: Self.batchSize, lease: Self.lease)
        guard !claimed.isEmpty else { return 0 }
        let results = await transport.send(claimed, from: settings.from.address)
        for (mail, result) in zip(claimed, results) {
            if case .failure(let error) = result {
                logger.warning(
                    "Mail \(mail.id) to \(mail.recipient) not delivered (attempt \(mail.attempts)): \(error)")
            }
        }
        try await outbox.record(Array(zip(claimed, results)), retryDelays: settings.retryDelays)
        return claimed.count
    }
}

extension Application {
    /// Starts the delivery worker in the background; it stops when the app shuts down.
    func startMailWorker() {
        guard let queue = services.mailQueue else { return }
        let worker = MailWorker(app: self, queue: queue)
        // At shutdown it stops after recording what it sent.
        runInBackground { await worker.run() }
    }
}
