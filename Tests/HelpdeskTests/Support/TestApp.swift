import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

/// Runs `test` against a fresh app with its own fresh database: a temporary SQLite file, or — when
/// `TEST_DATABASE_URL` names a PostgreSQL server — a database created for this test and dropped after.
func withTestApp(
    throttle: ThrottleSettings = .init(enabled: true, window: 900, maxFailedLogins: 10, maxRegistrations: 1000),
    settings adjustment: SettingsAdjustment = .none,
    _ test: (Application) async throws -> Void
) async throws {
    await TestAppSlots.shared.acquire()
    defer { Task { await TestAppSlots.shared.release() } }
    let app = try await Application.make(.testing)
    let database = try await TestDatabase.make(for: app)
    do {
        var settings = AppSettings(
            database: database.choice,
            jwtSecret: JWTSecret.random(),
            tokenLifetime: 3600,
            bcryptCost: 4,
            passwordThreads: 1,
            publicDirectory: "/nonexistent-public-dir",
            openAPIPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../../openapi.yml").standardized.path,
            corsOrigins: [],
            throttle: throttle,
            publicURL: URL(string: "http://127.0.0.1:8080")!,
            idleTimeout: 60,
            mail: MailSettings(
                transport: .directory(database.mailDirectory),
                from: MailAddress(name: "Helpdesk", address: "support@example.com"),
                workerEnabled: false, pollInterval: 5, retryDelays: MailSettings.defaultRetryDelays),
            inbound: InboundSettings(secret: "inbound-test-secret-0123456789", maxBytes: 25 * 1024 * 1024),
            imap: nil
        )
        adjustment.apply(&settings)
        try await configure(app, settings: settings)
        try await app.autoMigrate()
        try await test(app)
    } catch {
        try? await database.drop(app)
        try? await app.asyncShutdown()
        database.removeFiles()
        throw error
    }
    try await database.drop(app)
    try await app.asyncShutdown()
    database.removeFiles()
}

struct TestDatabase {
    var choice: AppSettings.DatabaseChoice
    var sqlitePath: String?
    var postgresName: String?
    /// Where this test's mail goes (see `MailSettings.Transport.directory`).
    var mailDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("helpdesk-test-mail-\(UUID().uuidString)").path

    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }

    static func make(for app: Application) async throws -> TestDatabase {
        let unique = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        guard let serverURL = postgresURL else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("helpdesk-test-\(unique).sqlite")
                .path
            return TestDatabase(choice: .sqlite(path: path), sqlitePath: path)
        }
        let name = "hd_test_\(unique.prefix(20))"
        app.databases.use(
            .postgres(configuration: try SQLPostgresConfiguration(url: serverURL)), as: .maintenance, isDefault: false)
        try await (app.db(.maintenance) as! any SQLDatabase).raw("CREATE DATABASE \(ident: name)").run()
        var components = URLComponents(string: serverURL)!
        components.path = "/" + name
        return TestDatabase(choice: .postgres(url: components.string!), postgresName: name)
    }

    func drop(_ app: Application) async throws {
        guard let postgresName else { return }
        try await (app.db(.maintenance) as! any SQLDatabase)
            .raw("DROP DATABASE IF EXISTS \(ident: postgresName) WITH (FORCE)").run()
    }

    func removeFiles() {
        try? FileManager.default.removeItem(atPath: mailDirectory)
        guard let sqlitePath else { return }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: sqlitePath + suffix)
        }
    }
}

extension DatabaseID {
    static let maintenance = DatabaseID(string: "maintenance")
}

/// A change to the test app's settings, for the tests that need one.
struct SettingsAdjustment: Sendable {
    let apply: @Sendable (inout AppSettings) -> Void

    static let none = SettingsAdjustment { _ in }
}

/// Swift Testing runs every test at once; each app holds its own database connections, and two
/// hundred of them at a time overran PostgreSQL's connection limit. At most `limit` apps run at once.
actor TestAppSlots {
    static let shared = TestAppSlots(limit: 24)

    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
