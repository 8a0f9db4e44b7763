import Foundation
import Vapor

/// What one pass over the mailbox did.
struct PollReport: Sendable, Equatable {
    /// False when another instance was polling (PostgreSQL): this one did nothing.
    var ran = true
    /// Taken by the importer: new tickets, comments, or messages it deliberately ignored.
    var imported = 0
    /// Imported by an earlier pass that ended before flagging or moving them; flagged or moved now.
    var finished = 0
    /// Failed this time; tried again next time unless set aside.
    var failed = 0
    /// Given up on: moved to `IMAP_FAILED_MAILBOX`, or flagged `\Seen`.
    var movedAside = 0
    /// More unseen messages wait than one pass takes: poll again at once.
    var more = false
}

/// Fetches mail from one IMAP mailbox into the importer: every `IMAP_POLL_SECONDS`, each unseen message
/// is fetched (without flagging it), imported, recorded, then flagged `\Seen` and moved to
/// `IMAP_DONE_MAILBOX` if set. Unseen is the mailbox's own "not taken yet" mark: a message someone reads
/// in a mail client before a pass is not imported (send support mail to a mailbox people do not read, or
/// use a done mailbox). A message whose import fails stays unseen and is tried again; after
/// `IMAP_MAX_FAILURES` failures it is set aside. One that is too large is set aside at once.
struct IMAPPoller: Sendable {
    let settings: IMAPSettings
    let client: IMAPClient
    let state: IMAPStateStore
    let importer: MailImporter
    /// The importer's limit (`INBOUND_MAX_BYTES`): a larger message is not downloaded.
    let maxMessageBytes: Int
    let logger: Logger
    /// The mailbox as its state is recorded: with its account and server, whose UIDs are not another's.
    let mailboxKey: String

    /// At most this many messages per pass (and per IMAP session).
    static let batchSize = 50

    init(app: Application, settings: IMAPSettings) {
        self.settings = settings
        client = IMAPClient(settings: settings, group: app.eventLoopGroup)
        var postgresURL: String?
        if case .postgres(let url) = app.settings.database { postgresURL = url }
        state = IMAPStateStore(context: app.storeContext, postgresURL: postgresURL)
        importer = MailImporter(app: app)
        maxMessageBytes = app.settings.inbound.maxBytes
        logger = app.logger
        mailboxKey = "\(settings.username)@\(settings.host)/\(settings.mailbox)"
    }

    /// Runs until the task is cancelled. Errors are logged; the next pass tries again.
    func run() async {
        let server = "\(settings.mailbox) on \(settings.host):\(settings.port)"
        logger.notice("Fetching mail from \(server) every \(settings.pollInterval) s")
        while !Task.isCancelled {
            do {
                while try await pollOnce().more, !Task.isCancelled {}
            } catch {
                if Task.isCancelled { return }
                logger.error("Fetching mail from \(server) failed: \(error)")
            }
            try? await Task.sleep(for: .milliseconds(Int64(settings.pollInterval * 1000)))
        }
    }

    /// One pass: at most `batchSize` unseen messages, oldest first.
    func pollOnce() async throws -> PollReport {
        try await state.withPollLock(logger: logger) {
            try await client.session { session in try await pass(&session) }
        } ?? PollReport(ran: false)
    }

    private func pass(_ session: inout IMAPSession) async throws -> PollReport {
        let (uidValidity, exists) = try await session.select(settings.mailbox)
        var report = PollReport()
        guard exists > 0 else { return report }
        try await finishStranded(uidValidity, &session, &report)
        let unseen = try await session.searchUnseen()
        report.more = unseen.count > Self.batchSize
        let batch = Array(unseen.prefix(Self.batchSize))
        let states = try await state.states(mailbox: mailboxKey, uidValidity: uidValidity, uids: batch)
        for uid in batch {
            try Task.checkCancellation()
            let key = IMAPMessageKey(mailbox: mailboxKey, uidValidity: uidValidity, uid: uid)
            switch states[uid]?.status {
            case .imported:
                try await finish(uid, &session)
                report.finished += 1
            case .movedAside:
                try await setAside(uid, &session)
                report.movedAside += 1
            case .failed, nil:
                try await take(key, &session, &report)
            }
        }
        return report
    }

