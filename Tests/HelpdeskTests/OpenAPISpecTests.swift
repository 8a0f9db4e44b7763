import Foundation
import Testing
import Vapor
import VaporTesting
import Yams

@testable import Helpdesk

/// openapi.yml and the routes the app registers must describe the same API.
@Suite("OpenAPI spec")
struct OpenAPISpecTests {
    static let specURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../openapi.yml").standardized

    static func specOperations() throws -> Set<String> {
        let text = try String(contentsOf: specURL, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var operations = Set<String>()
        let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]
        for (path, item) in paths {
            for key in (item as? [String: Any] ?? [:]).keys where methods.contains(key) {
                operations.insert("\(key.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test("Every API route is in openapi.yml and every operation there is a route")
    func specMatchesRoutes() async throws {
        try await withTestApp { app in
            let routes = Set(
                app.routes.all.compactMap { route -> String? in
                    let segments = route.path.map { component -> String in
                        switch component {
                        case .constant(let value): value
                        case .parameter(let name): "{\(name)}"
                        case .anything: "*"
                        case .catchall: "**"
                        }
                    }
                    // The JSON 404 for unknown API paths is not an operation.
                    guard segments.first == "api", segments.last != "**" else { return nil }
                    return "\(route.method.rawValue) /\(segments.joined(separator: "/"))"
                })
            let spec = try Self.specOperations()
            #expect(routes.subtracting(spec).sorted() == [], "routes missing from openapi.yml")
            #expect(spec.subtracting(routes).sorted() == [], "operations in openapi.yml that the app does not serve")
            #expect(routes.count >= 19)
        }
    }

    @Test("The spec documents a 401 for every secured operation and the error schema everywhere")
    func specDocumentsErrors() throws {
        let text = try String(contentsOf: Self.specURL, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let open: Set<String> = [
            "POST /api/auth/register", "POST /api/auth/login", "GET /api/health", "GET /api/openapi.yml",
            "POST /api/auth/password-reset", "POST /api/auth/password-reset/confirm", "GET /api/health/live",
            "GET /api/health/ready",
        ]
        for (path, item) in paths {
            for (method, value) in item {
                guard let operation = value as? [String: Any], let responses = operation["responses"] as? [String: Any]
                else { continue }
                let name = "\(method.uppercased()) \(path)"
                if !open.contains(name) {
                    #expect(responses["401"] != nil, "\(name) does not document 401")
                }
            }
        }
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        #expect(schemas?["ErrorResponse"] != nil)
    }
}
