import Foundation

/// Deterministic demo content: the same seed gives the same tickets, so benchmark runs compare.
struct DemoData {
    static let password = "helpdesk-demo"

    struct Account {
        var username: String
        var email: String
        var role: Role
    }

    static let staff: [Account] = [
        Account(username: "admin", email: "admin@example.com", role: .admin),
        Account(username: "agent", email: "agent@example.com", role: .agent),
        Account(username: "agent2", email: "agent2@example.com", role: .agent),
        Account(username: "agent3", email: "agent3@example.com", role: .agent),
    ]

    /// Shared canned replies, with the placeholders the reply box fills in.
    static let cannedReplies: [(title: String, body: String)] = [
        (
            "Thanks, looking into it",
            "Hi {{customer.username}},\n\nthanks for reporting this. I am looking into ticket #{{ticket.id}} now "
                + "and will get back to you today.\n\n{{agent.username}}"
        ),
        (
            "Need more details",
            "Hi {{customer.username}},\n\ncould you tell us which browser and version you use, and send a "
                + "screenshot of the error?\n\n{{agent.username}}"
        ),
        (
            "Fixed, closing",
            "Hi {{customer.username}},\n\nthe problem in \"{{ticket.title}}\" is fixed. Reply to this message if it "
                + "comes back and the ticket reopens.\n\n{{agent.username}}"
        ),
    ]

    static func customer(_ number: Int) -> Account {
        number == 1
            ? Account(username: "customer", email: "customer@example.com", role: .customer)
            : Account(username: "customer\(number)", email: "customer\(number)@example.com", role: .customer)
    }

    /// One customer per 200 tickets, at least 5 and at most 5,000.
    static func customerCount(forTickets tickets: Int) -> Int {
        min(5000, max(5, tickets / 200))
    }

    private static let subjects = [
        "printer", "invoice", "password", "login", "email", "laptop", "vpn", "report", "dashboard", "export",
        "upload", "screenshot", "payment", "refund", "account", "billing", "calendar", "sync", "mobile", "app",
        "browser", "network", "wifi", "monitor", "keyboard", "license", "backup", "database", "server", "api",
    ]
    private static let problems = [
        "does not load", "crashes on start", "is very slow", "shows an error", "cannot be opened",
        "stopped working", "keeps asking for a password", "times out", "looks broken", "lost my data",
    ]
    private static let fillers = [
        "since this morning", "after the last update", "on every attempt", "for the whole team", "only on Mondays",
        "when I use the mobile app", "in the new office", "after a restart", "with a large file", "intermittently",
    ]
    private static let replies = [
        "Thanks for the report, we are looking into it.", "Could you send a screenshot of the error?",
        "This should be fixed now; please try again.", "We have escalated this to the platform team.",
        "Restarting the app cleared it for me, thank you!", "Still happening here, see the attached details.",
    ]

    /// Staff's tags, the first ones common and the last rare, so that benchmarks filter by both.
    static let tagWeights: [(tag: String, percent: Int)] = [
        ("billing", 20), ("bug", 12), ("hardware", 8), ("vip", 4), ("onboarding", 3), ("refund", 2),
        ("escalated", 1),
    ]

    /// A ticket's tags, from its id alone (not from the main sequence, so that adding tags left the
    /// seeded tickets as they were): each tag by its own chance.
    static func tags(forTicket id: Int) -> [String] {
        var random = SplitMix64(seed: UInt64(id) &* 0x9E37_79B9_7F4A_7C15 ^ 0x7461_6773)
        return tagWeights.filter { Int(random.next() % 100) < $0.percent }.map(\.tag).sorted()
    }

    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func ticketText(number: Int) -> (title: String, description: String) {
        let subject = pick(Self.subjects)
        let title = "\(subject.capitalized) \(pick(Self.problems)) \(pick(Self.fillers))"
        let description =
            "Ticket \(number): the \(subject) \(pick(Self.problems)) \(pick(Self.fillers)). "
            + "The \(pick(Self.subjects)) and the \(pick(Self.subjects)) are fine, but it \(pick(Self.problems)). "
            + "Steps: open the \(pick(Self.subjects)), wait, and it \(pick(Self.problems))."
        return (title, description)
    }

    mutating func status() -> TicketStatus {
        switch below(100) {
        case 0..<30: .open
        case 30..<45: .inProgress
        default: .closed
        }
    }

    mutating func priority() -> TicketPriority {
        switch below(100) {
        case 0..<15: .low
        case 15..<75: .normal
        case 75..<95: .high
        default: .urgent
        }
    }

    mutating func reply() -> String { pick(Self.replies) }
}
