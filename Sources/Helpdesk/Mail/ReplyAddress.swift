import Crypto
import Foundation

/// The per-ticket reply address, `support+7-<hmac>@example.com`: mail to it belongs to ticket 7. The
/// HMAC, keyed with a server secret, makes the address unguessable, so nobody can write into another
/// ticket by changing the number.
struct ReplyAddress: Sendable {
    /// 10 bytes (80 bits) of the HMAC: short enough for an address, far too many to guess.
    static let macByteCount = 10

    private let secret: [UInt8]
    private let base: MailAddress

    init(secret: [UInt8], base: MailAddress) {
        self.secret = secret
        self.base = base
    }

    func address(ticketID: Int) -> MailAddress {
        MailAddress(name: base.name, address: "\(base.localPart)+\(ticketID)-\(mac(ticketID))@\(base.domain)")
    }

    /// The ticket a reply went to, or nil when the address is not one of ours, is malformed or has a
    /// wrong HMAC. Mail systems may change the letter case of an address, so case does not count.
    func ticketID(from address: String) -> Int? {
        guard let parsed = try? MailAddress.parse(address),
            parsed.domain.lowercased() == base.domain.lowercased()
        else { return nil }
        let local = parsed.localPart.lowercased()
        let prefix = base.localPart.lowercased() + "+"
        guard local.utf8.starts(with: prefix.utf8) else { return nil }
        let tag = String(decoding: local.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
        let pieces = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return nil }
        let digits = pieces[0]
        let givenMac = pieces[1]
        // Only the digits this type writes: no sign, no leading zero, nothing an `Int` would overflow.
        guard digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let id = Int(digits), String(id) == digits,
            Self.constantTimeEqual(Array(givenMac.utf8), Array(mac(id).utf8))
        else { return nil }
        return id
    }

    private func mac(_ ticketID: Int) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Array("reply:\(ticketID)".utf8), using: SymmetricKey(data: secret))
        return Hex.lowercase(Array(code).prefix(Self.macByteCount))
    }

    /// Looks at every byte whatever it finds, so the time taken does not tell a guesser how many of the
    /// leading characters were right.
    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
