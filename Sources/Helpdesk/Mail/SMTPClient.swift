import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One message to hand over: the envelope addresses and the rendered RFC 5322 text.
struct MailEnvelope: Sendable {
    var from: String
    var to: String
    var data: String
}

/// Why a message was not delivered: `permanent` (the server refused it with 5xx; trying again will not
/// help) or `transient` (4xx, the connection, TLS: try again later).
enum MailDeliveryError: Error, Equatable, CustomStringConvertible {
    case permanent(String)
    case transient(String)

    var description: String {
        switch self {
        case .permanent(let reason), .transient(let reason): reason
        }
    }
}

/// A small SMTP client (RFC 5321) on SwiftNIO: EHLO, STARTTLS (RFC 3207) or implicit TLS, AUTH PLAIN or
/// LOGIN (RFC 4954), then MAIL/RCPT/DATA for each message of a batch over one session. Each message
/// gets its own result: a recipient the server refuses fails that message only.
struct SMTPClient: Sendable {
    let settings: SMTPSettings
    /// The name this client greets with (EHLO), the domain of `MAIL_FROM`.
    let heloName: String
    let group: any EventLoopGroup
    /// The whole session must end within this; a server that stalls is cut off.
    var timeout: TimeAmount = .seconds(120)

    /// Sends each envelope; the results are in the same order. Fails as a whole only when the
    /// session could not be started (connection, greeting, TLS, authentication).
    func send(_ envelopes: [MailEnvelope]) async throws -> [Result<Void, MailDeliveryError>] {
        let tls = try makeTLSContext()
        let serverName = settings.host.isIPAddress ? nil : settings.host
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(15))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if settings.security == .implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw MailDeliveryError.transient("could not connect to \(settings.host):\(settings.port): \(error)")
        }
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) { [channel = channel.channel] in
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var session = Session(
                    replies: SMTPReplyReader(inbound.makeAsyncIterator()), outbound: outbound, channel: channel.channel)
                try await open(&session, tls: tls, serverName: serverName)
                var results: [Result<Void, MailDeliveryError>] = []
                for envelope in envelopes {
                    do {
                        try await session.deliver(envelope)
                        results.append(.success(()))
                    } catch let error as MailDeliveryError {
                        results.append(.failure(error))
                        // A refused message leaves the session usable once reset; anything else ends it.
                        guard case .permanent = error, (try? await session.command("RSET", expect: 250)) != nil else {
                            let rest = envelopes.count - results.count
                            results += Array(
                                repeating: .failure(.transient("the session ended: \(error)")), count: rest)
                            return results
                        }
                    }
                }
                _ = try? await session.command("QUIT", expect: 221)
                return results
            }
        } catch let error as MailDeliveryError {
            throw error
        } catch {
            throw MailDeliveryError.transient("SMTP session with \(settings.host) failed: \(error)")
        }
    }

    /// Greeting, EHLO, TLS and authentication.
    private func open(_ session: inout Session, tls: NIOSSLContext, serverName: String?) async throws {
        _ = try await session.expect(220, after: "the greeting")
        var extensions = try await session.hello(heloName)
        if case .startTLS(let required) = settings.security {
            if extensions.contains("STARTTLS") {
                _ = try await session.command("STARTTLS", expect: 220)
                try await session.startTLS(tls, serverName: serverName)
                extensions = try await session.hello(heloName)
            } else if required {
                throw MailDeliveryError.transient(
                    "\(settings.host) does not offer STARTTLS, and SMTP_URL says tls=required")
            }
        }
        guard let username = settings.username, let password = settings.password else { return }
        guard session.encrypted || settings.isLoopback else {
            throw MailDeliveryError.transient(
                "\(settings.host) offers no TLS: refusing to send the SMTP password in plain text")
        }
        let mechanisms = extensions.first { $0.hasPrefix("AUTH ") }?.split(separator: " ").dropFirst() ?? []
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            _ = try await session.command("AUTH PLAIN \(token)", expect: 235, secret: true)
        } else if mechanisms.contains("LOGIN") {
            _ = try await session.command("AUTH LOGIN", expect: 334)
            _ = try await session.command(Data(username.utf8).base64EncodedString(), expect: 334, secret: true)
            _ = try await session.command(Data(password.utf8).base64EncodedString(), expect: 235, secret: true)
        } else {
            throw MailDeliveryError.transient("\(settings.host) offers neither AUTH PLAIN nor AUTH LOGIN")
        }
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw MailDeliveryError.transient("could not set up TLS (SMTP_CA_FILE?): \(error)")
        }
    }

    /// The conversation: commands out, replies in.
    private struct Session {
        var replies: SMTPReplyReader
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        let channel: any Channel
        var encrypted = false

        mutating func expect(_ code: Int, after what: String) async throws -> SMTPReply {
            let reply = try await replies.next()
            guard reply.code == code else { throw reply.failure(after: what) }
            return reply
        }

        /// Sends one command line and checks the reply's code. Secrets never reach an error message.
        @discardableResult
        mutating func command(_ line: String, expect code: Int, secret: Bool = false) async throws -> SMTPReply {
            try await outbound.write(ByteBuffer(string: line + "\r\n"))
            let what = secret ? "authentication" : String(line.prefix(60))
            return try await expect(code, after: what)
        }

        /// EHLO, and the extensions the server offers (upper-cased keywords with their parameters).
        mutating func hello(_ name: String) async throws -> [String] {
            let reply = try await command("EHLO \(name)", expect: 250)
            return reply.lines.dropFirst().map { $0.uppercased() }
        }

        mutating func startTLS(_ context: NIOSSLContext, serverName: String?) async throws {
            let channel = channel
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
            }.get()
            encrypted = true
        }

        mutating func deliver(_ envelope: MailEnvelope) async throws {
            try await command("MAIL FROM:<\(envelope.from)>", expect: 250)
            try await command("RCPT TO:<\(envelope.to)>", expect: 250)
            try await command("DATA", expect: 354)
            try await outbound.write(ByteBuffer(string: SMTPDotStuffing.dataBlock(envelope.data)))
            _ = try await expect(250, after: "the message")
        }
    }
}

