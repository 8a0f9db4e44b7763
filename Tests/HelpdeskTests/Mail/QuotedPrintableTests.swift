import Foundation
import Testing

@testable import Helpdesk

@Suite("Quoted-printable bodies")
struct QuotedPrintableTests {
    @Test(
        "Known texts encode as RFC 2045 §6.7 says",
        arguments: [
            ("plain text", "plain text"),
            ("a=b", "a=3Db"),
            ("café", "caf=C3=A9"),
            ("end \nnext", "end=20\r\nnext"),
            ("tab\t", "tab=09"),
            ("inner \t space", "inner \t space"),
            ("one\r\ntwo\rthree\nfour", "one\r\ntwo\r\nthree\r\nfour"),
            ("ends with a break\n", "ends with a break\r\n"),
            ("\n\n", "\r\n\r\n"),
            ("", ""),
            ("bell\u{7}", "bell=07"),
            (". dot", ". dot"),
        ])
    func knownTexts(text: String, encoded: String) {
        #expect(QuotedPrintable.encode(text) == encoded)
    }

    @Test("A long line gets soft breaks: 75 characters and '=' on each line but the last")
    func softBreaks() {
        let encoded = QuotedPrintable.encode(String(repeating: "a", count: 200))
        let a = { (count: Int) in String(repeating: "a", count: count) }
        #expect(encoded == a(75) + "=\r\n" + a(75) + "=\r\n" + a(50))
    }

    @Test("A line of exactly 76 characters needs no soft break; 77 does")
    func lineLengthEdge() {
        #expect(QuotedPrintable.encode(String(repeating: "b", count: 76)) == String(repeating: "b", count: 76))
        #expect(
            QuotedPrintable.encode(String(repeating: "b", count: 77))
                == String(repeating: "b", count: 75) + "=\r\n" + "bb")
    }

    @Test("An =XX is never split by a soft break")
    func triplesStayWhole() {
        // 60 bytes of 'é' are 60 triples: 25 fit before a soft break (75 + '=' = 76 columns).
        let encoded = QuotedPrintable.encode(String(repeating: "é", count: 30))
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.count == 3)
        #expect(lines.map(\.count) == [76, 76, 30])
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") })
        #expect(MailDecoding.quotedPrintable(encoded) == String(repeating: "é", count: 30))
    }

    @Test("White space before a soft break stays literal; only a line's last one is encoded")
    func spaceAtSoftBreak() {
        let text = String(repeating: "c", count: 74) + "  d "
        let encoded = QuotedPrintable.encode(text)
        #expect(encoded == String(repeating: "c", count: 74) + " =\r\n d=20")
        #expect(MailDecoding.quotedPrintable(encoded) == text)
    }

    @Test("Seeded random texts round-trip; every line is ASCII, at most 76 characters, and CRLF-ended")
    func roundTrip() throws {
        var random = SplitMix64(seed: SplitMix64.fuzzSeed)
        for _ in 0..<SplitMix64.fuzzCases(default: 500) {
            let text = MailDecoding.randomText(using: &random)
            let encoded = QuotedPrintable.encode(text)
            #expect(encoded.utf8.allSatisfy { $0 < 0x80 }, "\(text.debugDescription)")
            let lines = try #require(MailDecoding.crlfLines(encoded), "bare CR or LF for \(text.debugDescription)")
            #expect(lines.allSatisfy { $0.count <= 76 }, "\(text.debugDescription)")
            // A MIME boundary starting with "=_" can never appear in the body.
            #expect(!encoded.contains("=_"), "\(text.debugDescription)")
            #expect(MailDecoding.quotedPrintable(encoded) == MailDecoding.crlf(text), "\(text.debugDescription)")
        }
    }

    @Test("The test decoder refuses what the encoder must never write")
    func strictDecoder() {
        #expect(MailDecoding.quotedPrintable("a=3Db") == "a=b")
        #expect(MailDecoding.quotedPrintable("split =C\r\n3") == nil)
        #expect(MailDecoding.quotedPrintable("lower =c3=a9") == nil)
        #expect(MailDecoding.quotedPrintable("trailing \r\nspace") == nil)
        #expect(MailDecoding.quotedPrintable("bare\nLF") == nil)
        #expect(MailDecoding.quotedPrintable(String(repeating: "x", count: 77)) == nil)
        #expect(MailDecoding.quotedPrintable("raw é") == nil)
    }
}
