import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why an IMAP session failed: the connection, TLS, or the server's NO or BAD (with its text, and its
/// response code, such as `TRYCREATE`). Never holds the password.
struct IMAPError: Error, CustomStringConvertible {
    let description: String
    /// The response code of a NO or BAD (`TRYCREATE`, `AUTHENTICATIONFAILED`, …), upper-cased.
    var code: String?

    init(_ description: String, code: String? = nil) {
        self.description = description
        self.code = code
    }
}

/// What fetching one message found.
enum IMAPFetchResult: Sendable, Equatable {
    case message([UInt8])
    /// Larger than the limit: not downloaded.
    case tooLarge(size: Int)
    /// No such UID any more (someone else moved or deleted it).
    case missing
}

/// A small IMAP4rev1 client (RFC 3501) on SwiftNIO, speaking just what polling one mailbox needs: TLS
/// from the first byte or STARTTLS, LOGIN or AUTHENTICATE PLAIN, SELECT, UID SEARCH, UID FETCH, UID STORE,
/// and UID MOVE (RFC 6851) or UID COPY + `\Deleted` + (UID) EXPUNGE. One command at a time.
struct IMAPClient: Sendable {
    let settings: IMAPSettings
    let group: any EventLoopGroup
    /// The whole session must end within this; a server that stalls is cut off.
    var timeout: TimeAmount = .seconds(300)

    /// Connects, signs in, runs `body` on the signed-in session, and logs out. Errors of the session are
    /// `IMAPError`s; errors `body` throws come through as they are.
    func session<T: Sendable>(_ body: (inout IMAPSession) async throws -> T) async throws -> T {
        let tls = try makeTLSContext()
        let serverName = settings.host.isIPAddress ? nil : settings.host
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(15))
                .connect(host: settings.host, port: settings.port) { [settings] channel in
                    channel.eventLoop.makeCompletedFuture {
                        if settings.security == .implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw IMAPError("could not connect to \(settings.host):\(settings.port): \(error)")
        }
        let started = ContinuousClock.now
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) { [channel = channel.channel] in
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var session = IMAPSession(
                    reader: IMAPResponseReader(inbound.makeAsyncIterator()), outbound: outbound,
                    channel: channel.channel)
                try await open(&session, tls: tls, serverName: serverName)
                let result = try await body(&session)
                await session.logout()
                return result
            }
        } catch let error as IMAPError where ContinuousClock.now - started >= .nanoseconds(timeout.nanoseconds) {
            throw IMAPError("the session took longer than \(timeout.nanoseconds / 1_000_000_000) s (\(error))")
        }
    }

    /// The greeting, TLS, and signing in.
    private func open(_ session: inout IMAPSession, tls: NIOSSLContext, serverName: String?) async throws {
        let preauthenticated = try await session.greeting()
        try await session.readCapabilities()
        if settings.security == .startTLS {
            guard !preauthenticated else { throw IMAPError("the server signed us in before STARTTLS") }
            guard session.capabilities.contains("STARTTLS") else {
                throw IMAPError("\(settings.host) does not offer STARTTLS: use imaps:// (or a server that does)")
            }
            try await session.startTLS(tls, serverName: serverName)
            try await session.readCapabilities()
        }
        guard !preauthenticated else { return }
        try await session.signIn(username: settings.username, password: settings.password)
        // What the server offers (MOVE, UIDPLUS) may change once signed in.
        try await session.readCapabilities()
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw IMAPError("could not set up TLS (IMAP_CA_FILE?): \(error)")
        }
    }
}

/// A signed-in conversation with the server: one tagged command at a time (`A1`, `A2`, …), reading
/// untagged responses until the command's own completion.
struct IMAPSession {
    private var reader: IMAPResponseReader
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let channel: any Channel
    private var lastTag = 0
    /// What the server offers, upper-cased (`MOVE`, `UIDPLUS`, `AUTH=PLAIN`, …).
    private(set) var capabilities: Set<String> = []

    /// Literals in answers other than a message's body are small (a server has no reason to send any).
    static let smallLiteral = 64 * 1024

