import Vapor

/// Turns every error into an `ErrorResponse` with the right status. Anything unexpected is a 500
/// whose details go to the log, never to the client.
struct APIErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, on: request)
        }
    }

    static func response(for error: any Error, on request: Request) -> Response {
        let status: HTTPResponseStatus
        var headers: HTTPHeaders = [:]
        var body: ErrorResponse
        switch error {
        case let failure as ValidationFailure:
            status = failure.status
            body = ErrorResponse(reason: failure.reason, fields: failure.fields)
        case let abort as any AbortError:
            status = abort.status
            headers = abort.headers
            body = ErrorResponse(reason: abort.reason)
        case let decoding as DecodingError:
            status = .badRequest
            body = ErrorResponse(reason: DecodingErrorDescription.describe(decoding))
        default:
            status = .internalServerError
            body = ErrorResponse(reason: "Something went wrong on our side; the request id is in X-Request-Id.")
        }
        if status.code >= 500 {
            request.logger.error("\(status.code): \(String(reflecting: error))")
        }
        let response = Response(status: status, headers: headers)
        do {
            try response.content.encode(body, as: .json)
        } catch {
            response.body = .init(string: #"{"error":true,"reason":"Internal error"}"#)
            response.headers.contentType = .json
        }
        if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
        return response
    }
}

enum DecodingErrorDescription {
    /// A sentence a client developer can act on, naming the field by its JSON path.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)) has the wrong type: expected \(jsonName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context)) must not be null: expected \(jsonName(type))"
        case .keyNotFound(let key, _):
            return "\(key.stringValue) is required"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON" }
            return "\(path(context)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "The body could not be read"
        }
    }

    private static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a \(type)"
        }
    }
}
