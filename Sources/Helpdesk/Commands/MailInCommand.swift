import Foundation
import Vapor

/// `helpdesk mail-in`: imports one RFC 5322 message from standard input, for an MTA's pipe (Postfix
/// `pipe`, a `.forward`). The exit status tells the MTA what to do (sysexits.h): 0 imported or
/// deliberately ignored, 65 (EX_DATAERR) the message can never be imported — bounce it, 75
/// (EX_TEMPFAIL) something else failed (the database) — try again later.
struct MailInCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    static let dataError: Int32 = 65
    static let temporaryFailure: Int32 = 75

    var help: String { "Imports one email from standard input (for an MTA pipe)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let limit = app.settings.inbound.maxBytes
        let input = FileHandle.standardInput
        var raw: [UInt8] = []
        while let chunk = try? input.read(upToCount: 1 << 16), !chunk.isEmpty {
            raw += chunk
            guard raw.count <= limit else {
                Self.finish(Self.dataError, "the message is larger than \(limit) bytes (INBOUND_MAX_BYTES)")
            }
        }
        do {
            let outcome = try await MailImporter(app: app).importMessage(raw, via: .pipe)
            if let ignored = outcome.ignored {
                context.console.print("Ignored: \(ignored)")
            } else {
                context.console.print(
                    outcome.created
                        ? "Created ticket #\(outcome.ticketID ?? 0)"
                        : "Added comment \(outcome.commentID ?? 0) to ticket #\(outcome.ticketID ?? 0)")
            }
        } catch let error as InboundMailError {
            Self.finish(Self.dataError, error.description)
        } catch {
            Self.finish(Self.temporaryFailure, "could not import the message now: \(error)")
        }
    }

    /// Ends the process with `status` at once: the MTA reads only the status (and the message).
    private static func finish(_ status: Int32, _ message: String) -> Never {
        FileHandle.standardError.write(Data("helpdesk mail-in: \(message)\n".utf8))
        exit(status)
    }
}