    init(reader: IMAPResponseReader, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, channel: any Channel) {
        self.reader = reader
        self.outbound = outbound
        self.channel = channel
    }

    // MARK: The mailbox

    /// Opens `mailbox` read-write: its UIDVALIDITY (UIDs are only meaningful with it) and how many
    /// messages it holds.
    mutating func select(_ mailbox: String) async throws -> (uidValidity: UInt32, exists: Int) {
        let responses = try await command("SELECT \(Self.mailboxArgument(mailbox))")
        var uidValidity: UInt32?
        var exists = 0
        for response in responses {
            if let value = response.code("UIDVALIDITY").flatMap({ UInt32($0) }) { uidValidity = value }
            if let numbered = response.numbered, numbered.keyword == "EXISTS" { exists = numbered.number }
        }
        guard let uidValidity else { throw IMAPError("the server did not say the UIDVALIDITY of \(mailbox)") }
        return (uidValidity, exists)
    }

    /// The UIDs of the messages flagged neither `\Seen` nor `\Deleted` (someone deleted it: not for
    /// us), in ascending order.
    mutating func searchUnseen() async throws -> [UInt32] {
        try await search("UNSEEN UNDELETED")
    }

    /// The UIDs matching `criteria` (RFC 3501 search keys), ascending.
    mutating func search(_ criteria: String) async throws -> [UInt32] {
        let responses = try await command("UID SEARCH " + criteria)
        var uids: Set<UInt32> = []
        for response in responses where response.text.uppercased().hasPrefix("* SEARCH") {
            uids.formUnion(response.text.split(separator: " ").dropFirst(2).compactMap { UInt32($0) })
        }
        return uids.sorted()
    }

    /// The whole message (`BODY.PEEK[]`, which leaves `\Seen` alone), unless it is larger than
    /// `maxBytes`: its size is asked first, so a large message is never downloaded.
    mutating func fetch(uid: UInt32, maxBytes: Int) async throws -> IMAPFetchResult {
        let sizes = try await command("UID FETCH \(uid) (RFC822.SIZE)")
        guard let size = sizes.lazy.compactMap({ $0.fetched(uid: uid)?.number("RFC822.SIZE") }).first else {
            return .missing
        }
        guard size <= maxBytes else { return .tooLarge(size: size) }
        let bodies = try await command("UID FETCH \(uid) BODY.PEEK[]", maxLiteral: maxBytes)
        return bodies.lazy.compactMap { $0.fetched(uid: uid)?.body }.first.map { .message($0) } ?? .missing
    }

    mutating func markSeen(uid: UInt32) async throws {
        try await command("UID STORE \(uid) +FLAGS.SILENT (\\Seen)")
    }

    /// Moves the message to `mailbox`, creating that mailbox when the server says it does not exist.
    /// Without MOVE: copied, flagged `\Deleted` and expunged (only this UID with UIDPLUS; without it,
    /// EXPUNGE also removes whatever else is flagged `\Deleted` in the mailbox).
    mutating func move(uid: UInt32, to mailbox: String) async throws {
        let target = Self.mailboxArgument(mailbox)
        let verb = capabilities.contains("MOVE") ? "MOVE" : "COPY"
        do {
            try await command("UID \(verb) \(uid) \(target)")
        } catch let error as IMAPError where error.code == "TRYCREATE" {
            try await command("CREATE \(target)")
            // So that people see it in their mail clients; not needed for anything here.
            _ = try? await command("SUBSCRIBE \(target)")
            try await command("UID \(verb) \(uid) \(target)")
        }
        guard verb == "COPY" else { return }
        try await command("UID STORE \(uid) +FLAGS.SILENT (\\Deleted)")
        try await command(capabilities.contains("UIDPLUS") ? "UID EXPUNGE \(uid)" : "EXPUNGE")
    }

    // MARK: Opening and closing