    /// Fetches and imports one message. A message the importer can never take counts a failure (and is
    /// set aside after the last); any other error (the database, most likely) counts one too and ends the
    /// pass, leaving the rest for the next.
    private func take(_ key: IMAPMessageKey, _ session: inout IMAPSession, _ report: inout PollReport) async throws {
        let raw: [UInt8]
        switch try await session.fetch(uid: key.uid, maxBytes: maxMessageBytes) {
        case .missing:
            return
        case .tooLarge(let size):
            logger.warning("IMAP message \(key.uid) is \(size) bytes, over INBOUND_MAX_BYTES: setting it aside")
            try await giveUp(key, reason: "\(size) bytes, over INBOUND_MAX_BYTES (\(maxMessageBytes))", &session)
            report.movedAside += 1
            return
        case .message(let bytes):
            raw = bytes
        }
        let outcome: ImportOutcome
        do {
            outcome = try await importer.importMessage(raw, via: .imap)
        } catch let error as InboundMailError {
            report.failed += 1
            let failures = try await state.recordFailure(key, reason: error.description)
            logger.warning("IMAP message \(key.uid) not imported (failure \(failures)): \(error)")
            var givenUp = failures >= settings.maxFailures
            // Trying again will not make it smaller.
            if case .tooLarge = error { givenUp = true }
            guard givenUp else { return }
            try await giveUp(key, reason: nil, &session)
            report.movedAside += 1
            return
        } catch {
            _ = try? await state.recordFailure(key, reason: "\(error)")
            throw error
        }
        try await state.recordImported(key)
        try await finish(key.uid, &session)
        report.imported += 1
        if let ignored = outcome.ignored {
            logger.info("IMAP message \(key.uid) ignored: \(ignored)")
        } else {
            let made = outcome.created ? "new ticket" : "comment on ticket"
            logger.info("IMAP message \(key.uid): \(made) #\(outcome.ticketID ?? 0)")
        }
    }

    /// Messages imported and flagged `\Seen` whose move to the done mailbox never happened (the process
    /// stopped between the two): the unseen search no longer finds them, so they are looked for here.
    private func finishStranded(_ uidValidity: UInt32, _ session: inout IMAPSession, _ report: inout PollReport)
        async throws
    {
        guard settings.doneMailbox != nil else { return }
        let seen = Array(try await session.search("SEEN UNDELETED").prefix(Self.batchSize))
        guard !seen.isEmpty else { return }
        let states = try await state.states(mailbox: mailboxKey, uidValidity: uidValidity, uids: seen)
        for uid in seen where states[uid]?.status == .imported {
            try await finish(uid, &session)
            report.finished += 1
        }
    }

    /// An imported message: flagged `\Seen`, then moved to the done mailbox if there is one.
    private func finish(_ uid: UInt32, _ session: inout IMAPSession) async throws {
        try await session.markSeen(uid: uid)
        if let done = settings.doneMailbox { try await session.move(uid: uid, to: done) }
    }

    /// Recorded first, so that a pass that ends halfway leaves only the moving to do again.
    private func giveUp(_ key: IMAPMessageKey, reason: String?, _ session: inout IMAPSession) async throws {
        try await state.recordMovedAside(key, reason: reason)
        try await setAside(key.uid, &session)
    }

    /// To the failed mailbox (unseen, for a person to look at), or flagged `\Seen` where there is none, so
    /// that it is not fetched again.
    private func setAside(_ uid: UInt32, _ session: inout IMAPSession) async throws {
        if let failed = settings.failedMailbox {
            try await session.move(uid: uid, to: failed)
        } else {
            try await session.markSeen(uid: uid)
        }
    }
}

extension Application {
    /// Starts polling `IMAP_URL` in the background when it is set; it stops when the app shuts down.
    func startIMAPPoller() {
        guard let imap = settings.imap else { return }
        let poller = IMAPPoller(app: self, settings: imap)
        // At shutdown it stops between two messages.
        runInBackground { await poller.run() }
    }
}
