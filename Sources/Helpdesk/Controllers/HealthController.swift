import Fluent
import SQLKit
import Vapor

struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("openapi.yml", use: openAPI)
    }

    struct Health: Content {
        var status: String
    }

    @Sendable func health(req: Request) async throws -> Health {
        do {
            try await req.db.sql.raw("SELECT 1").run()
        } catch {
            req.logger.error("Health check: the database did not answer: \(error)")
            throw Abort(.serviceUnavailable, reason: "The database is not answering")
        }
        return Health(status: "ok")
    }

    /// `openapi.yml` from the working directory, read once at start-up.
    @Sendable func openAPI(req: Request) async throws -> Response {
        guard let spec = req.application.openAPISpec else {
            throw Abort(.notFound, reason: "openapi.yml was not found next to the server at start-up")
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(string: spec))
    }
}

struct OpenAPISpecKey: StorageKey {
    typealias Value = String
}

extension Application {
    var openAPISpec: String? {
        get { storage[OpenAPISpecKey.self] }
        set { storage[OpenAPISpecKey.self] = newValue }
    }
}
