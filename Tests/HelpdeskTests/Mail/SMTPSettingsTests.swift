import Testing

@testable import Helpdesk

@Suite("SMTP_URL")
struct SMTPSettingsTests {
    @Test("Plain, STARTTLS-required and implicit-TLS URLs, with credentials")
    func parses() throws {
        let plain = try SMTPSettings.parse("smtp://127.0.0.1:2525")
        #expect(plain == SMTPSettings(host: "127.0.0.1", port: 2525, security: .startTLS(required: false)))
        let required = try SMTPSettings.parse("smtp://me%40x.test:p%3Ass@mail.x.test?tls=required")
        #expect(required.port == 25)
        #expect(required.security == .startTLS(required: true))
        #expect(required.username == "me@x.test")
        #expect(required.password == "p:ss")
        let implicit = try SMTPSettings.parse("smtps://u:p@mail.x.test")
        #expect(implicit.port == 465)
        #expect(implicit.security == .implicitTLS)
    }

    @Test("A bad URL names the setting, and never shows the password")
    func rejects() {
        for bad in [
            "ftp://x", "smtp://", "smtp:///", "mail.example.com", "smtp://h:0", "smtp://h?tls=maybe",
            "smtp://h/path", "smtp://user@h", "smtps://h?tls=required",
        ] {
            #expect {
                try SMTPSettings.parse(bad)
            } throws: { error in
                "\(error)".contains("SMTP_URL")
            }
        }
        #expect {
            try SMTPSettings.parse("smtp://u:hunter2@h?tls=bogus")
        } throws: { error in
            !"\(error)".contains("hunter2")
        }
    }

    @Test("MAIL_RETRY_SECONDS takes positive delays")
    func retryDelays() throws {
        #expect(try MailSettings.retryDelays(nil) == MailSettings.defaultRetryDelays)
        #expect(try MailSettings.retryDelays("1, 2.5,3") == [1, 2.5, 3])
        for bad in ["0", "-1", "x", "1,,2", "999999999"] {
            #expect(throws: SettingsError.self) { try MailSettings.retryDelays(bad) }
        }
    }
}
