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
    let metrics = settings.metricsEnabled ? AppMetrics() : nil
    if let metrics { app.middleware.use(MetricsMiddleware(metrics: metrics)) }
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
        loginThrottle: LoginThrottle(
            settings: settings.throttle,
            shared: kind == .postgres ? ThrottleStore(context: backgroundContext(app, kind)) : nil),
        decoyPasswordHash: try app.password.hash([UInt8].random(count: 16).base64),
        openAPISpec: try? String(contentsOfFile: settings.openAPIPath, encoding: .utf8),
        clock: .system,
        passwordPool: app.startPasswordThreadPool(threads: settings.passwordThreads),
        mailQueue: makeMailQueue(settings, logger: app.logger),
        eventBus: EventBus(store: EventStore(context: backgroundContext(app, kind))),
        sessionCache: SessionCache(enabled: kind == .sqlite)
    )
    app.lifecycle.use(EventBusShutdown(bus: app.services.eventBus))

    await app.jwt.keys.add(hmac: HMACKey(from: settings.jwtSecret), digestAlgorithm: .sha256)

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(CreateUserCommand(), as: "create-user")
    app.asyncCommands.use(ServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(MailWorkerCommand(), as: "mail-worker")
    app.asyncCommands.use(MailInCommand(), as: "mail-in")

    try routes(app)
    if let metrics { try app.register(collection: MetricsController(metrics: metrics)) }
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

/// The stores' context for services made before `app.services` exists (PostgreSQL only writes through
/// it, so it needs no group committer).
private func backgroundContext(_ app: Application, _ kind: DatabaseKind) -> StoreContext {
    StoreContext(database: app.db, kind: kind, committer: nil, clock: .system, slaClocks: SLAClockCache())
}

/// How mail is written, or nil (with a warning) when it is off.
private func makeMailQueue(_ settings: AppSettings, logger: Logger) -> MailQueue? {
    switch settings.mail.transport {
    case .off:
        logger.warning("SMTP_URL is not set: Helpdesk sends no mail (notifications and password resets are off)")
        return nil
    case .directory(let path):
        logger.notice("SMTP_URL is not set: mail is written as .eml files into \(path)/")
    case .smtp(let smtp):
        logger.notice("Mail goes to \(smtp.host):\(smtp.port) as \(settings.mail.from.address)")
    }
    return MailQueue(
        composer: MailComposer(from: settings.mail.from, publicURL: settings.publicURL, secret: settings.jwtSecret),
        wake: MailWake())
}

/// ISO 8601 UTC timestamps (with milliseconds) everywhere JSON crosses the wire. The DTOs spell their
/// snake_case keys in CodingKeys: a key strategy converted every key of every response again.
private func configureJSON() {
    let decoder = JSONDecoder()
    ContentConfiguration.global.use(encoder: JSONEncoder.helpdesk(), for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)
}

extension JSONEncoder {
    /// How the API writes JSON (responses and event streams alike).
    static func helpdesk() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.iso8601WithMilliseconds)
        }
        return encoder
    }
}

extension Date {
    /// `2026-01-31T09:15:00.123Z`, rounded to the nearest millisecond (a stored time is a binary
    /// fraction a hair below its millisecond; a formatter that truncates would print one less). Written
    /// out with integer arithmetic: a page of tickets carries over a hundred times, and Foundation's
    /// formatter was a measurable share of a list request. Years 0001-9999 (the cursor's range and more).
    var iso8601WithMilliseconds: String {
        let milliseconds = Int64((timeIntervalSince1970 * 1000).rounded())
        let (seconds, millisecond) = Self.floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        var text = ""
        text.reserveCapacity(24)
        Self.append(year, digits: 4, to: &text)
        text += "-"
        Self.append(month, digits: 2, to: &text)
        text += "-"
        Self.append(day, digits: 2, to: &text)
        text += "T"
        Self.append(secondOfDay / 3600, digits: 2, to: &text)
        text += ":"
        Self.append(secondOfDay / 60 % 60, digits: 2, to: &text)
        text += ":"
        Self.append(secondOfDay % 60, digits: 2, to: &text)
        text += "."
        Self.append(millisecond, digits: 3, to: &text)
        text += "Z"
        return text
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (the "days from civil" algorithm
    /// run backwards: 400-year eras of 146,097 days, years starting in March).
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func append(_ value: Int64, digits: Int, to text: inout String) {
        let number = String(value)
        if number.count < digits { text += String(repeating: "0", count: digits - number.count) }
        text += number
    }

    /// Now, cut to whole milliseconds: what the API prints is exactly what the database holds.
    static var nowMilliseconds: Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
