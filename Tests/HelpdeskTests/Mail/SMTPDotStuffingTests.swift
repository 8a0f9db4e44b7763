import Foundation
import Testing

@testable import Helpdesk

@Suite("SMTP DATA dot-stuffing")
struct SMTPDotStuffingTests {
    @Test(
        "Leading dots are doubled, line breaks become CRLF, and the block ends with CRLF . CRLF",
        arguments: [
            ("Hello\n.hidden\n..two\nend", "Hello\r\n..hidden\r\n...two\r\nend\r\n.\r\n"),
            ("a\r\n", "a\r\n.\r\n"),
            (".", "..\r\n.\r\n"),
            ("a\rb", "a\r\nb\r\n.\r\n"),
            ("a\n\n", "a\r\n\r\n.\r\n"),
            ("not.at.start\n x.", "not.at.start\r\n x.\r\n.\r\n"),
            (".\u{301}combining", "..\u{301}combining\r\n.\r\n"),
            ("", ".\r\n"),
        ])
    func known(message: String, block: String) {
        #expect(SMTPDotStuffing.dataBlock(message) == block)
    }

    @Test("On random messages only the last line is a lone dot, and removing the stuffing gives the message")
    func roundTrip() throws {
        var random = SplitMix64(seed: SplitMix64.fuzzSeed)
        for _ in 0..<SplitMix64.fuzzCases(default: 300) {
            let message = MailDecoding.randomText(using: &random)
            let block = SMTPDotStuffing.dataBlock(message)
            let lines = try #require(MailDecoding.crlfLines(block)).map { Array($0) }
            // "x\r\n.\r\n" splits into ["x", ".", ""].
            #expect(lines.last == [])
            #expect(lines.dropLast().last == [UInt8(ascii: ".")])
            let content = lines.dropLast(2)
            #expect(!content.contains(where: { $0 == [UInt8(ascii: ".")] }), "\(message.debugDescription)")
            let unstuffed = content.map { $0.first == UInt8(ascii: ".") ? Array($0.dropFirst()) : $0 }
            var expected = MailDecoding.crlf(message)
            if !expected.isEmpty && !expected.hasSuffix("\r\n") { expected += "\r\n" }
            let rebuilt = unstuffed.map { String(decoding: $0, as: UTF8.self) + "\r\n" }.joined()
            #expect(rebuilt == expected, "\(message.debugDescription)")
        }
    }
}
