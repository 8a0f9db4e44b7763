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
            throw CommandError("create-user needs --username and --email")
        }
        guard let role = Role(rawValue: signature.role ?? "customer") else {
            throw CommandError("--role must be customer, agent or admin")
        }
        guard signature.passwordStdin else {
            throw CommandError("create-user reads the password from standard input: pass --password-stdin")
        }
        guard let password = readLine(strippingNewline: true) else {
            throw CommandError("No password on standard input")
        }
        let account: NewAccount
        do {
            account = try RegisterRequest(username: username, email: email, password: password).validated()
        } catch let failure as ValidationFailure {
            throw CommandError(failure.reason)
        }
        let app = context.application
        let hash = try await app.passwordHasher.hash(password)
        let user: User
        do {
            user = try await UserStore(context: app.storeContext).create(account, passwordHash: hash, role: role)
        } catch let abort as any AbortError where abort.status == .conflict {
            throw CommandError("A user with that username or email already exists")
        }
        context.console.success("Created \(role.rawValue) \(username) <\(user.email)> with id \(user.id)")
    }
}
