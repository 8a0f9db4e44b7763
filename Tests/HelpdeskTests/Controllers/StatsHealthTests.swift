import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Stats and health")
struct StatsHealthTests {
    @Test("Stats count the tickets the caller can see, by status and priority")
    func stats() async throws {
        try await withTestApp { app in
            let alice = try await app.makeUser()
            let bob = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            try await app.makeTicket(by: alice, priority: .urgent)
            try await app.makeTicket(by: alice, status: .closed)
            try await app.makeTicket(by: bob, priority: .low, status: .inProgress)

            let mine = try await app.send(.GET, "/api/stats", as: alice)
            #expect(mine.status == .ok)
            let json = mine.json
            #expect(json["by_status"] as? [String: Int] == ["open": 1, "in_progress": 0, "closed": 1])
            #expect(json["by_priority"] as? [String: Int] == ["low": 0, "normal": 1, "high": 0, "urgent": 1])
            let all = try await app.send(.GET, "/api/stats", as: agent).json
            #expect(all["by_status"] as? [String: Int] == ["open": 1, "in_progress": 1, "closed": 1])
            #expect(try await app.send(.GET, "/api/stats").status == .unauthorized)
        }
    }

    @Test("Health answers ok when the database does; the spec is served as YAML")
    func healthAndSpec() async throws {
        try await withTestApp { app in
            let health = try await app.send(.GET, "/api/health")
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")
            let spec = try await app.send(.GET, "/api/openapi.yml")
            #expect(spec.status == .ok)
            #expect(spec.headers.contentType?.subType == "yaml")
            #expect(spec.body.string.hasPrefix("openapi: 3"))
        }
    }
}
