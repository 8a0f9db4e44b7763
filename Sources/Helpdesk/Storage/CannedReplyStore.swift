import Foundation
import SQLKit

/// Canned replies as `reader` sees them: their own and the shared ones. Someone else's private reply
/// is "not found"; who may change a visible one is the policy's question.
struct CannedReplyStore: Sendable {
    let context: StoreContext
    /// The staff member asking.
    let readerID: Int

    static let notFound = "Canned reply not found"

    /// Theirs and the shared ones, by title; `query` narrows to those whose title or body contains it.
    func list(matching query: String?) async throws -> [CannedReply] {
        var conditions: [SQLQueryString] = [visible]
        if let query, !query.isEmpty {
            let pattern = LikePattern.containing(query.lowercased())
            conditions.append(
                "(LOWER(title) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(body) LIKE \(bind: pattern) ESCAPE '\\')")
        }
        return try await context.sql.raw(
            Self.select + TicketStore.whereClause(conditions) + " ORDER BY LOWER(title), id"
        ).all().map { try $0.decode(model: CannedReply.self) }
    }

    /// The reply, or 404 if it is someone else's private one (or gone).
    func find(id: Int) async throws -> CannedReply {
        guard
            let row = try await context.sql.raw(
                Self.select + TicketStore.whereClause(["id = \(bind: id)", visible])
            ).first()
        else { throw NotFound(Self.notFound) }
        return try row.decode(model: CannedReply.self)
    }

    func create(_ new: NewCannedReply) async throws -> CannedReply {
        let now = context.clock.now()
        let id = try await context.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO canned_replies (title, body, shared, owner_id, created_at, updated_at)
                VALUES (\(bind: new.title), \(bind: new.body), \(bind: new.shared), \(bind: readerID),
                        \(bind: now), \(bind: now))
                RETURNING id
                """
            ).first()?.decode(column: "id", as: Int.self)
        }
        guard let id else { throw NotFound(Self.notFound) }
        return try await find(id: id)
    }

    func update(_ reply: CannedReply, with change: CannedReplyChange) async throws -> CannedReply {
        var assignments: [SQLQueryString] = ["updated_at = \(bind: max(context.clock.now(), reply.updatedAt))"]
        if let title = change.title { assignments.append("title = \(bind: title)") }
        if let body = change.body { assignments.append("body = \(bind: body)") }
        if let shared = change.shared { assignments.append("shared = \(bind: shared)") }
        let statement =
            "UPDATE canned_replies SET " + assignments.joined(separator: ", ") + " WHERE id = \(bind: reply.id)"
        try await context.transaction { sql in
            try await sql.raw(statement).run()
        }
        return try await find(id: reply.id)
    }

    func delete(_ reply: CannedReply) async throws {
        try await context.transaction { sql in
            try await sql.raw("DELETE FROM canned_replies WHERE id = \(bind: reply.id)").run()
        }
    }

    private static let select: SQLQueryString =
        "SELECT " + Columns.of(CannedReply.CodingKeys.self) + " FROM canned_replies"

    private var visible: SQLQueryString { "(shared = \(bind: true) OR owner_id = \(bind: readerID))" }
}
