import Foundation
import Testing

@testable import Helpdesk

@Suite("RFC 2047 encoded words and header safety")
struct EncodedWordTests {
    @Test(
        "Printable ASCII is left as it is",
        arguments: ["Printer on fire", "", "[#12] Re: a=b? (urgent!)", "  spaced  out  "])
    func asciiUnchanged(text: String) {
        #expect(EncodedWord.encode(text) == text)
    }

    @Test("Non-ASCII becomes a UTF-8 base64 encoded word")
    func knownWord() {
        #expect(EncodedWord.encode("Zoë") == "=?UTF-8?B?Wm/Dqw==?=")
        #expect(EncodedWord.encode("Zoë Ä") == "=?UTF-8?B?Wm/DqyDDhA==?=")
    }

    @Test("ASCII a mail reader would misread, or that cannot fold to short lines, is encoded too")
    func asciiThatMustBeEncoded() throws {
        for text in [
            "=?UTF-8?B?SGk=?=", String(repeating: "w", count: 76), "a" + String(repeating: " ", count: 76) + "b",
        ] {
            let encoded = EncodedWord.encode(text)
            #expect(encoded.hasPrefix("=?UTF-8?B?"))
            #expect(MailDecoding.encodedWords(encoded) == text)
        }
        #expect(EncodedWord.encode(String(repeating: "w", count: 75)) == String(repeating: "w", count: 75))
    }

    @Test("Long text becomes several words of at most 75 characters, none splitting a character")
    func longText() throws {
        let text = String(repeating: "😀", count: 40) + " und Grüße"
        let encoded = EncodedWord.encode(text)
        let words = encoded.split(separator: " ")
        #expect(words.count >= 4)
        for word in words {
            #expect(word.count <= 75)
            // Each word decodes to whole UTF-8 on its own (the decoder returns nil otherwise).
            #expect(MailDecoding.encodedWords(String(word)) != nil, "\(word)")
        }
        #expect(MailDecoding.encodedWords(encoded) == text)
    }

    @Test("Seeded random header texts encode to ASCII that decodes back")
    func roundTrip() {
        var random = SplitMix64(seed: SplitMix64.fuzzSeed)
        for _ in 0..<SplitMix64.fuzzCases(default: 300) {
            let text = EncodedWord.headerSafe(MailDecoding.randomText(using: &random))
            let encoded = EncodedWord.encode(text)
            #expect(encoded.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "\(text.debugDescription)")
            if encoded != text {
                #expect(MailDecoding.encodedWords(encoded) == text, "\(text.debugDescription)")
                #expect(encoded.split(separator: " ").allSatisfy { $0.count <= 75 }, "\(text.debugDescription)")
            }
        }
    }

    @Test("headerSafe turns line breaks and other control characters into spaces and keeps the rest")
    func headerSafe() {
        #expect(EncodedWord.headerSafe("Hi\r\nBcc: victim@example.org") == "Hi  Bcc: victim@example.org")
        #expect(EncodedWord.headerSafe("a\rb\nc\td\u{0}e\u{7F}f\u{85}g\u{2028}h\u{2029}i") == "a b c d e f g h i")
        #expect(EncodedWord.headerSafe("Grüße — 😀 e\u{301}") == "Grüße — 😀 e\u{301}")
    }
}
