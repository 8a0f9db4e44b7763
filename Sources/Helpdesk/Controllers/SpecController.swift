import Vapor

/// Serves `openapi.yml`, read once at start-up.
struct SpecController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.yml", use: openAPI)
    }

    @Sendable func openAPI(req: Request) async throws -> Response {
        guard let spec = req.application.services.openAPISpec else {
            throw Abort(.notFound, reason: "openapi.yml was not found next to the server at start-up")
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(string: spec))
    }
}