    /// Reads the greeting: whether the server signed us in already (PREAUTH).
    fileprivate mutating func greeting() async throws -> Bool {
        let response = try await reader.next(maxLiteral: Self.smallLiteral)
        let words = response.text.split(separator: " ", maxSplits: 2)
        switch words.count >= 2 && words[0] == "*" ? words[1].uppercased() : "" {
        case "OK": return false
        case "PREAUTH": return true
        case "BYE": throw IMAPError("the server turned the connection away: \(response.excerpt)")
        default: throw IMAPError("the server sent something that is not an IMAP greeting: \(response.excerpt)")
        }
    }

    fileprivate mutating func readCapabilities() async throws {
        let responses = try await command("CAPABILITY")
        capabilities = []
        for response in responses where response.text.uppercased().hasPrefix("* CAPABILITY ") {
            capabilities.formUnion(response.text.uppercased().split(separator: " ").dropFirst(2).map(String.init))
        }
    }

    fileprivate mutating func startTLS(_ context: NIOSSLContext, serverName: String?) async throws {
        try await command("STARTTLS")
        // Anything already sent after the server's OK came before TLS: someone in between wrote it.
        guard !reader.hasBufferedBytes else { throw IMAPError("the server sent data before TLS began") }
        let channel = channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(
                NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
        }.get()
    }

    /// LOGIN with quoted strings; AUTHENTICATE PLAIN (RFC 4616) when the server disables LOGIN or the
    /// credentials hold characters a quoted string cannot (8-bit, line breaks). Errors never show them.
    fileprivate mutating func signIn(username: String, password: String) async throws {
        if !capabilities.contains("LOGINDISABLED"), let user = Self.quoted(username), let pass = Self.quoted(password) {
            try await command("LOGIN \(user) \(pass)", shown: "LOGIN")
            return
        }
        guard capabilities.contains("AUTH=PLAIN") else {
            throw IMAPError(
                capabilities.contains("LOGINDISABLED")
                    ? "the server disables LOGIN and does not offer AUTHENTICATE PLAIN"
                    : "the user name or password cannot be sent with LOGIN, and the server does not offer AUTHENTICATE PLAIN"
            )
        }
        let tag = try await send("AUTHENTICATE PLAIN")
        guard try await complete(tag, what: "AUTHENTICATE PLAIN", continuation: true) == nil else {
            throw IMAPError("the server answered AUTHENTICATE PLAIN without asking for the credentials")
        }
        let token = Data([0] + Array(username.utf8) + [0] + Array(password.utf8)).base64EncodedString()
        try await write(token)
        _ = try await complete(tag, what: "AUTHENTICATE PLAIN")
    }

    /// LOGOUT, as a courtesy: the connection is closed either way.
    fileprivate mutating func logout() async {
        _ = try? await command("LOGOUT")
    }

    // MARK: Commands and responses

    /// Sends one tagged command and reads until it completes; returns the untagged responses that came
    /// meanwhile. NO and BAD become an `IMAPError` with the server's text; `shown` stands for the command
    /// in errors when it holds a secret.
    @discardableResult
    private mutating func command(_ line: String, shown: String? = nil, maxLiteral: Int = IMAPSession.smallLiteral)
        async throws -> [IMAPResponse]
    {
        let tag = try await send(line)
        return try await complete(tag, what: shown ?? line, maxLiteral: maxLiteral) ?? []
    }

    private mutating func send(_ line: String) async throws -> String {
        lastTag += 1
        let tag = "A\(lastTag)"
        try await write(tag + " " + line)
        return tag
    }

    private func write(_ line: String) async throws {
        do {
            try await outbound.write(ByteBuffer(string: line + "\r\n"))
        } catch {
            throw IMAPError("could not send to the server: \(error)")
        }
    }

