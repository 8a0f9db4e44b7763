import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import JWT
import NIOCore
import Vapor

/// Sets the app up, top to bottom: encoding → middleware → database → migrations → auth → commands → routes.
func configure(_ app: Application, settings: AppSettings) async throws {
    app.storage[AppSettingsKey.self] = settings

    configureJSON()
    app.routes.defaultMaxBodySize = "1mb"
    app.passwords.use(.bcrypt(cost: settings.bcryptCost))
    app.startPasswordThreadPool(threads: settings.passwordThreads)

    app.middleware = .init()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
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

    try await configureDatabase(app, settings.database)
    for migration in Migrations.all { app.migrations.add(migration) }

    await app.jwt.keys.add(hmac: HMACKey(from: settings.jwtSecret), digestAlgorithm: .sha256)
    app.loginThrottle = LoginThrottle(settings: settings.throttle)
    app.decoyPasswordHash = try app.password.hash([UInt8].random(count: 16).base64)

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(CreateUserCommand(), as: "create-user")

    app.openAPISpec = try? String(contentsOfFile: settings.openAPIPath, encoding: .utf8)
    try routes(app)
}

private func configureDatabase(_ app: Application, _ choice: AppSettings.DatabaseChoice) async throws {
    switch choice {
    case .postgres(let url):
        var config = try SQLPostgresConfiguration(url: url)
        config.searchPath = nil
        app.databases.use(.postgres(configuration: config, sqlLogLevel: .trace), as: .psql, isDefault: true)
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite, isDefault: true)
        app.writeGate = WriteGate()
        // WAL lets readers carry on while one writer commits; it is a property of the file, so set once.
        // sqlite-nio installs a busy handler on every connection, so a writer waits for the lock
        // rather than failing with "database is locked".
        if let sql = app.db as? any SQLDatabase {
            try await sql.raw("PRAGMA journal_mode = WAL").run()
        }
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

struct AppSettingsKey: StorageKey {
    typealias Value = AppSettings
}

extension Application {
    var settings: AppSettings {
        guard let settings = storage[AppSettingsKey.self] else {
            fatalError("configure(_:settings:) has not run")
        }
        return settings
    }
}

extension Date {
    private static let iso8601Style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    var iso8601WithMilliseconds: String { formatted(Self.iso8601Style) }

    /// Now, cut to whole milliseconds: what the API prints is exactly what the database holds.
    static var nowMilliseconds: Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
