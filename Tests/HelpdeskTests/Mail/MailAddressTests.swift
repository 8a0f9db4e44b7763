import Foundation
import Testing

@testable import Helpdesk

@Suite("Mail addresses")
struct MailAddressTests {
    @Test("The forms MAIL_FROM and mail headers use are read")
    func parsesForms() throws {
        #expect(
            try MailAddress.parse("Helpdesk <support@example.com>")
                == MailAddress(name: "Helpdesk", address: "support@example.com"))
        #expect(try MailAddress.parse("\"Help, Desk\" <a@b.c>") == MailAddress(name: "Help, Desk", address: "a@b.c"))
        #expect(try MailAddress.parse("support@example.com") == MailAddress(address: "support@example.com"))
        #expect(try MailAddress.parse("  <a@b.c>  ") == MailAddress(address: "a@b.c"))
        #expect(try MailAddress.parse("\"\" <a@b.c>") == MailAddress(address: "a@b.c"))
        #expect(
            try MailAddress.parse(#""Say \"hi\" \\o/" <a@b.c>"#)
                == MailAddress(name: #"Say "hi" \o/"#, address: "a@b.c"))
        #expect(try MailAddress.parse("Helpdesk <helpdesk@localhost>").domain == "localhost")
        #expect(try MailAddress.parse("x@LocalHost").address == "x@LocalHost")
    }

    @Test(
        "Implausible addresses are refused with a reason",
        arguments: [
            "", "   ", "no-at-sign", "two@at@example.com", "@example.com", "user@", "user@nodot", "user@.com",
            "user@example.", "user@exa..mple.com", "us er@example.com", "user@example.com\r\nBcc: x@y.z",
            "user\n@example.com", "<user@example.com", "Name <user@example.com", "user@example.com>",
            "Name <<user@example.com>", "\"Unclosed <user@example.com>", "\"Bad \"quote\" <user@example.com>",
            "\"Escaped end\\\" <user@example.com>", "a\u{0}b@example.com",
            String(repeating: "l", count: 65) + "@example.com",
            "u@" + String(repeating: "d", count: 250) + ".com",
        ])
    func refusesImplausible(text: String) {
        #expect(throws: MailAddressError.self) { try MailAddress.parse(text) }
        do {
            _ = try MailAddress.parse(text)
        } catch let error as MailAddressError {
            #expect(!error.description.isEmpty)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("The local part and the domain are the two sides of the '@'")
    func parts() throws {
        let address = try MailAddress.parse("Helpdesk <support+tag@mail.example.com>")
        #expect(address.localPart == "support+tag")
        #expect(address.domain == "mail.example.com")
    }

    @Test("headerValue: the address alone, a plain name, a quoted name, or encoded words")
    func headerValue() {
        #expect(MailAddress(address: "a@b.c").headerValue == "a@b.c")
        #expect(MailAddress(name: "  ", address: "a@b.c").headerValue == "a@b.c")
        #expect(
            MailAddress(name: "Helpdesk", address: "support@example.com").headerValue
                == "Helpdesk <support@example.com>")
        #expect(MailAddress(name: "Ada O'Neil", address: "a@b.c").headerValue == "Ada O'Neil <a@b.c>")
        #expect(MailAddress(name: "Help, Desk", address: "a@b.c").headerValue == "\"Help, Desk\" <a@b.c>")
        #expect(MailAddress(name: "A. Lovelace", address: "a@b.c").headerValue == "\"A. Lovelace\" <a@b.c>")
        #expect(MailAddress(name: #"Say "hi" \o/"#, address: "a@b.c").headerValue == #""Say \"hi\" \\o/" <a@b.c>"#)
        #expect(MailAddress(name: "Zoë", address: "a@b.c").headerValue == "=?UTF-8?B?Wm/Dqw==?= <a@b.c>")
    }

    @Test("A line break in a name cannot start a header of its own")
    func nameInjection() {
        let value = MailAddress(name: "Eve\r\nBcc: victim@example.org", address: "eve@example.org").headerValue
        #expect(!value.contains("\r") && !value.contains("\n"))
        #expect(value.hasSuffix(" <eve@example.org>"))
    }

    @Test("A name written by headerValue reads back the same")
    func roundTrip() throws {
        for name in ["Helpdesk", "Help, Desk", #"Say "hi" \o/"#, "a <b> [c]: d; e@f", "O'Neil (Ops)"] {
            let address = MailAddress(name: name, address: "support@example.com")
            #expect(try MailAddress.parse(address.headerValue) == address)
        }
    }
}
