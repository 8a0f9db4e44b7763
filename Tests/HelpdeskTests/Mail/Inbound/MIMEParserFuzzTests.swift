import Foundation
import Testing

@testable import Helpdesk

@Suite("MIME parsing never crashes")
struct MIMEParserFuzzTests {
    static let corpus: [[UInt8]] = [
        InboundCorpus.gmailReply(), InboundCorpus.outlookReply(), InboundCorpus.outlookReply(history: .headerBlock),
        InboundCorpus.appleMailWithImage(), InboundCorpus.thunderbirdReply(), InboundCorpus.encodedWordSubject(),
        InboundCorpus.forwarded(), InboundCorpus.autoReply(), InboundCorpus.bounce(), InboundCorpus.htmlWithScript(),
    ]

    /// Bytes that mean something to a MIME parser, to splice in.
    static let pieces: [[UInt8]] =
        [
            "\r\n", "\n", "\r", "\r\n\r\n", "--", "--b", "--b--", ":", ";", "=", "=?", "?=", "=?UTF-8?B?", "=?x?Q?=",
            "\"", "\\", "<", ">", "(", ")", " ", "\t", "boundary=", "boundary=\"\"",
            "Content-Type: multipart/mixed; boundary=b",
            "Content-Type: message/rfc822", "Content-Transfer-Encoding: base64",
            "Content-Transfer-Encoding: quoted-printable",
            "filename*0*=UTF-8''%", "filename*=", "charset=iso-8859-15", "&#x", "<script>", "<head>", "<!--", "=\r\n",
            "=4",
        ].map { Array($0.utf8) } + [[0x00], [0x80], [0xFF], [0xC3], [0xE2, 0x82]]

    /// Truncations, flipped and random bytes, lost and repeated lines, spliced syntax, other boundaries,
    /// giant header lines and deeply nested multiparts, each from a corpus message; every result must be a
    /// message or a MIMEParseError.
    @Test("Fuzz: mutated corpus messages parse or fail with a reason")
    func mutations() {
        var random = SplitMix64(seed: SplitMix64.fuzzSeed)
        for _ in 0..<SplitMix64.fuzzCases(default: 2000) {
            var bytes = Self.corpus.randomElement(using: &random) ?? []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes = Self.mutate(bytes, using: &random)
            }
            check(bytes)
        }
    }

    @Test("Deep nesting, many parts and giant headers hit the limits and fail with a reason")
    func limits() {
        for depth in [9, 10, 11, 50, 500] {
            var lines = ["From: a@example.org"]
            for level in 0..<depth {
                lines += ["Content-Type: multipart/mixed; boundary=\"l\(level)\"", "", "--l\(level)"]
            }
            lines += ["", "deep"]
            let bytes = Array(lines.joined(separator: "\r\n").utf8)
            let result = Result { try MIMEParser.parse(bytes) }
            if depth <= 10 {
                #expect((try? result.get())?.text == "deep", "depth \(depth)")
            } else {
                #expect(throws: MIMEParseError.self) { try result.get() }
            }
        }
        let parts = (0..<300).map { "--b\r\n\r\npart \($0)\r\n" }.joined()
        #expect(throws: MIMEParseError.self) {
            try MIMEParser.parse(
                Array("From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\(parts)".utf8))
        }
        let giant = "X-Giant: " + String(repeating: "a", count: 300 * 1024)
        #expect(throws: MIMEParseError.self) {
            try MIMEParser.parse(Array("From: a@example.org\r\n\(giant)\r\n\r\nbody".utf8))
        }
        let folded = "X-Giant: a" + String(repeating: "\r\n a", count: 100_000)
        #expect(throws: MIMEParseError.self) {
            try MIMEParser.parse(Array("From: a@example.org\r\n\(folded)\r\n\r\nbody".utf8))
        }
    }

    @Test("A 30 MB message is refused by its size at once, before any of it is read")
    func oversized() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 30 * 1024 * 1024)
        let clock = ContinuousClock()
        var thrown: (any Error)?
        let elapsed = clock.measure {
            do { _ = try MIMEParser.parse(bytes) } catch { thrown = error }
        }
        let error = thrown as? MIMEParseError
        #expect(error?.description.contains("\(25 * 1024 * 1024)") == true, "\(String(describing: thrown))")
        #expect(elapsed < .seconds(1), "\(elapsed)")
    }

    private func check(_ bytes: [UInt8]) {
        do {
            let message = try MIMEParser.parse(bytes)
            #expect(!message.subject.contains { $0.isNewline })
            #expect(!message.text.unicodeScalars.contains { $0 == "\u{0}" || $0 == "\r" })
            #expect(message.text == message.text.trimmingCharacters(in: .whitespacesAndNewlines))
            _ = QuotedHistory.strip(message.text)
        } catch is MIMEParseError {
        } catch {
            Issue.record(
                "unexpected \(error) for \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
        }
    }

    private static func mutate(_ bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return pieces.randomElement(using: &random) ?? [] }
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<9, using: &random) {
        case 0:
            bytes.removeSubrange(index...)
        case 1:
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 2:
            bytes.insert(contentsOf: pieces.randomElement(using: &random) ?? [], at: index)
        case 3, 4:
            var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { Array($0) }
            let line = Int.random(in: 0..<lines.count, using: &random)
            if Bool.random(using: &random) {
                lines.remove(at: line)
            } else {
                lines.insert(lines[line], at: line)
            }
            bytes = Array(lines.joined(separator: [10]))
        case 5:
            let boundary = Array(
                String(decoding: random.bytes(Int.random(in: 0...6, using: &random)), as: UTF8.self).utf8)
            bytes.insert(contentsOf: Array("\r\n--".utf8) + boundary + [13, 10], at: index)
        case 6:
            let size = Int.random(in: 1...300, using: &random) * 1024
            bytes.insert(contentsOf: Array("X-Big: ".utf8) + [UInt8](repeating: 0x41, count: size) + [13, 10], at: 0)
        case 7:
            let depth = Int.random(in: 1...30, using: &random)
            let open = (0..<depth).map { "Content-Type: multipart/mixed; boundary=n\($0)\r\n\r\n--n\($0)\r\n" }.joined()
            bytes = Array("From: a@example.org\r\n\(open)".utf8) + bytes
        default:
            bytes += bytes.prefix(Int.random(in: 0..<min(bytes.count, 4096), using: &random))
        }
        return bytes
    }
}
