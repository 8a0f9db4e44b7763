import Vapor

/// The whole API in one table. Everything but health, the spec and sign-up/sign-in needs a token.
func routes(_ app: Application) throws {
    let api = app.grouped("api")

    try api.register(collection: HealthController())
    try api.register(collection: SpecController())
    try api.register(collection: AuthController())
    try api.register(collection: InboundEmailController(maxBytes: app.settings.inbound.maxBytes))

    let signedIn = api.grouped(UserAuthenticator())
    try signedIn.register(collection: TicketController())
    try signedIn.register(collection: CommentController())
    try signedIn.register(collection: ImageController())
    try signedIn.register(collection: UserController())
    try signedIn.register(collection: StatsController())
    try signedIn.register(collection: HistoryController())
    try signedIn.register(collection: SLAController())
    try signedIn.register(collection: EmailController())
    try signedIn.register(collection: EventController())
    try signedIn.register(collection: TagController())
    try signedIn.register(collection: CannedReplyController())

    // Unknown API paths are a JSON 404, never the web app's index.html.
    api.on(.GET, "**") { req async throws -> Response in
        throw Abort(.notFound, reason: "No such API endpoint: \(req.url.path)")
    }
}
