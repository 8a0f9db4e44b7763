import Vapor

/// Serves the single-page app from `PUBLIC_DIR`: its files, and `index.html` for every other
/// non-API path so that deep links load. Hashed assets are cached for a year; `index.html` never is.
struct FrontendMiddleware: AsyncMiddleware {
    let publicDirectory: String
    private let files: FileMiddleware

    init(publicDirectory: String) {
        let absolute =
            publicDirectory.hasPrefix("/")
            ? publicDirectory : DirectoryConfiguration.detect().workingDirectory + publicDirectory
        self.publicDirectory = absolute.hasSuffix("/") ? absolute : absolute + "/"
        files = FileMiddleware(publicDirectory: self.publicDirectory, defaultFile: "index.html")
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD, !Self.isAPI(path) else {
            return try await next.respond(to: request)
        }
        let response = try await files.respond(to: request, chainingTo: SPAIndexResponder(middleware: self, next: next))
        if path.hasPrefix("/assets/") && response.status == .ok {
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        } else if response.headers.contentType == .html {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        }
        return response
    }

    static func isAPI(_ path: String) -> Bool {
        path == "/api" || path.hasPrefix("/api/")
    }

    /// What runs when no file matched: `index.html` for app paths, the router (and its 404) for assets.
    private struct SPAIndexResponder: AsyncResponder {
        let middleware: FrontendMiddleware
        let next: any AsyncResponder

        func respond(to request: Request) async throws -> Response {
            let path = request.url.path
            let index = middleware.publicDirectory + "index.html"
            guard !path.hasPrefix("/assets/"), FileManager.default.fileExists(atPath: index) else {
                return try await next.respond(to: request)
            }
            let response = try await request.fileio.asyncStreamFile(at: index)
            response.headers.contentType = .html
            return response
        }
    }
}
