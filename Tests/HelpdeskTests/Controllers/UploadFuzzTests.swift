import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// The upload route against malformed multipart bodies: every answer is a 4xx (or a 201 for a real
/// image), and the server goes on serving. A trap would end this test process.
@Suite("Upload fuzzing")
struct UploadFuzzTests {
    typealias Upload = (_ body: ByteBuffer, _ boundary: String) async throws -> TestingHTTPResponse

    /// A customer's own ticket to upload to, and a way to send a raw body there.
    func withUploads(_ test: (Application, Upload) async throws -> Void) async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let ticket = try await app.makeTicket(by: customer)
            try await test(app) { body, boundary in
                try await app.send(
                    .POST, "/api/tickets/\(ticket.id)/images", as: customer,
                    headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
            }
        }
    }

    @Test("The body that crashed the server is a 400 with a reason, and the server keeps serving")
    func crashRegression() async throws {
        try await withUploads { app, upload in
            var body = ByteBuffer()
            body.writeString("--XB\r\n")
            body.writeBytes([0xC2, 0x86])
            body.writeString(": x\r\n\r\nhello\r\n--XB--\r\n")
            let res = try await upload(body, "XB")
            #expect(res.status == .badRequest)
            #expect(res.reason?.contains("header name") == true)
            #expect(try await app.send(.GET, "/api/health").status == .ok)
        }
    }

    @Test("Random part headers, boundaries and bodies through the route: never a 5xx")
    func fuzzRoute() async throws {
        try await withUploads { app, upload in
            var random = SeededRandom(seed: SeededRandom.fuzzSeed)
            let headerNames = ["Content-Disposition", "Content-Type", "X-\u{86}", "\u{C2}\u{86}", "", "A B", "Ä"]
            for _ in 0..<SeededRandom.fuzzCases(default: 400) {
                let boundary =
                    ["XB", "a b", "\"XB\"", String(repeating: "b", count: 80), ""].randomElement(
                        using: &random) ?? "XB"
                var body = ByteBuffer()
                body.writeString("--XB\r\n")
                for _ in 0..<Int.random(in: 0..<4, using: &random) {
                    body.writeString(headerNames.randomElement(using: &random) ?? "")
                    body.writeBytes(random.bytes(Int.random(in: 0..<3, using: &random)))
                    body.writeString(": form-data; name=\"image\"; filename=\"")
                    body.writeBytes(random.bytes(Int.random(in: 0..<8, using: &random)))
                    body.writeString("\"\r\n")
                }
                body.writeString("\r\n")
                body.writeBytes(
                    Bool.random(using: &random) ? SampleImage.png : random.bytes(Int.random(in: 0..<64, using: &random))
                )
                if Bool.random(using: &random) { body.writeString("\r\n--XB--\r\n") }
                let res = try await upload(body, boundary)
                #expect(res.status.code < 500 && res.status != .ok, "\(res.status)")
                if res.status != .created { #expect(res.reason?.isEmpty == false) }
            }
            #expect(try await app.send(.GET, "/api/health").status == .ok)
        }
    }
}
