import Testing

@testable import Helpdesk

@Suite("Who gets which mail")
struct NotificationRulesTests {
    static let customer = MailRecipient(id: 1, username: "ada", email: "ada@x.test", isStaff: false, wantsMail: true)
    static let agent = MailRecipient(id: 2, username: "bob", email: "bob@x.test", isStaff: true, wantsMail: true)
    static let admin = MailRecipient(id: 3, username: "cy", email: "cy@x.test", isStaff: true, wantsMail: true)
    static let staff = [agent, admin]

    func mail(
        _ event: TicketMailEvent, by actor: Int?, assignee: MailRecipient? = nil,
        author: MailRecipient = customer, staff: [MailRecipient] = staff
    ) -> [String] {
        NotificationRules.deliveries(for: event, actorID: actor, author: author, assignee: assignee, staff: staff)
            .map { "\($0.recipient.username):\($0.kind.rawValue)\($0.isAuthor ? ":author" : "")" }
    }

    @Test("A new ticket: a receipt to its customer, and the assignee or else all staff")
    func created() {
        #expect(
            mail(.created(description: "d"), by: 1) == [
                "ada:ticket_received:author", "bob:ticket_created", "cy:ticket_created",
            ])
        #expect(
            mail(.created(description: "d"), by: 1, assignee: Self.agent) == [
                "ada:ticket_received:author", "bob:ticket_created",
            ])
        // Staff filing a ticket get no receipt, and no mail about their own action.
        #expect(mail(.created(description: "d"), by: 2, author: Self.agent) == ["cy:ticket_created"])
    }

    @Test("Replies: staff's go to the author; the author's to the assignee or all staff")
    func replies() {
        #expect(mail(.comment(text: "t", internal: false), by: 2) == ["ada:staff_reply:author"])
        #expect(mail(.comment(text: "t", internal: false), by: 1) == ["bob:customer_reply", "cy:customer_reply"])
        #expect(mail(.comment(text: "t", internal: false), by: 1, assignee: Self.admin) == ["cy:customer_reply"])
        // The assignee answering their own ticket's customer: only the customer hears.
        #expect(mail(.comment(text: "t", internal: false), by: 2, assignee: Self.agent) == ["ada:staff_reply:author"])
    }

    @Test("An internal note reaches the assignee only, and never someone who is not staff")
    func internalNotes() {
        #expect(mail(.comment(text: "t", internal: true), by: 3, assignee: Self.agent) == ["bob:internal_note"])
        #expect(mail(.comment(text: "t", internal: true), by: 2, assignee: Self.agent).isEmpty)
        #expect(mail(.comment(text: "t", internal: true), by: 3).isEmpty)
        // Even if the data says the assignee is a customer (a role changed after assignment).
        var demoted = Self.agent
        demoted.isStaff = false
        #expect(mail(.comment(text: "t", internal: true), by: 3, assignee: demoted).isEmpty)
        #expect(mail(.assigned(to: 2), by: 3, assignee: demoted).isEmpty)
    }

    @Test("Assignment goes to the new assignee; closing to the author; never about one's own action")
    func assignAndClose() {
        #expect(mail(.assigned(to: 2), by: 3, assignee: Self.agent) == ["bob:assigned"])
        #expect(mail(.assigned(to: 2), by: 2, assignee: Self.agent).isEmpty)
        #expect(mail(.closed, by: 2) == ["ada:closed:author"])
        #expect(mail(.closed, by: 1).isEmpty)
        #expect(mail(.closed, by: nil) == ["ada:closed:author"])
    }

    @Test("Nobody who turned notifications off gets ticket mail")
    func optOut() {
        var quiet = Self.customer
        quiet.wantsMail = false
        #expect(mail(.created(description: "d"), by: 1, author: quiet) == ["bob:ticket_created", "cy:ticket_created"])
        #expect(mail(.comment(text: "t", internal: false), by: 2, author: quiet).isEmpty)
        var quietAgent = Self.agent
        quietAgent.wantsMail = false
        #expect(mail(.assigned(to: 2), by: 3, assignee: quietAgent).isEmpty)
    }
}