    /// Reads responses until `tag` completes (its untagged responses) or, when `continuation` is allowed,
    /// until the server asks for more (nil).
    private mutating func complete(
        _ tag: String, what: String, maxLiteral: Int = IMAPSession.smallLiteral, continuation: Bool = false
    ) async throws -> [IMAPResponse]? {
        let command = String(what.prefix(80))
        var untagged: [IMAPResponse] = []
        while true {
            let response = try await reader.next(maxLiteral: maxLiteral)
            if response.text.hasPrefix("* ") {
                if response.text.uppercased().hasPrefix("* BYE"), command != "LOGOUT" {
                    throw IMAPError("the server ended the session during \(command): \(response.excerpt)")
                }
                untagged.append(response)
            } else if response.text.hasPrefix("+"), continuation {
                return nil
            } else if response.text.hasPrefix(tag + " ") {
                let words = response.text.dropFirst(tag.count + 1).split(separator: " ", maxSplits: 1)
                switch words.first?.uppercased() {
                case "OK": return untagged
                case "NO", "BAD":
                    throw IMAPError(
                        "the server answered \(command) with \(response.excerpt.dropFirst(tag.count + 1))",
                        code: response.code())
                default: throw IMAPError("the server's answer to \(command) is not IMAP: \(response.excerpt)")
                }
            } else {
                throw IMAPError("the server sent something that is not IMAP during \(command): \(response.excerpt)")
            }
        }
    }

    // MARK: Arguments

    /// `"…"` with `\` and `"` escaped, or nil when `text` holds characters a quoted string cannot (8-bit,
    /// CR, LF, NUL).
    static func quoted(_ text: String) -> String? {
        guard text.unicodeScalars.allSatisfy({ (1...0x7F).contains($0.value) && $0 != "\r" && $0 != "\n" }) else {
            return nil
        }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// A mailbox name as a command argument: in modified UTF-7 (RFC 3501 5.1.3), quoted.
    static func mailboxArgument(_ name: String) -> String {
        quoted(modifiedUTF7(name)) ?? "\"\""
    }

    /// Printable ASCII stays as it is (`&` becomes `&-`); runs of anything else become `&` + base64 of
    /// their UTF-16 (with `,` for `/`, no padding) + `-`.
    static func modifiedUTF7(_ name: String) -> String {
        var result = ""
        var run: [UInt16] = []
        func flush() {
            guard !run.isEmpty else { return }
            let bytes = run.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            let base64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: ",")
            result += "&" + base64.trimmingCharacters(in: CharacterSet(charactersIn: "=")) + "-"
            run = []
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                flush()
                result += scalar == "&" ? "&-" : String(scalar)
            } else {
                run += Array(String(scalar).utf16)
            }
        }
        flush()
        return result
    }
}

/// One response from the server: its text, and the bytes of each literal (`{N}` + CRLF + N bytes) in it,
/// in order. The text keeps each literal's `{N}` marker where the literal was.
struct IMAPResponse: Sendable {
    var text: String
    var literals: [[UInt8]]

    /// The start of the text, without control characters, for error messages.
    var excerpt: String {
        String(String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }).prefix(200))
    }

    /// `* <number> <KEYWORD> …` (EXISTS, EXPUNGE, FETCH): the number and the keyword, upper-cased.
    var numbered: (number: Int, keyword: String)? {
        let words = text.split(separator: " ", maxSplits: 3)
        guard words.count >= 3, words[0] == "*", let number = Int(words[1]) else { return nil }
        return (number, words[2].uppercased())
    }

    /// The response code in brackets (`[UIDVALIDITY 3857529045]`): its argument when `name` is given,
    /// else its name.
    func code(_ name: String? = nil) -> String? {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        let parts = text[text.index(after: open)..<close].split(separator: " ", maxSplits: 1)
        guard let first = parts.first?.uppercased() else { return nil }
        guard let name else { return first }
        return first == name && parts.count == 2 ? String(parts[1]) : nil
    }

    /// The items of an untagged FETCH response about `uid` (other FETCH responses, such as flag changes
    /// of other messages, may come in between).
    func fetched(uid: UInt32) -> IMAPFetchItems? {
        guard numbered?.keyword == "FETCH" else { return nil }
        let items = IMAPFetchItems(response: self)
        return items.number("UID") == Int(uid) ? items : nil
    }
}

/// The items of a FETCH response (`UID 45 RFC822.SIZE 1234 BODY[] {1234}`), read just far enough for
/// what this client asks for.
struct IMAPFetchItems {
    let response: IMAPResponse
    private let upper: String

