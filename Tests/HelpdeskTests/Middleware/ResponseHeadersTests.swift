import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Response headers and bad input")
struct ResponseHeadersTests {
    @Test("Every response carries the security headers and a request id, errors included")
    func securityHeaders() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser()
            let responses = [
                try await app.send(.GET, "/api/health"),
                try await app.send(.GET, "/api/tickets", as: user),
                try await app.send(.GET, "/api/tickets"),
                try await app.send(.GET, "/api/nope", as: user),
                try await app.send(
                    .POST, "/api/tickets", as: user, headers: ["Content-Type": "application/json"],
                    body: .init(string: "{")),
            ]
            for res in responses {
                let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("default-src 'self'"))
                #expect(csp.contains("img-src 'self' blob: data:"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "Referrer-Policy") == "no-referrer")
                #expect(res.headers.first(name: "X-Request-Id")?.isEmpty == false)
                #expect(res.headers.first(name: "Access-Control-Allow-Origin") == nil)
                #expect(res.headers.contentType == .json)
            }
            let echoed = try await app.send(.GET, "/api/health", headers: ["X-Request-Id": "abc-123"])
            #expect(echoed.headers.first(name: "X-Request-Id") == "abc-123")
            let forged = try await app.send(.GET, "/api/health", headers: ["X-Request-Id": "bad id\" injected"])
            #expect(forged.headers.first(name: "X-Request-Id") != "bad id\" injected")
        }
    }

    @Test("Malformed bodies are 4xx with a reason, never 500")
    func badBodies() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser()
            let ticket = try await app.makeTicket(by: user)
            let json: HTTPHeaders = ["Content-Type": "application/json"]
            let cases: [(HTTPMethod, String, HTTPHeaders, ByteBuffer?, HTTPStatus)] = [
                (.POST, "/api/tickets", json, .init(string: "{not json"), .badRequest),
                (.POST, "/api/tickets", json, .init(string: "[1,2]"), .badRequest),
                (.POST, "/api/tickets", json, .init(string: #"{"title": 5, "description": "d"}"#), .badRequest),
                (.POST, "/api/tickets", json, .init(string: #"{"title": "t"}"#), .badRequest),
                (.POST, "/api/tickets", json, .init(string: #"{"title": null, "description": "d"}"#), .badRequest),
                (.POST, "/api/tickets", json, .init(bytes: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]), .badRequest),
                (.POST, "/api/tickets", json, nil, .badRequest),
                (.POST, "/api/tickets", ["Content-Type": "text/plain"], .init(string: "hello"), .unsupportedMediaType),
                (.PATCH, "/api/tickets/\(ticket.id)", json, .init(string: #"{"assignee_id": 1e400}"#), .badRequest),
                (
                    .PATCH, "/api/tickets/\(ticket.id)", json,
                    .init(string: #"{"assignee_id": 99999999999999999999}"#), .badRequest
                ),
                (.PATCH, "/api/tickets/\(ticket.id)", json, .init(string: #"{"assignee_id": "7"}"#), .badRequest),
                (.PATCH, "/api/tickets/99999999999999999999", json, .init(string: "{}"), .notFound),
                (.GET, "/api/tickets/-1", [:], nil, .notFound),
                (.POST, "/api/auth/login", json, .init(string: #"{"email": ["a"], "password": "x"}"#), .badRequest),
                (
                    .POST, "/api/auth/login", json, .init(string: #"{"email": "a\u0000b@x.test", "password": "x"}"#),
                    .badRequest
                ),
                (
                    .POST, "/api/tickets", json, .init(string: #"{"title": "a\u0000b", "description": "d"}"#),
                    .badRequest
                ),
                (
                    .POST, "/api/tickets", ["Content-Type": "application/x-www-form-urlencoded"],
                    .init(string: "title=a"), .unsupportedMediaType
                ),
            ]
            // An escaped backslash followed by "u0000" is ordinary text.
            let literal = try await app.send(
                .POST, "/api/tickets", as: user, headers: json,
                body: .init(string: #"{"title": "C:\\u0000dir", "description": "d"}"#))
            #expect(literal.status == .created)
            #expect(try literal.decode(TicketResponse.self).title == #"C:\u0000dir"#)
            for (method, path, headers, body, expected) in cases {
                let res = try await app.send(method, path, as: user, headers: headers, body: body)
                #expect(res.status == expected, "\(method) \(path) \(body.map { String(buffer: $0) } ?? "")")
                #expect(res.reason?.isEmpty == false)
            }
        }
    }

    @Test("A 10 MB JSON body is refused with 413 before it is read (over a real socket)")
    func oversizedBody() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser()
            let huge = #"{"title": "t", "description": ""# + String(repeating: "x", count: 10 * 1024 * 1024) + #""}"#
            var headers = user.auth
            headers.contentType = .json
            let res = try await app.testing(method: .running(port: try freePort()))
                .sendRequest(.POST, "/api/tickets", headers: headers, body: .init(string: huge))
            #expect(res.status == .payloadTooLarge)
            #expect(try await app.count("tickets") == 0)
        }
    }
}

@Suite("Timestamps")
struct TimestampTests {
    /// The hand-written formatter against Foundation's, over seeded random instants from 1583 (Foundation
    /// switches to the Julian calendar before October 1582) to 9999, and the millisecond boundaries
    /// around the epoch and leap days.
    @Test("iso8601WithMilliseconds agrees with Foundation's ISO 8601 format, to the millisecond")
    func agreesWithFoundation() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        var random = SplitMix64(seed: SplitMix64.fuzzSeed)
        var samples: [Int64] = [0, -1, 1, 999, -999, 951_782_400_000, 951_868_800_000, 1_709_164_800_123]
        for _ in 0..<5000 {
            samples.append(Int64.random(in: -12_212_553_600_000...253_402_300_799_999, using: &random))
        }
        for milliseconds in samples {
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let expected = Date(timeIntervalSince1970: Double(milliseconds) / 1000 + 0.0001).formatted(style)
            #expect(date.iso8601WithMilliseconds == expected, "\(milliseconds)")
        }
    }
}
