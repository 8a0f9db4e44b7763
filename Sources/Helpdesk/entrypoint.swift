import Logging
import NIOCore
import NIOPosix
import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        // Async handlers then run on the event loops instead of hopping to a separate thread pool.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)

        let app = try await Application.make(env)
        do {
            try await configure(app, settings: AppSettings.load(for: app))
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            // A plain exit status, not a trap with a backtrace: the message above says what is wrong.
            // An MTA piping mail in must try again later (EX_TEMPFAIL), not bounce the mail.
            exit(CommandLine.arguments.dropFirst().first == "mail-in" ? MailInCommand.temporaryFailure : 1)
        }
        try await app.asyncShutdown()
    }
}
