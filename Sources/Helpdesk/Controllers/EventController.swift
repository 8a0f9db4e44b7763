import Vapor

/// `GET /api/events`: the signed-in user's live stream (Server-Sent Events). The token comes in the
/// Authorization header (the web app reads the stream with fetch), never in the URL.
struct EventController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("events", use: stream)
    }

    @Sendable func stream(req: Request) async throws -> Response {
        let stream = EventStream(
            user: try req.user, sessionID: try req.sessionID, scope: try req.policy.readScope,
            lastEventID: req.headers.first(name: "Last-Event-ID").flatMap {
                Int($0.trimmingCharacters(in: .whitespaces))
            },
            context: req.storeContext, bus: req.application.services.eventBus)
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(
            type: "text", subType: "event-stream", parameters: ["charset": "utf-8"])
        // nginx and other proxies pass each event on at once rather than buffering the stream.
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        response.body = .init(managedAsyncStream: { writer in try await stream.run(writer) })
        return response
    }
}
