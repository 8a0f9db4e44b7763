import Foundation
import Testing

@testable import Helpdesk

@Suite("Multipart form parsing")
struct MultipartFormTests {
    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("A well-formed form gives its parts, names, file names and bytes")
    func wellFormed() throws {
        let body = Self.body(
            "preamble\r\n--XB\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--XB\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a \\\"b\\\".png\"\r\n"
                + "Content-Type: image/png\r\n\r\n\u{1}\u{2}\r\n--XB--\r\nepilogue")
        let parts = try MultipartForm.parse(body, boundary: "XB")
        #expect(parts.count == 2)
        #expect(parts[0].name == "note" && Array(parts[0].body) == Self.body("hello"))
        #expect(parts[1].name == "image" && parts[1].filename == "a \"b\".png")
        #expect(Array(parts[1].body) == [1, 2])
        #expect(parts[1].headers.map(\.name) == ["content-disposition", "content-type"])
    }

    @Test("RFC 5987 file names are decoded; a body that holds a near-boundary is kept whole")
    func extendedNamesAndNearBoundaries() throws {
        let body = Self.body(
            "--XB\r\nContent-Disposition: form-data; name=image; filename*=UTF-8''na%C3%AFve.png\r\n\r\n"
                + "a\r\n--XBx\r\n--X\r\n--XB--")
        let parts = try MultipartForm.parse(body, boundary: "XB")
        #expect(parts.first?.filename == "naïve.png")
        #expect(parts.first.map { String(decoding: $0.body, as: UTF8.self) } == "a\r\n--XBx\r\n--X")
    }

    @Test(
        "Malformed bodies are refused with a reason, never a trap",
        arguments: [
            "--XB\r\n\u{C2}\u{86}: x\r\n\r\nhello\r\n--XB--\r\n",  // the body that crashed multipart-kit
            "--XB\r\nContent-Disposition: form-data; name=image\r\n\r\nno end",
            "--XB\r\nno colon here\r\n\r\nx\r\n--XB--",
            "--XB\r\n: empty name\r\n\r\nx\r\n--XB--",
            "nothing with the boundary",
            "--XBgarbage\r\n\r\nx\r\n--XB--",
            "",
        ])
    func malformed(text: String) throws {
        #expect(throws: MultipartForm.Failure.self) {
            try MultipartForm.parse(Array(text.utf8), boundary: "XB")
        }
    }

    @Test("The exact bytes of the crash report are refused")
    func crashBytes() {
        let bytes: [UInt8] = Array("--XB\r\n".utf8) + [0xC2, 0x86] + Array(": x\r\n\r\nhello\r\n--XB--\r\n".utf8)
        #expect(throws: MultipartForm.Failure.self) { try MultipartForm.parse(bytes, boundary: "XB") }
    }

    @Test("Boundaries are checked: 1-70 allowed characters")
    func boundaries() throws {
        #expect(try MultipartForm.boundary(in: ["boundary": "----WebKitFormBoundary7MA4YWxk"]) != "")
        for bad in ["", String(repeating: "a", count: 71), "a\u{86}b", "ends with space ", "semi;colon"] {
            #expect(throws: MultipartForm.Failure.self) { try MultipartForm.boundary(in: ["boundary": bad]) }
        }
        #expect(throws: MultipartForm.Failure.self) { try MultipartForm.boundary(in: [:]) }
    }

    /// Random bytes in header names and values, boundaries and bodies; the parser must answer every one.
    @Test("Fuzz: thousands of random and mutated bodies parse or fail cleanly")
    func fuzz() {
        var random = SeededRandom(seed: SeededRandom.fuzzSeed)
        let valid = Self.body(
            "--XB\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n\u{89}PNG\r\n\u{1A}\n\r\n--XB--\r\n")
        let pieces: [[UInt8]] = [
            Self.body("--XB"), Self.body("\r\n"), Self.body("--"), Self.body(":"), Self.body("\r\n\r\n"),
            Self.body("Content-Disposition: form-data; name=\"image\""), Self.body("; filename*=UTF-8''%"),
            [0x00], [0x80], [0xC2, 0x86], [0xFF], Self.body("\""), Self.body("\\"),
        ]
        for _ in 0..<SeededRandom.fuzzCases(default: 3000) {
            var body: [UInt8]
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                body = random.bytes(Int.random(in: 0..<200, using: &random))
            case 1:
                body = (0..<Int.random(in: 1..<30, using: &random)).flatMap { _ in
                    pieces.randomElement(using: &random) ?? []
                }
            default:
                body = valid
                for _ in 0..<Int.random(in: 1..<6, using: &random) where !body.isEmpty {
                    let index = Int.random(in: 0..<body.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: body[index] = UInt8.random(in: 0...255, using: &random)
                    case 1: body.remove(at: index)
                    default: body.insert(contentsOf: pieces.randomElement(using: &random) ?? [], at: index)
                    }
                }
            }
            let boundary =
                Int.random(in: 0..<10, using: &random) == 0 ? String(decoding: random.bytes(4), as: UTF8.self) : "XB"
            _ = try? MultipartForm.parse(body, boundary: boundary)
            _ = try? MultipartForm.boundary(in: ["boundary": boundary])
        }
    }
}
