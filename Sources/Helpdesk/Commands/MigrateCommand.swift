import Fluent
import Vapor

/// `helpdesk migrate [--revert]`: brings the schema up to date, without asking (it runs in scripts).
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Revert the last batch of migrations instead")
        var revert: Bool
        @Flag(name: "yes", short: "y", help: "Accepted for compatibility; migrate never asks")
        var yes: Bool
    }

    var help: String { "Applies (or with --revert, reverts) the database migrations" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.revert {
            try await app.migrator.setupIfNeeded().get()
            try await app.migrator.revertLastBatch().get()
            context.console.success("Reverted the last batch of migrations")
        } else {
            try await app.autoMigrate()
            context.console.success("The database is up to date")
        }
    }
}
