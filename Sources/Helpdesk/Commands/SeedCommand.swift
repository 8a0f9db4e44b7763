import ConsoleKit
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

    static let rowsPerTransaction = 10_000

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let ticketCount = signature.tickets ?? 200
        guard ticketCount >= 0 else { throw CommandError("--tickets must be 0 or more") }
        let store = BulkLoadStore(context: app.storeContext)
        if signature.ifEmpty, try await UserStore(context: app.storeContext).count() > 0 {
            context.console.info("The database already has users; not seeding.")
            printAccounts(context.console)
            return
        }
        let started = ContinuousClock.now
        let passwordHash = try await app.passwordHasher.hash(DemoData.password)
        let customers = DemoData.customerCount(forTickets: ticketCount)
        let staffIDs = try await ensureUsers(DemoData.staff, passwordHash: passwordHash, store)
        let customerIDs = try await ensureUsers(
            (1...customers).map(DemoData.customer), passwordHash: passwordHash, store)
        let agentIDs = zip(DemoData.staff, staffIDs).filter { $0.0.role.isStaff }.map(\.1)
        try await insertTickets(ticketCount, customerIDs: customerIDs, agentIDs: agentIDs, store, context.console)
        try await insertCannedReplies(ownerID: staffIDs[0], app.storeContext)
        let elapsed = ContinuousClock.now - started
        context.console.success(
            "Seeded \(ticketCount) tickets in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds])))")
        printAccounts(context.console)
    }

    /// The team's shared canned replies, kept by the demo admin (once: a second seed adds none).
    private func insertCannedReplies(ownerID: Int, _ context: StoreContext) async throws {
        let replies = CannedReplyStore(context: context, readerID: ownerID)
        guard try await replies.list(matching: nil).isEmpty else { return }
        for (title, body) in DemoData.cannedReplies {
            _ = try await replies.create(NewCannedReply(title: title, body: body, shared: true))
        }
    }

    private func printAccounts(_ console: any Console) {
        console.info("Demo accounts (password '\(DemoData.password)'):")
        for account in DemoData.staff + [DemoData.customer(1)] {
            console.print(
                "  \(account.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(account.email)")
        }
    }

    /// Creates the accounts that do not exist yet and returns every account's id, in order.
    private func ensureUsers(_ accounts: [DemoData.Account], passwordHash: String, _ store: BulkLoadStore)
        async throws -> [Int]
    {
        var ids: [String: Int] = [:]
        for user in try await store.users(emails: accounts.map(\.email)) { ids[user.email] = user.id }
        let missing = accounts.filter { ids[$0.email] == nil }
        if let clash = try await store.firstUser(usernames: missing.map(\.username)) {
            throw CommandError(
                "The demo username '\(clash.username)' is taken by \(clash.email): seed a fresh database instead")
        }
        try await store.insert(
            users: missing.map { ($0.username, $0.email, $0.role) },
            passwordHash: passwordHash)
        for user in try await store.users(emails: missing.map(\.email)) { ids[user.email] = user.id }
        return try accounts.map { account in
            guard let id = ids[account.email] else { throw CommandError("Could not create \(account.email)") }
            return id
        }
    }

    private func insertTickets(
        _ count: Int, customerIDs: [Int], agentIDs: [Int], _ store: BulkLoadStore, _ console: any Console
    ) async throws {
        guard count > 0, !agentIDs.isEmpty else { return }
        let (firstID, latest) = try await store.ticketHighWater()
        let sla = SLAClock(try await SLAStore(context: store.context).config())
        var random = DemoData(seed: UInt64(firstID))
        // Spread over the past, one ticket every 30 seconds, oldest first, and never before a ticket
        // that is already there (id order must stay newest-first order; see TicketStore.create).
        let now = Date.nowMilliseconds.timeIntervalSince1970
        let start = max(now - Double(count) * 30, latest?.timeIntervalSince1970 ?? 0)
        let spacing = max(0.001, min(30, (now - start) / Double(count)))
        let progress = console.progressBar(title: "Seeding \(count) tickets")
        progress.start()
        var done = 0
        while done < count {
            let batch = min(Self.rowsPerTransaction, count - done)
            var tickets: [BulkLoadStore.TicketRow] = []
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
                let comments = (0..<commentCount).map { index in
                    let fromAgent = index % 2 == 0
                    return BulkLoadStore.CommentRow(
                        text: random.reply(), internal: fromAgent && random.below(4) == 0,
                        authorID: fromAgent ? (assignee ?? agentIDs[0]) : author,
                        createdAt: created.addingTimeInterval(Double(index + 1) * 600))
                }
                let updated = created.addingTimeInterval(Double(commentCount) * 600)
                let ticket = Ticket(
                    id: id, title: text.title, description: text.description, status: status,
                    priority: random.priority(), authorID: author, assigneeID: assignee, createdAt: created,
                    updatedAt: updated, activityAt: updated)
                tickets.append(
                    BulkLoadStore.TicketRow(
                        ticket: ticket, sla: Self.slaState(of: ticket, comments: comments, customer: author, sla),
                        comments: comments, tags: DemoData.tags(forTicket: id)))
            }
            try await store.insert(tickets: tickets)
            done += batch
            progress.activity.currentProgress = Double(done) / Double(count)
        }
        progress.succeed()
        try await store.finish()
    }

    /// The SLA columns the ticket would have if its comments had been written through the API.
    private static func slaState(
        of ticket: Ticket, comments: [BulkLoadStore.CommentRow], customer: Int, _ clock: SLAClock
    ) -> TicketSLAState {
        func apply(_ event: SLAEvent, _ state: TicketSLAState, at time: Date, status: TicketStatus = .open)
            -> TicketSLAState
        {
            clock.apply(
                event, to: state, createdAt: ticket.createdAt, priority: ticket.priority, status: status, now: time)
        }
        var state = apply(.created, TicketSLAState(), at: ticket.createdAt)
        for comment in comments where !comment.internal {
            state = apply(comment.authorID == customer ? .customerReplied : .staffReplied, state, at: comment.createdAt)
        }
        if ticket.status == .closed { state = apply(.closed, state, at: ticket.updatedAt, status: .closed) }
        return state
    }
}
