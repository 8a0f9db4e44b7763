import Vapor

/// `GET /api/tags?q=`: the most used tags, for autocomplete (staff).
struct TagController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tags", use: list)
    }

    @Sendable func list(req: Request) async throws -> TagList {
        try req.policy.authorizeTags()
        let prefix = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
            .lowercased()
        guard prefix.count <= TicketTags.maxLength else {
            throw Abort(.badRequest, reason: "q must be at most \(TicketTags.maxLength) characters")
        }
        return TagList(items: try await req.tags.popular(prefix: prefix))
    }
}

struct TagList: Content {
    var items: [TagCount]
}
