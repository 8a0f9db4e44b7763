import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// A user made through the same stores as production, signed in.
struct TestUser {
    var user: User
    var token: String

    var id: Int { user.id }
    var auth: HTTPHeaders { ["Authorization": "Bearer \(token)"] }
    var actor: ChangeActor { ChangeActor(user: user, via: .web) }
}

extension Application {
    private static let counter = Counter()

    func makeUser(_ role: Role = .customer, name: String? = nil, password plain: String = "correct-horse")
        async throws -> TestUser
    {
        let number = Self.counter.next()
        let username = name ?? "\(role.rawValue)\(number)"
        let account = NewAccount(username: username, email: "\(username)@example.test", password: plain)
        let user = try await UserStore(context: storeContext).create(
            account, passwordHash: try await passwordHasher.hash(plain), role: role)
        return TestUser(user: user, token: try await signIn(user))
    }

    /// A token for a new session of `user`, as a sign-in would give.
    func signIn(_ user: User) async throws -> String {
        // A year: tests that move the clock by hand still find their sessions open.
        let expiry = services.clock.now().addingTimeInterval(365 * 86_400)
        let session = try await SessionStore(context: storeContext).open(for: user, until: expiry)
        return try await jwt.keys.sign(
            AuthToken(userID: user.id, session: session, issuedAt: Date(), expiresAt: expiry))
    }

    /// Files a ticket as `author` through the store, then sets what a filing cannot (status, assignee)
    /// as staff would.
    @discardableResult
    func makeTicket(
        by author: TestUser, title: String = "Printer is on fire", description: String = "Smoke everywhere",
        priority: TicketPriority = .normal, status: TicketStatus = .open, assignee: TestUser? = nil
    ) async throws -> Ticket {
        let store = TicketStore(context: storeContext, scope: .everything)
        let created = try await store.create(
            NewTicket(title: title, description: description, priority: priority), by: author.actor)
        var ticket = try await store.ticket(id: created.id)
        if status != .open || assignee != nil {
            let change = TicketChange(status: status == .open ? nil : status, assigneeID: assignee.map { .some($0.id) })
            _ = try await store.update(ticket, with: change, by: .system)
            ticket = try await store.ticket(id: created.id)
        }
        return ticket
    }

    /// The usual cast: a customer's ticket, that customer, another customer, an agent and an admin.
    func ticketWithCast() async throws -> (
        ticket: Ticket, author: TestUser, stranger: TestUser, agent: TestUser, admin: TestUser
    ) {
        let author = try await makeUser()
        let stranger = try await makeUser()
        let agent = try await makeUser(.agent)
        let admin = try await makeUser(.admin)
        return (try await makeTicket(by: author), author, stranger, agent, admin)
    }

    @discardableResult
    func makeComment(on ticket: Ticket, by author: TestUser, text: String = "Any news?", internal: Bool = false)
        async throws -> CommentResponse
    {
        try await CommentStore(context: storeContext, scope: .everything).add(
            NewComment(text: text, internal: `internal`), to: ticket, by: author.actor)
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
        try JSONDecoder.api.decode(T.self, from: Data(body.readableBytesView))
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

/// Reads for checking what the database holds after a request; the writes above go through the stores.
extension Application {
    func count(_ table: String, where condition: String? = nil) async throws -> Int {
        let filter = condition.map { " WHERE \($0)" } ?? ""
        return try await db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)\(unsafeRaw: filter)").first()!
            .decode(column: "n", as: Int.self)
    }

    func storedTicket(_ id: Int) async throws -> Ticket? {
        try await TicketStore.ticket(id: id, scope: .everything, on: db.sql)
    }

    func storedUser(_ id: Int) async throws -> User? {
        try await UserStore(context: storeContext).find(id: id)
    }
}

extension JSONDecoder {
    /// Decodes what the API encodes (ISO 8601 dates with milliseconds).
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
        }
        return decoder
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it), for tests that
/// run a real server: a random pick can land on a port a database connection is using.
func freePort() throws -> Int {
    #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw Abort(.internalServerError, reason: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    #else
        return Int.random(in: 20_000..<30_000)
    #endif
}
