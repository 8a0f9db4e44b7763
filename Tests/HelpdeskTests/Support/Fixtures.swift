import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// A user made directly in the database, with a token for it.
struct TestUser {
    var user: User
    var token: String

    var id: Int { user.id! }
    var auth: HTTPHeaders { ["Authorization": "Bearer \(token)"] }
}

extension Application {
    private static let counter = Counter()

    func makeUser(_ role: Role = .customer, name: String? = nil, password plain: String = "correct-horse")
        async throws -> TestUser
    {
        let number = Self.counter.next()
        let username = name ?? "\(role.rawValue)\(number)"
        let user = User(
            username: username, email: "\(username)@example.test",
            passwordHash: try await passwordHasher.hash(plain), role: role)
        try await user.create(on: db)
        let token = try await jwt.keys.sign(try AuthToken(user: user, lifetime: 3600))
        return TestUser(user: user, token: token)
    }

    @discardableResult
    func makeTicket(
        by author: TestUser, title: String = "Printer is on fire", description: String = "Smoke everywhere",
        priority: TicketPriority = .normal, status: TicketStatus = .open, assignee: TestUser? = nil
    ) async throws -> Ticket {
        let ticket = Ticket(title: title, description: description, priority: priority, authorID: author.id)
        ticket.status = status
        ticket.$assignee.id = assignee?.id
        try await ticket.create(on: db)
        return ticket
    }

    @discardableResult
    func makeComment(on ticket: Ticket, by author: TestUser, text: String = "Any news?", internal: Bool = false)
        async throws -> Helpdesk.Comment
    {
        let comment = Helpdesk.Comment(text: text, internal: `internal`, authorID: author.id, ticketID: ticket.id!)
        try await comment.create(on: db)
        return comment
    }

    /// Sends a request through the app, with an optional JSON body and signed in as `user`.
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, as user: TestUser? = nil, json: (any Encodable)? = nil,
        headers: HTTPHeaders = [:], body: ByteBuffer? = nil
    ) async throws -> TestingHTTPResponse {
        var allHeaders = headers
        if let user { allHeaders.add(contentsOf: user.auth) }
        var buffer = body
        if let json {
            let encoder = JSONEncoder()
            buffer = ByteBuffer(data: try encoder.encode(json))
            allHeaders.contentType = .json
        }
        return try await testing().sendRequest(method, path, headers: allHeaders, body: buffer)
    }
}

/// Reads a response body as JSON with ISO dates, through the DTOs' own (snake_case) keys.
extension TestingHTTPResponse {
    func decode<T: Decodable>(_: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
        }
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }

    /// The body as loose JSON, for checking exact keys and nulls.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var reason: String? { json["reason"] as? String }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Any JSON body, for sending what a typed request could not express.
struct RawJSON: Encodable {
    let object: [String: JSONValue]

    init(_ object: [String: JSONValue]) { self.object = object }

    func encode(to encoder: any Encoder) throws {
        try object.encode(to: encoder)
    }
}

enum JSONValue: Encodable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral
{
    case string(String)
    case int(Int)
    case bool(Bool)
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(nilLiteral: ()) { self = .null }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

extension ByteBuffer {
    init(json: String) { self.init(string: json) }
}
