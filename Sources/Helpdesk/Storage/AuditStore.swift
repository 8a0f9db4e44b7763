import Foundation
import SQLKit

/// The admin audit log: records that outlive what they are about.
struct AuditStore: Sendable {
    let context: StoreContext

    static let pageSize = 50

    func page(after cursor: Int?) async throws -> AuditPage {
        let condition: SQLQueryString = cursor.map { " WHERE a.id < \(bind: $0)" } ?? ""
        let rows = try await context.sql.raw(
            """
            SELECT a.id, a.action, a.target_type, a.target_id, a.summary, a.actor_id, u.username, a.created_at
            FROM admin_audit a LEFT JOIN users u ON u.id = a.actor_id
            """ + condition + " ORDER BY a.id DESC LIMIT \(literal: Self.pageSize + 1)"
        ).all()
        var items = try rows.map { row in
            let actorID = try row.decode(column: "actor_id", as: Int?.self)
            let actorName = try row.decode(column: "username", as: String?.self)
            return AuditEntryResponse(
                id: try row.decode(column: "id", as: Int.self),
                action: try row.decode(column: "action", as: String.self),
                targetType: try row.decode(column: "target_type", as: String.self),
                targetId: try row.decode(column: "target_id", as: Int.self),
                summary: try row.decode(column: "summary", as: String.self),
                actor: UserSummary(id: actorID, username: actorName),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
        var next: String?
        if items.count > Self.pageSize {
            items.removeLast()
            next = items.last.map { IDCursor(id: $0.id).encoded }
        }
        return AuditPage(items: items, nextCursor: next)
    }

    /// Writes one audit row inside the caller's transaction.
    static func record(
        _ action: String, target: (type: String, id: Int), summary: String, by actor: ChangeActor, at now: Date,
        on sql: any SQLDatabase
    ) async throws {
        try await sql.raw(
            """
            INSERT INTO admin_audit (action, target_type, target_id, summary, actor_id, created_at)
            VALUES (\(bind: action), \(bind: target.type), \(bind: target.id), \(bind: summary),
                    \(bind: actor.user?.id), \(bind: now))
            """
        ).run()
    }
}

/// Where a page ordered by id ended, as an opaque base64url string.
struct IDCursor: Equatable {
    var id: Int

    init(id: Int) { self.id = id }

    init?(encoded: String) {
        guard encoded.count <= 64, let data = Data(base64URLEncoded: encoded),
            let text = String(data: data, encoding: .utf8), text.hasPrefix("id:"),
            let id = Int(text.dropFirst(3)), id > 0
        else { return nil }
        self.id = id
    }

    var encoded: String { Data("id:\(id)".utf8).base64URLEncodedString }
}
