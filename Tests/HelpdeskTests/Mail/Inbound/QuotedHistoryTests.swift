import Foundation
import Testing

@testable import Helpdesk

@Suite("Quoted history cut from replies")
struct QuotedHistoryTests {
    @Test(
        "History starts at the markers the common clients write",
        arguments: [
            (
                "Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Helpdesk <support@example.com> wrote:\n> old\n> older",
                "Thanks!"
            ),
            ("Thanks!\n\nOn Mon, Mar 2, 2026 at 10:00 AM Helpdesk <support@example.com>\nwrote:\n\n> old", "Thanks!"),
            ("Thanks!\n\nOn Mon, Mar 2, 2026 at 10:00 AM Helpdesk <\nsupport@example.com> wrote:\n> old", "Thanks!"),
            ("Danke!\n\nAm 02.03.2026 um 10:00 schrieb Helpdesk <support@example.com>:\n> alt", "Danke!"),
            ("Merci !\n\nLe lun. 2 mars 2026 à 10:00, Helpdesk a écrit :\n> vieux", "Merci !"),
            ("Fixed.\n\n-----Original Message-----\nFrom: Helpdesk\nSent: Monday\nTo: Grace\n\nold", "Fixed."),
            ("Fixed.\n\n----- Original Message -----\nFrom: Helpdesk\nold", "Fixed."),
            (
                "Fixed.\n\nFrom: Helpdesk <support@example.com>\nSent: Monday, March 2, 2026\nTo: Grace\nSubject: x\n\nold",
                "Fixed."
            ),
            ("Fixed.\n\n*From:* Helpdesk\n*Date:* Monday\n*Subject:* x\n\nold", "Fixed."),
            ("Fixed.\n________________________________\nFrom: Helpdesk\nSent: Monday\nTo: Grace\n\nold", "Fixed."),
            ("Gut.\n\nVon: Helpdesk\nGesendet: Montag\nAn: Grace\nBetreff: x\n\nalt", "Gut."),
            ("Yes, please.\n\n> Shall we replace it?\n>\n> Helpdesk\n\n", "Yes, please."),
            ("Yes, please.\n\nHelpdesk wrote:\n> Shall we replace it?", "Yes, please."),
        ])
    func markers(reply: String, kept: String) {
        #expect(QuotedHistory.strip(reply) == kept)
    }

    @Test("The sender's signature stays, above or below the cut quote")
    func signatures() {
        #expect(
            QuotedHistory.strip("Thanks!\n-- \nAda Lovelace\nAnalytical Engines Ltd\n\nOn Mon, Helpdesk wrote:\n> old")
                == "Thanks!\n-- \nAda Lovelace\nAnalytical Engines Ltd")
        #expect(QuotedHistory.strip("Thanks!\n\n> old\n> older\n\n-- \nAda") == "Thanks!\n-- \nAda")
        #expect(QuotedHistory.strip("Thanks!\n\nOn Mon, Helpdesk wrote:\n> old\n\n-- \nAda") == "Thanks!\n\n-- \nAda")
        #expect(QuotedHistory.strip("Plain text\n-- \nsig only") == "Plain text\n-- \nsig only")
    }

    @Test("Text that is not history stays: answers between quotes, forwards, sentences that only look alike")
    func keeps() {
        let interleaved = "On Mon, Helpdesk wrote:\n> Which model?\nThe LaserJet 4.\n> Which floor?\nThe third."
        #expect(QuotedHistory.strip(interleaved) == interleaved)
        let trailing = "On Mon, Helpdesk wrote:\n> Which model?\nThe LaserJet 4.\n> Thanks, we will come."
        #expect(QuotedHistory.strip(trailing) == "On Mon, Helpdesk wrote:\n> Which model?\nThe LaserJet 4.")
        let forward =
            "FYI\n\n---------- Forwarded message ----------\nFrom: Billing <b@x.org>\nDate: Fri\nSubject: Invoice\nTo: Ada\n\nPay."
        #expect(QuotedHistory.strip(forward) == forward)
        let sentences = "On Monday the printer wrote garbage.\nFrom: the second tray.\nSent: nothing.\nDate: today"
        #expect(QuotedHistory.strip(sentences) == sentences)
        #expect(QuotedHistory.strip("a > b, and\n>this< is fine\nend") == "a > b, and\n>this< is fine\nend")
    }

    @Test("When everything would go, the original text stays, trimmed")
    func nothingLeft() {
        #expect(QuotedHistory.strip("\n> only a quote\n> more\n") == "> only a quote\n> more")
        #expect(QuotedHistory.strip("On Mon, Helpdesk wrote:\n> old") == "On Mon, Helpdesk wrote:\n> old")
        #expect(QuotedHistory.strip("   ") == "")
    }

    @Test("Thousands of attributions and quotes take time in proportion to the text")
    func linear() {
        let text = "Top\n" + String(repeating: "On Mon, Helpdesk wrote:\n> question\nanswer\n\n", count: 20_000)
        let clock = ContinuousClock()
        var stripped = ""
        let elapsed = clock.measure { stripped = QuotedHistory.strip(text) }
        #expect(stripped == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(elapsed < .seconds(10), "\(elapsed)")
    }

    @Test("CRLF and CR line breaks are read like LF")
    func lineBreaks() {
        #expect(QuotedHistory.strip("Thanks!\r\n\r\nOn Mon, Helpdesk wrote:\r\n> old") == "Thanks!")
        #expect(QuotedHistory.strip("Thanks!\r\r> old") == "Thanks!")
    }
}
