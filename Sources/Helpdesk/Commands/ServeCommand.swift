import Vapor

/// `helpdesk serve`: Vapor's server, and with it the mail delivery worker unless `MAIL_WORKER=off`, and
/// the IMAP poller when `IMAP_URL` is set.
struct ServeCommand: AsyncCommand {
    typealias Signature = Vapor.ServeCommand.Signature

    var help: String { "Serves Helpdesk over HTTP, and delivers mail unless MAIL_WORKER=off" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.servers.asyncCommand.run(using: context, signature: signature)
        if app.settings.mail.workerEnabled { app.startMailWorker() }
        app.startIMAPPoller()
        app.startEventListener()
    }
}