/// One SMTP reply: its code and the text of each line.
struct SMTPReply: Sendable {
    var code: Int
    var lines: [String]

    /// The error a reply other than the expected one means: 5xx is permanent, anything else transient.
    func failure(after what: String) -> MailDeliveryError {
        let text = "\(code) \(lines.joined(separator: " "))"
        let reason = "the server answered \(what) with \(text)"
        return (500..<600).contains(code) ? .permanent(reason) : .transient(reason)
    }
}

/// Reads replies, possibly multi-line (`250-…` then `250 …`), from the channel's bytes. Bounded, so
/// that a misbehaving server cannot make the client buffer without limit.
struct SMTPReplyReader {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var buffer = ByteBuffer()
    static let maximumLineBytes = 4096
    static let maximumLines = 100

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    mutating func next() async throws -> SMTPReply {
        var lines: [String] = []
        while true {
            let line = try await nextLine()
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)),
                (200..<600).contains(code)
            else { throw MailDeliveryError.transient("the server sent something that is not SMTP: \(line.prefix(80))") }
            lines.append(String(decoding: bytes.dropFirst(4), as: UTF8.self))
            let more = bytes.count > 3 && bytes[3] == UInt8(ascii: "-")
            if !more { return SMTPReply(code: code, lines: lines) }
            guard lines.count < Self.maximumLines else {
                throw MailDeliveryError.transient("the server's reply has too many lines")
            }
        }
    }

    private mutating func nextLine() async throws -> String {
        while true {
            if let index = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = index - buffer.readerIndex
                var line = buffer.readString(length: length) ?? ""
                buffer.moveReaderIndex(forwardBy: 1)
                if line.hasSuffix("\r") { line.removeLast() }
                return line
            }
            guard buffer.readableBytes <= Self.maximumLineBytes else {
                throw MailDeliveryError.transient("the server sent a line over \(Self.maximumLineBytes) bytes")
            }
            guard var chunk = try await iterator.next() else {
                throw MailDeliveryError.transient("the server closed the connection")
            }
            buffer.writeBuffer(&chunk)
        }
    }
}

extension String {
    /// An IPv4 or IPv6 literal (which TLS cannot name as a server).
    var isIPAddress: Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return inet_pton(AF_INET, self, &ipv4) == 1 || inet_pton(AF_INET6, self, &ipv6) == 1
    }
}
