import ConsoleKit
import Fluent
import SQLKit
import Vapor

/// `helpdesk seed [--tickets N] [--if-empty]`: demo accounts and N tickets with comments, written in
/// large batched transactions so that a million tickets take minutes, not hours.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "tickets", help: "How many tickets to add (default 200)")
        var tickets: Int?
        @Flag(name: "if-empty", help: "Do nothing if the database already has users")
        var ifEmpty: Bool
    }

    var help: String { "Adds demo accounts and tickets (see the README for the accounts)" }

    static let rowsPerStatement = 500
    static let rowsPerTransaction = 10_000

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let ticketCount = signature.tickets ?? 200
        guard ticketCount >= 0 else { throw SettingsError("--tickets must be 0 or more") }

        if signature.ifEmpty, try await User.query(on: app.db).count() > 0 {
            context.console.info("The database already has users; not seeding.")
            printAccounts(context.console)
            return
        }
        let started = ContinuousClock.now
        let passwordHash = try await app.passwordHasher.hash(DemoData.password)
        let customers = DemoData.customerCount(forTickets: ticketCount)
        let staffIDs = try await ensureUsers(DemoData.staff, passwordHash: passwordHash, on: app.db)
        let customerIDs = try await ensureUsers(
            (1...customers).map(DemoData.customer), passwordHash: passwordHash, on: app.db)
        let agentIDs = zip(DemoData.staff, staffIDs).filter { $0.0.role.isStaff }.map(\.1)

        try await insertTickets(
            ticketCount, customerIDs: customerIDs, agentIDs: agentIDs, database: app.db, console: context.console)
        let elapsed = ContinuousClock.now - started
        context.console.success(
            "Seeded \(ticketCount) tickets in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds])))")
        printAccounts(context.console)
    }

    private func printAccounts(_ console: any Console) {
        console.info("Demo accounts (password '\(DemoData.password)'):")
        for account in DemoData.staff + [DemoData.customer(1)] {
            console.print(
                "  \(account.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(account.email)")
        }
    }

    /// Creates the accounts that do not exist yet and returns every account's id, in order.
    private func ensureUsers(_ accounts: [DemoData.Account], passwordHash: String, on database: any Database)
        async throws -> [Int]
    {
        let existing = try await User.query(on: database).filter(\.$email ~~ accounts.map(\.email)).all()
        var ids = Dictionary(uniqueKeysWithValues: existing.map { ($0.email, $0.id!) })
        let wanted = accounts.filter { ids[$0.email] == nil }.map(\.username)
        if let clash = try await User.query(on: database).filter(\.$username ~~ wanted).first() {
            throw SettingsError(
                "The demo username '\(clash.username)' is taken by \(clash.email): seed a fresh database instead")
        }
        let missing = accounts.filter { ids[$0.email] == nil }
        try await database.transaction { db in
            for chunk in missing.chunked(into: Self.rowsPerStatement) {
                let users = chunk.map {
                    User(username: $0.username, email: $0.email, passwordHash: passwordHash, role: $0.role)
                }
                try await users.create(on: db)
            }
        }
        for user in try await User.query(on: database).filter(\.$email ~~ missing.map(\.email)).all() {
            ids[user.email] = user.id!
        }
        return accounts.map { ids[$0.email]! }
    }

    private func insertTickets(
        _ count: Int, customerIDs: [Int], agentIDs: [Int], database: any Database, console: any Console
    ) async throws {
        guard count > 0 else { return }
        let sql = database.sql
        let firstID =
            try await sql.raw("SELECT COALESCE(MAX(id), 0) AS m FROM tickets").first()!
            .decode(column: "m", as: Int.self) + 1
        var random = DemoData(seed: UInt64(firstID))
        // Spread over the past, one ticket every 30 seconds, oldest first, and never before a ticket
        // that is already there (id order must stay newest-first order; see Ticket.insert).
        let now = Date.nowMilliseconds.timeIntervalSince1970
        let latest =
            try await sql.raw("SELECT MAX(created_at) AS m FROM tickets").first()?
            .decode(column: "m", as: Date?.self)?.timeIntervalSince1970 ?? 0
        let start = max(now - Double(count) * 30, latest)
        let spacing = max(0.001, min(30, (now - start) / Double(count)))

        let progress = console.progressBar(title: "Seeding \(count) tickets")
        progress.start()
        var done = 0
        while done < count {
            let batch = min(Self.rowsPerTransaction, count - done)
            var tickets: [[any Encodable & Sendable]] = []
            var comments: [[any Encodable & Sendable]] = []
            tickets.reserveCapacity(batch)
            for offset in 0..<batch {
                let number = done + offset
                let id = firstID + number
                let text = random.ticketText(number: id)
                let created = Date(
                    timeIntervalSince1970: ((start + Double(number + 1) * spacing) * 1000).rounded() / 1000)
                let status = random.status()
                let assignee: Int? = status == .open && random.below(2) == 0 ? nil : random.pick(agentIDs)
                let author = random.pick(customerIDs)
                let commentCount = random.below(3)
                let updated = created.addingTimeInterval(Double(commentCount) * 600)
                tickets.append([
                    id, text.title, text.description, status.rawValue, random.priority().rawValue, author,
                    assignee, created, updated,
                ])
                for index in 0..<commentCount {
                    let fromAgent = index % 2 == 0
                    comments.append([
                        random.reply(), fromAgent && random.below(4) == 0,
                        fromAgent ? (assignee ?? agentIDs[0]) : author,
                        id, created.addingTimeInterval(Double(index + 1) * 600),
                    ])
                }
            }
            let ticketRows = tickets
            let commentRows = comments
            try await database.transaction { db in
                let sql = db.sql
                for chunk in ticketRows.chunked(into: Self.rowsPerStatement) {
                    try await Self.insert(
                        into: "tickets",
                        columns: [
                            "id", "title", "description", "status", "priority", "author_id", "assignee_id",
                            "created_at",
                            "updated_at",
                        ], rows: chunk, on: sql)
                }
                for chunk in commentRows.chunked(into: Self.rowsPerStatement) {
                    try await Self.insert(
                        into: "comments", columns: ["text", "internal", "author_id", "ticket_id", "created_at"],
                        rows: chunk, on: sql)
                }
            }
            done += batch
            progress.activity.currentProgress = Double(done) / Double(count)
        }
        progress.succeed()
        if sql.dialect.name == "postgresql" {
            // The ids were given explicitly, so the identity sequence must be moved past them.
            try await sql.raw(
                "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets))"
            ).run()
            // A bulk load leaves the GIN index's pending list unmerged and the planner without statistics.
            try await sql.raw("VACUUM ANALYZE tickets").run()
            try await sql.raw("VACUUM ANALYZE comments").run()
        }
    }

    private static func insert(
        into table: String, columns: [String], rows: ArraySlice<[any Encodable & Sendable]>, on sql: any SQLDatabase
    ) async throws {
        var builder = sql.insert(into: table).columns(columns)
        for row in rows {
            builder = builder.values(row.map { SQLBind($0) })
        }
        try await builder.run()
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
