import Vapor

/// One structured log line per request, tagged with a request id that is also sent back as
/// `X-Request-Id`. Only the method, path (never the query), status and duration are logged:
/// no bodies, no headers, so no password, token or image bytes.
struct RequestLogMiddleware: AsyncMiddleware {
    static let header = "X-Request-Id"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let requestID = Self.acceptableID(request.headers.first(name: Self.header)) ?? UUID().uuidString
        // Replaces what Vapor put there from the raw header, which a client could fill with anything.
        request.logger[metadataKey: "request-id"] = .string(requestID)

        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            response = APIErrorMiddleware.response(for: error, on: request)
        }
        response.headers.replaceOrAdd(name: Self.header, value: requestID)

        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        request.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.url.path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.2f", milliseconds)),
            ])
        return response
    }

    /// A client's id is reused only if it is short and plain, so it cannot forge log lines.
    static func acceptableID(_ candidate: String?) -> String? {
        guard let candidate, (1...64).contains(candidate.count),
            candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        else { return nil }
        return candidate
    }
}
