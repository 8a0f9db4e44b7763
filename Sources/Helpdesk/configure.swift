import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import JWT
import NIOCore
import Vapor

/// Sets the app up, top to bottom: encoding → server → middleware → database → migrations → services
/// → auth → commands → routes.
func configure(_ app: Application, settings: AppSettings) async throws {
    configureJSON()
    app.routes.defaultMaxBodySize = "1mb"
    // Connections that go quiet (a request head that never finishes, a body that stops) are closed,
    // so that slow clients cannot hold file descriptors for ever. Event streams send a keep-alive well
    // within it.
    app.http.server.configuration.idleTimeout = .milliseconds(Int64(settings.idleTimeout * 1000))
    app.passwords.use(.bcrypt(cost: settings.bcryptCost))

    app.middleware = .init()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(
        SecurityHeadersMiddleware(
            hsts: settings.publicURL.scheme?.lowercased() == "https", varyByOrigin: !settings.corsOrigins.isEmpty))
    if !settings.corsOrigins.isEmpty {
        app.middleware.use(
            CORSMiddleware(
                configuration: .init(
                    allowedOrigin: .any(settings.corsOrigins),
                    allowedMethods: [.GET, .POST, .PATCH, .DELETE, .OPTIONS],
                    allowedHeaders: [.accept, .authorization, .contentType, .init("X-Request-Id")],
                    exposedHeaders: [.init("X-Request-Id"), .retryAfter]
                )
            )
        )
    }
    app.middleware.use(APIErrorMiddleware())
    app.middleware.use(FrontendMiddleware(publicDirectory: settings.publicDirectory))

    let kind = try await configureDatabase(app, settings.database)
    for migration in Migrations.all { app.migrations.add(migration) }

    app.services = AppServices(
        settings: settings,
        databaseKind: kind,
        committer: kind == .sqlite ? GroupCommit(database: app.db) : nil,
        loginThrottle: LoginThrottle(settings: settings.throttle),
        decoyPasswordHash: try app.password.hash([UInt8].random(count: 16).base64),
        openAPISpec: try? String(contentsOfFile: settings.openAPIPath, encoding: .utf8),
        clock: .system,
        passwordPool: app.startPasswordThreadPool(threads: settings.passwordThreads)
    )

    await app.jwt.keys.add(hmac: HMACKey(from: settings.jwtSecret), digestAlgorithm: .sha256)

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(CreateUserCommand(), as: "create-user")

    try routes(app)
}

private func configureDatabase(_ app: Application, _ choice: AppSettings.DatabaseChoice) async throws
    -> DatabaseKind
{
    switch choice {
    case .postgres(let url):
        var config = try SQLPostgresConfiguration(url: url)
        config.searchPath = nil
        app.databases.use(.postgres(configuration: config, sqlLogLevel: .trace), as: .psql, isDefault: true)
        return .postgres
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite, isDefault: true)
        try await DatabaseSetup.useWriteAheadLog(app.db)
        return .sqlite
    }
}

/// ISO 8601 UTC timestamps (with milliseconds) everywhere JSON crosses the wire. The DTOs spell their
/// snake_case keys in CodingKeys: a key strategy converted every key of every response again.
private func configureJSON() {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(date.iso8601WithMilliseconds)
    }
    let decoder = JSONDecoder()
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)
}

extension Date {
    private static let iso8601Seconds = Date.ISO8601FormatStyle(timeZone: .gmt)

    /// `2026-01-31T09:15:00.123Z`, rounded to the nearest millisecond. (A stored time is a binary
    /// fraction a hair below its millisecond; a formatter that truncates would print one less.)
    var iso8601WithMilliseconds: String {
        let milliseconds = Int64((timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: Double(fraction < 0 ? seconds - 1 : seconds))
        let stamp = whole.formatted(Self.iso8601Seconds)
        let digits = String((fraction + 1000) % 1000)
        return stamp.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Now, cut to whole milliseconds: what the API prints is exactly what the database holds.
    static var nowMilliseconds: Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
