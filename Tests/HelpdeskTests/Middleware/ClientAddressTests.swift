import Testing

@testable import Helpdesk

@Suite("The client's address behind a proxy")
struct ClientAddressTests {
    @Test("X-Forwarded-For counts only from a trusted proxy, and only its right-most untrusted entry")
    func resolve() {
        let trusted: Set<String> = ["10.0.0.1", "10.0.0.2"]
        #expect(
            ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"], trusted: trusted) == "203.0.113.9")
        #expect(
            ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: ["198.51.100.7"], trusted: trusted) == "198.51.100.7")
        // The client wrote a fake address first; the proxy appended the one it saw.
        #expect(
            ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.7"], trusted: trusted)
                == "198.51.100.7")
        // Two proxies in a row.
        #expect(
            ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: ["198.51.100.7", "10.0.0.2"], trusted: trusted)
                == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: [], trusted: trusted) == "10.0.0.1")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: ["1.1.1.1"], trusted: []) == "10.0.0.1")
    }
}
