import Crypto
import Vapor

/// `POST /api/inbound/email`: an MTA or mail service hands over one raw message. On only when
/// `INBOUND_EMAIL_SECRET` is set; the secret is compared in constant time.
struct InboundEmailController: RouteCollection {
    let maxBytes: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.on(
            .POST, "inbound", "email", body: .collect(maxSize: ByteCount(value: maxBytes)), use: receive)
    }

    @Sendable func receive(req: Request) async throws -> Response {
        guard let secret = req.application.settings.inbound.secret else {
            throw Abort(.notFound, reason: "No such API endpoint: \(req.url.path)")
        }
        let given = req.headers.first(name: "X-Inbound-Secret") ?? ""
        guard Self.constantTimeEquals(Array(given.utf8), Array(secret.utf8)) else {
            throw Abort(.unauthorized, reason: "X-Inbound-Secret is missing or wrong")
        }
        guard let type = req.headers.contentType, type.type == "message", type.subType == "rfc822" else {
            throw Abort(.unsupportedMediaType, reason: "Send the raw message as Content-Type: message/rfc822")
        }
        let raw = req.body.data.map { Array($0.readableBytesView) } ?? []
        let outcome: ImportOutcome
        do {
            outcome = try await MailImporter(app: req.application).importMessage(raw, via: .http)
        } catch InboundMailError.unparseable(let reason) {
            throw Abort(.unprocessableEntity, reason: "The message could not be read: \(reason)")
        } catch InboundMailError.tooLarge(let limit) {
            throw Abort(.payloadTooLarge, reason: "Messages can be at most \(limit) bytes")
        }
        if let ignored = outcome.ignored {
            return try await InboundIgnoredResponse(ignored: ignored).encodeResponse(status: .ok, for: req)
        }
        return try await InboundImportedResponse(
            ticketId: outcome.ticketID ?? 0, commentId: outcome.commentID, created: outcome.created
        ).encodeResponse(status: .accepted, for: req)
    }

    /// Compares every byte whatever the first difference, so the time taken says nothing of the secret.
    static func constantTimeEquals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        let a = Array(SHA256.hash(data: given))
        let b = Array(SHA256.hash(data: expected))
        var difference: UInt8 = 0
        for index in 0..<a.count { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
