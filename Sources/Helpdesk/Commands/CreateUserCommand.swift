import Fluent
import Vapor

/// `helpdesk create-user --username U --email E --role R --password-stdin`
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "3-32 letters, digits, '_', '.' or '-'")
        var username: String?
        @Option(name: "email", help: "The sign-in email")
        var email: String?
        @Option(name: "role", help: "customer, agent or admin (default customer)")
        var role: String?
        @Flag(name: "password-stdin", help: "Read the password from the first line of standard input")
        var passwordStdin: Bool
    }

    var help: String { "Creates a user (the password is read from standard input)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let username = signature.username, let email = signature.email else {
            throw SettingsError("create-user needs --username and --email")
        }
        guard let role = Role(rawValue: signature.role ?? "customer") else {
            throw SettingsError("--role must be customer, agent or admin")
        }
        guard signature.passwordStdin else {
            throw SettingsError("create-user reads the password from standard input: pass --password-stdin")
        }
        guard let password = readLine(strippingNewline: true) else {
            throw SettingsError("No password on standard input")
        }
        let request = RegisterRequest(username: username, email: email, password: password)
        do {
            try request.validate()
        } catch let failure as ValidationFailure {
            throw SettingsError(failure.reason)
        }
        let app = context.application
        let normalizedEmail = email.lowercased()
        if try await User.query(on: app.db).group(
            .or, { $0.filter(\.$username == username).filter(\.$email == normalizedEmail) }
        )
        .first() != nil {
            throw SettingsError("A user with that username or email already exists")
        }
        let hash = try await app.passwordHasher.hash(password)
        let user = User(username: username, email: email, passwordHash: hash, role: role)
        try await user.create(on: app.db)
        context.console.success("Created \(role.rawValue) \(username) <\(user.email)> with id \(try user.requireID())")
    }
}