    init(response: IMAPResponse) {
        self.response = response
        upper = response.text.uppercased()
    }

    /// The number after the item `name` (`UID`, `RFC822.SIZE`).
    func number(_ name: String) -> Int? {
        var searchFrom = upper.startIndex
        while let found = upper.range(of: name + " ", range: searchFrom..<upper.endIndex) {
            let before = found.lowerBound == upper.startIndex ? " " : upper[upper.index(before: found.lowerBound)]
            if before == " " || before == "(" {
                let digits = upper[found.upperBound...].prefix { $0.isASCII && $0.isNumber }
                if let value = Int(digits) { return value }
            }
            searchFrom = found.upperBound
        }
        return nil
    }

    /// The message of `BODY[]`: a literal (as servers send it), a quoted string, or nil for NIL.
    var body: [UInt8]? {
        guard let found = upper.range(of: "BODY[] ") else { return nil }
        let rest = response.text[found.upperBound...]
        if rest.hasPrefix("{") {
            // Only BODY[] was asked for, and no other item of a FETCH response is a literal.
            return response.literals.first
        }
        guard rest.hasPrefix("\"") else { return nil }
        var bytes: [UInt8] = []
        var escaped = false
        for byte in rest.utf8.dropFirst() {
            if escaped {
                bytes.append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                return bytes
            } else {
                bytes.append(byte)
            }
        }
        return nil
    }
}

/// Reads responses from the channel's bytes, literals included. Bounded: a response's text may not pass
/// `maximumTextBytes` nor a literal the caller's limit, so a misbehaving server cannot make the client
/// buffer without end.
struct IMAPResponseReader {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var buffer = ByteBuffer()
    /// Room for a SEARCH answer of some 100,000 UIDs.
    static let maximumTextBytes = 1 << 20

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    /// Whether bytes have arrived beyond the last response read.
    var hasBufferedBytes: Bool { buffer.readableBytes > 0 }

    mutating func next(maxLiteral: Int) async throws -> IMAPResponse {
        var text: [UInt8] = []
        var literals: [[UInt8]] = []
        while true {
            text += try await nextLine(limit: Self.maximumTextBytes - text.count)
            guard let size = Self.literalSize(endingLine: text) else {
                return IMAPResponse(text: String(decoding: text, as: UTF8.self), literals: literals)
            }
            guard size <= maxLiteral else {
                throw IMAPError("the server sent \(size) bytes where at most \(maxLiteral) were expected")
            }
            literals.append(try await read(count: size))
        }
    }

    /// The size in a literal's marker `{N}` ending the line, if it ends in one.
    static func literalSize(endingLine line: [UInt8]) -> Int? {
        guard line.last == UInt8(ascii: "}"), let open = line.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        let digits = line[(open + 1)..<(line.count - 1)]
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard (1...10).contains(digits.count), digits.allSatisfy(isDigit) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// The next line, without its CRLF.
    private mutating func nextLine(limit: Int) async throws -> [UInt8] {
        var searched = 0
        while true {
            let view = buffer.readableBytesView
            if let newline = view[(view.startIndex + searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer.readBytes(length: newline - view.startIndex) ?? []
                buffer.moveReaderIndex(forwardBy: 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return line
            }
            searched = view.count
            guard searched <= limit else {
                throw IMAPError("the server sent a response over \(Self.maximumTextBytes) bytes")
            }
            try await readChunk()
        }
    }

    private mutating func read(count: Int) async throws -> [UInt8] {
        buffer.reserveCapacity(minimumWritableBytes: max(0, count - buffer.readableBytes))
        while buffer.readableBytes < count { try await readChunk() }
        return buffer.readBytes(length: count) ?? []
    }

    private mutating func readChunk() async throws {
        let chunk: ByteBuffer?
        do {
            chunk = try await iterator.next()
        } catch {
            throw IMAPError("the connection failed: \(error)")
        }
        guard var chunk else { throw IMAPError("the server closed the connection") }
        if buffer.readerIndex > 1 << 16 { buffer.discardReadBytes() }
        buffer.writeBuffer(&chunk)
    }
}
