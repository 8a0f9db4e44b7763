import Vapor

/// Headers every response carries, errors included.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// `Strict-Transport-Security`, when Helpdesk is reached over https (`PUBLIC_URL`).
    var hsts: Bool
    /// `Vary: Origin`, when CORS answers differ by origin: a shared cache must not hand one origin's
    /// answer to another.
    var varyByOrigin: Bool

    static let contentSecurityPolicy = [
        "default-src 'self'",
        "img-src 'self' blob: data:",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            response = APIErrorMiddleware.response(for: error, on: request)
        }
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        if hsts {
            response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")
        }
        if varyByOrigin, !response.headers[.vary].contains(where: { $0.lowercased().contains("origin") }) {
            response.headers.add(name: .vary, value: "Origin")
        }
        // API answers carry private data (tickets, users, tokens): no cache may keep them, unless the
        // route chose otherwise (the public spec).
        if FrontendMiddleware.isAPI(request.url.path), response.headers[.cacheControl].isEmpty {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
