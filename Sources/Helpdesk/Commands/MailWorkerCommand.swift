import Dispatch
import Vapor

/// `helpdesk mail-worker`: delivers the outbox without serving HTTP, until SIGINT or SIGTERM (for
/// running delivery apart from the web instances, which then set `MAIL_WORKER=off`).
struct MailWorkerCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Delivers queued mail until stopped (SIGINT or SIGTERM)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let queue = app.services.mailQueue else {
            throw CommandError("Mail is off: set SMTP_URL (or run outside production to write .eml files)")
        }
        let worker = MailWorker(app: app, queue: queue)
        let task = Task { await worker.run() }
        context.console.print("Delivering mail; stop with Ctrl-C or SIGTERM")
        await Self.waitForStopSignal()
        task.cancel()
        await task.value
    }

    private static func waitForStopSignal() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let queue = DispatchQueue(label: "helpdesk.mail-worker.signals")
        let sources = [SIGINT, SIGTERM].map { code in
            signal(code, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: code, queue: queue)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        for source in sources { source.cancel() }
    }
}
