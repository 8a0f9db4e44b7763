import Foundation
import Testing

@testable import Helpdesk

@Suite("Per-ticket reply addresses")
struct ReplyAddressTests {
    static let secret = Array("test-secret".utf8)
    static let base = MailAddress(name: "Helpdesk", address: "support@example.com")
    static let replies = ReplyAddress(secret: secret, base: base)
    /// HMAC-SHA256(key "test-secret", "reply:7"), its first 10 bytes, worked out outside Swift.
    static let macOf7 = "fe476d6f8f2cb43947fb"

    @Test("The address is <local>+<id>-<first 10 bytes of the HMAC in hex>@<domain>, with the sender's name")
    func knownAddress() {
        let address = Self.replies.address(ticketID: 7)
        #expect(address.address == "support+7-\(Self.macOf7)@example.com")
        #expect(address.name == "Helpdesk")
    }

    @Test("Round trip", arguments: [1, 7, 42, 1_000_000, Int.max])
    func roundTrip(id: Int) {
        let address = Self.replies.address(ticketID: id)
        #expect(Self.replies.ticketID(from: address.address) == id)
        #expect(Self.replies.ticketID(from: address.headerValue) == id)
    }

    @Test("Any change to the HMAC is refused")
    func wrongMac() {
        #expect(Self.replies.ticketID(from: "support+7-\(Self.macOf7)@example.com") == 7)
        for index in Self.macOf7.indices {
            var mac = Self.macOf7
            mac.replaceSubrange(index...index, with: mac[index] == "0" ? "1" : "0")
            #expect(Self.replies.ticketID(from: "support+7-\(mac)@example.com") == nil, "\(mac)")
        }
        #expect(Self.replies.ticketID(from: "support+8-\(Self.macOf7)@example.com") == nil)
        #expect(Self.replies.ticketID(from: "support+7-\(Self.macOf7.dropLast(2))@example.com") == nil)
        #expect(Self.replies.ticketID(from: "support+7-\(Self.macOf7)00@example.com") == nil)
    }

    @Test(
        "Another domain or local part is refused",
        arguments: [
            "support+7-fe476d6f8f2cb43947fb@example.org", "support+7-fe476d6f8f2cb43947fb@mail.example.com",
            "help+7-fe476d6f8f2cb43947fb@example.com", "xsupport+7-fe476d6f8f2cb43947fb@example.com",
            "support+7-fe476d6f8f2cb43947fb@example.com.evil.org",
        ])
    func otherMailbox(address: String) {
        #expect(Self.replies.ticketID(from: address) == nil)
    }

    @Test("Letter case does not matter, in the address or in MAIL_FROM")
    func caseInsensitive() {
        #expect(Self.replies.ticketID(from: "SUPPORT+7-\(Self.macOf7.uppercased())@EXAMPLE.COM") == 7)
        let mixed = ReplyAddress(secret: Self.secret, base: MailAddress(address: "Support@Example.COM"))
        #expect(mixed.ticketID(from: "support+7-\(Self.macOf7)@example.com") == 7)
    }

    @Test("An address made with another secret is refused")
    func otherSecret() {
        let other = ReplyAddress(secret: Array("another-secret".utf8), base: Self.base)
        let address = other.address(ticketID: 7).address
        #expect(other.ticketID(from: address) == 7)
        #expect(Self.replies.ticketID(from: address) == nil)
    }

    @Test(
        "Malformed addresses are refused",
        arguments: [
            "", "support@example.com", "support+7@example.com", "support+7-@example.com",
            "support+-fe476d6f8f2cb43947fb@example.com", "support+07-fe476d6f8f2cb43947fb@example.com",
            "support++7-fe476d6f8f2cb43947fb@example.com", "support+7-fe476d6f8f2cb43947fb-x@example.com",
            "support+x7-fe476d6f8f2cb43947fb@example.com", "support+7-fe476d6f8f2cb43947fb",
            "support+7-fe476d6f8f2cb43947fb@example.com extra", "support+٧-fe476d6f8f2cb43947fb@example.com",
        ])
    func malformed(address: String) {
        #expect(Self.replies.ticketID(from: address) == nil)
    }
}
