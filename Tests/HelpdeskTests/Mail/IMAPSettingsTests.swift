import Testing

@testable import Helpdesk

@Suite("IMAP_URL")
struct IMAPSettingsTests {
    @Test("imaps:// and imap:// with their default ports; credentials and mailbox percent-decoded")
    func parses() throws {
        let implicit = try IMAPSettings.parse("imaps://support%40example.com:p%3Ass%2Fw%40rd@mail.example.com/INBOX")
        #expect(
            implicit
                == IMAPSettings(
                    host: "mail.example.com", port: 993, security: .implicitTLS, username: "support@example.com",
                    password: "p:ss/w@rd", mailbox: "INBOX"))
        let startTLS = try IMAPSettings.parse("imap://u:p@mail.example.com:1143/Support%20Desk/Neu")
        #expect(startTLS.port == 1143)
        #expect(startTLS.security == .startTLS)
        #expect(startTLS.mailbox == "Support Desk/Neu")
        #expect(try IMAPSettings.parse("imap://u:p@mail.example.com").port == 143)
        #expect(try IMAPSettings.parse("imaps://u:p@mail.example.com").mailbox == "INBOX")
        #expect(try IMAPSettings.parse("imaps://u:p@mail.example.com/").mailbox == "INBOX")
        #expect(try IMAPSettings.parse("imaps://u:p@mail.example.com/Erledigt%20%E2%9C%93").mailbox == "Erledigt ✓")
    }

    @Test("The other settings start from their defaults")
    func defaults() throws {
        let settings = try IMAPSettings.parse("imaps://u:p@mail.example.com/INBOX")
        #expect(settings.pollInterval == 60)
        #expect(settings.maxFailures == 5)
        #expect(settings.doneMailbox == nil)
        #expect(settings.failedMailbox == nil)
        #expect(settings.caFile == nil)
    }

    @Test("tls=none is for this machine only")
    func plainOnlyToLoopback() throws {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "[::1]"] {
            let settings = try IMAPSettings.parse("imap://u:p@\(host):1143/INBOX?tls=none")
            #expect(settings.security == .plain, "\(host)")
        }
        for host in ["mail.example.com", "10.0.0.1", "[2001:db8::1]", "127.0.0.1.example.com", "127.evil.test"] {
            #expect("\(host)") {
                try IMAPSettings.parse("imap://u:p@\(host):1143/INBOX?tls=none")
            } throws: { error in
                error is SettingsError && "\(error)".contains("IMAP_URL") && "\(error)".contains("tls=none")
            }
        }
    }

    @Test("A bad URL names the setting, and never shows the password")
    func rejects() {
        for bad in [
            "mail.example.com", "http://u:p@mail.example.com/INBOX", "imaps://mail.example.com/INBOX",
            "imaps://u@mail.example.com/INBOX", "imaps://u:@mail.example.com/INBOX", "imaps://:p@mail.example.com",
            "imaps://u:p@/INBOX", "imaps://u:p@mail.example.com:0/INBOX", "imaps://u:p@127.0.0.1/INBOX?tls=none",
            "imap://u:p@mail.example.com/INBOX?tls=required", "imap://u:p@mail.example.com/IN%0ABOX",
            "imap://u:p@mail.example.com/%FF",
        ] {
            #expect("\(bad)") {
                try IMAPSettings.parse(bad)
            } throws: { error in
                error is SettingsError && "\(error)".contains("IMAP_URL")
            }
        }
        #expect {
            try IMAPSettings.parse("imap://u:hunter2@mail.example.com/INBOX?tls=none")
        } throws: { error in
            !"\(error)".contains("hunter2")
        }
    }
}
