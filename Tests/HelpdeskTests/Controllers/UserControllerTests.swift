import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Users")
struct UserControllerTests {
    @Test("Admins list everyone; agents only staff (to pick an assignee); customers never")
    func listRules() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let admin = try await app.makeUser(.admin)

            let all = try await app.send(.GET, "/api/users", as: admin)
            #expect(try all.decode(UserList.self).items.map(\.id) == [customer.id, agent.id, admin.id])
            #expect(!all.body.string.contains("password"))
            let agents = try await app.send(.GET, "/api/users?role=agent", as: admin).decode(UserList.self)
            #expect(agents.items.map(\.id) == [agent.id])

            #expect(try await app.send(.GET, "/api/users?role=agent", as: agent).decode(UserList.self).items.count == 1)
            #expect(try await app.send(.GET, "/api/users?role=admin", as: agent).decode(UserList.self).items.count == 1)
            #expect(try await app.send(.GET, "/api/users", as: agent).status == .forbidden)
            #expect(try await app.send(.GET, "/api/users?role=customer", as: agent).status == .forbidden)
            #expect(try await app.send(.GET, "/api/users", as: customer).status == .forbidden)
            #expect(try await app.send(.GET, "/api/users?role=agent", as: customer).status == .forbidden)
            #expect(try await app.send(.GET, "/api/users?role=wizard", as: admin).status == .badRequest)
        }
    }

    @Test("Only admins change roles, and the change applies to the next request")
    func changeRole() async throws {
        try await withTestApp { app in
            let customer = try await app.makeUser()
            let agent = try await app.makeUser(.agent)
            let admin = try await app.makeUser(.admin)
            let path = "/api/users/\(customer.id)"

            #expect(try await app.send(.PATCH, path, as: agent, json: RawJSON(["role": "agent"])).status == .forbidden)
            #expect(
                try await app.send(.PATCH, path, as: customer, json: RawJSON(["role": "admin"])).status == .forbidden)
            let promoted = try await app.send(.PATCH, path, as: admin, json: RawJSON(["role": "agent"]))
            #expect(promoted.status == .ok)
            #expect(try promoted.decode(UserResponse.self).role == .agent)
            #expect(try await app.send(.GET, "/api/users?role=agent", as: customer).status == .ok)

            #expect(
                try await app.send(.PATCH, path, as: admin, json: RawJSON(["role": "wizard"])).status
                    == .unprocessableEntity)
            #expect(
                try await app.send(.PATCH, "/api/users/999999", as: admin, json: RawJSON(["role": "agent"])).status
                    == .notFound)
        }
    }

    @Test("The last admin cannot be demoted (409); with two, one can")
    func lastAdmin() async throws {
        try await withTestApp { app in
            let admin = try await app.makeUser(.admin)
            let res = try await app.send(.PATCH, "/api/users/\(admin.id)", as: admin, json: RawJSON(["role": "agent"]))
            #expect(res.status == .conflict)
            #expect(res.reason?.contains("admin") == true)
            #expect(try await app.storedUser(admin.id)?.role == .admin)

            let second = try await app.makeUser(.admin)
            let demote = try await app.send(
                .PATCH, "/api/users/\(admin.id)", as: second, json: RawJSON(["role": "customer"]))
            #expect(demote.status == .ok)
            let last = try await app.send(
                .PATCH, "/api/users/\(second.id)", as: second, json: RawJSON(["role": "agent"]))
            #expect(last.status == .conflict)
            // The demoted admin's token now carries no admin rights.
            #expect(try await app.send(.GET, "/api/users", as: admin).status == .forbidden)
        }
    }
}
