import Foundation
import SQLKit

/// Tickets: every read is limited to what `scope` may see (a ticket outside it is "not found"), and
/// every write goes through `StoreContext.changeTickets`.
struct TicketStore: Sendable {
    let context: StoreContext
    let scope: ReadScope

    static let notFound = "Ticket not found"

    // MARK: Reads

    /// One page in the filter's order, and the cursor of the next page (nil on the last page).
    func page(_ filter: TicketFilter) async throws -> TicketPage {
        try await page(filter, limit: filter.limit)
    }

    /// A page of any size (the CSV export reads in chunks larger than the API's pages).
    func page(_ filter: TicketFilter, limit pageSize: Int) async throws -> TicketPage {
        var filter = filter
        filter.limit = pageSize
        let limit = filter.limit + 1
        let rows: [any SQLRow]
        if filter.sort == .created, filter.search.terms.isEmpty, !filter.tags.isEmpty {
            rows = try await taggedPage(filter, limit: limit)
        } else if filter.search.terms.isEmpty || filter.sort != .created {
            rows = try await context.sql.raw(
                select + " FROM tickets t" + names + Self.whereClause(conditions(filter))
                    + order(filter.sort) + " LIMIT \(literal: limit)"
            ).all()
        } else {
            rows = try await search(filter, limit: limit)
        }
        let shown = try await Shown(self)
        var items = try rows.map(shown.ticket)
        var next: String?
        if items.count > filter.limit {
            items.removeLast()
            next = items.last.map { last in
                switch filter.sort {
                case .created: TicketCursor(createdAt: last.ticket.createdAt, id: last.ticket.id).encoded
                case .due: TicketCursor(createdAt: last.sla.dueAt, id: last.ticket.id).encoded
                case .activity:
                    TicketCursor(
                        createdAt: scope.internalNotes ? last.ticket.activityAt : last.ticket.updatedAt,
                        id: last.ticket.id
                    ).encoded
                }
            }
        }
        return TicketPage(items: items.map(\.response), nextCursor: next)
    }

    /// Newest first with a tag: the tag's index (tag, ticket_id) yields its tickets in id order, which
    /// is newest-first order (see `create`), so the page stops after `limit` rows however common or
    /// rare the tag is. Further tags and filters are checked on the way.
    private func taggedPage(_ filter: TicketFilter, limit: Int) async throws -> [any SQLRow] {
        var others = filter
        let leading = others.tags.removeFirst()
        var conditions = conditions(others, keyset: false)
        conditions.insert("tagged.tag = \(bind: leading)", at: 0)
        if let after = filter.after { conditions.append("tagged.ticket_id < \(bind: after.id)") }
        return try await context.sql.raw(
            select + " FROM ticket_tags tagged JOIN tickets t ON t.id = tagged.ticket_id" + names
                + Self.whereClause(conditions) + " ORDER BY tagged.ticket_id DESC LIMIT \(literal: limit)"
        ).all()
    }

    /// The ticket as the API shows it, or 404.
    func response(id: Int) async throws -> TicketResponse {
        let rows = try await context.sql.raw(
            select + " FROM tickets t" + names + Self.whereClause(["t.id = \(bind: id)"] + visibility)
        ).all()
        guard let row = rows.first else { throw NotFound(Self.notFound) }
        return try await Shown(self).ticket(row).response
    }

    /// The ticket as its reader opens it: a customer opening their own ticket has now seen its replies,
    /// so its "new reply" marker clears (written only when it was set).
    func open(id: Int) async throws -> TicketResponse {
        var response = try await response(id: id)
        if response.newReply == true, scope.authorID == response.authorId {
            let now = context.clock.now()
            try await context.transaction { sql in
                try await sql.raw("UPDATE tickets SET customer_seen_at = \(bind: now) WHERE id = \(bind: id)").run()
            }
            response.newReply = false
        }
        return response
    }

    /// The stored ticket, for deciding what may be done with it; 404 if the reader may not see it.
    func ticket(id: Int) async throws -> Ticket {
        guard let ticket = try await Self.ticket(id: id, scope: scope, on: context.sql) else {
            throw NotFound(Self.notFound)
        }
        return ticket
    }

    static func ticket(id: Int, scope: ReadScope, on sql: any SQLDatabase) async throws -> Ticket? {
        var conditions: [SQLQueryString] = ["t.id = \(bind: id)"]
        if let authorID = scope.authorID { conditions.append("t.author_id = \(bind: authorID)") }
        return try await sql.raw(
            "SELECT " + Columns.of(Ticket.CodingKeys.self, table: "t") + " FROM tickets t" + whereClause(conditions)
        ).first().map(Ticket.init(row:))
    }

    // MARK: Writes

    /// Files a ticket. One that came by mail (`imported`) also gets the message's screenshots and its
    /// record, in the same transaction.
    func create(_ new: NewTicket, by actor: ChangeActor, imported: ImportedMail? = nil) async throws -> TicketResponse {
        guard let author = actor.user else { preconditionFailure("a ticket is always filed by someone") }
        let greatest = context.kind.greatest
        let id = try await context.changeTickets(by: actor) { tx in
            // `created_at` is never earlier than an earlier ticket's (should the clock step back), so id
            // order is always newest-first order: the SQLite search relies on it.
            let row = try await tx.sql.raw(
                """
                INSERT INTO tickets (title, description, status, priority, author_id, assignee_id,
                                     created_at, updated_at, activity_at, sla_due_at)
                SELECT \(bind: new.title), \(bind: new.description), \(bind: TicketStatus.open.rawValue),
                       \(bind: new.priority.rawValue), \(bind: author.id), NULL, latest.c, latest.c, latest.c,
                       \(bind: TicketSLAState.nothingDue)
                FROM (SELECT \(unsafeRaw: greatest)(\(bind: tx.now), COALESCE(MAX(created_at), \(bind: tx.now))) AS c
                      FROM tickets) latest
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int.self) else { throw NotFound(Self.notFound) }
            let (ticket, sla) = try await tx.current(id)
            try await tx.record(id, "created")
            let next = try await tx.advanceSLA(ticket, sla, status: .open, priority: ticket.priority, [.created])
            try await tx.count(ticket, from: nil, to: tx.tally(.open, ticket.priority, next))
            if let imported {
                try await InboundStore.record(imported, ticketID: id, commentID: nil, at: tx.now, on: tx.sql)
            }
            try await tx.notify(.created(description: ticket.description), about: ticket)
            try await tx.emit(.ticketCreated, about: ticket)
            return id
        }
        return try await response(id: id)
    }

    func update(_ ticket: Ticket, with change: TicketChange, by actor: ChangeActor) async throws -> TicketResponse {
        try await context.changeTickets(by: actor) { tx in
            try await Self.apply(change, to: ticket.id, in: tx)
        }
        return try await TicketStore(context: context, scope: .everything).response(id: ticket.id)
    }

    /// Changes many tickets in one transaction, all or none, each exactly as `update` would (its own
    /// history, events and mail). 404 naming the first id that does not exist.
    func bulkUpdate(_ ids: [Int], with change: BulkTicketChange, by actor: ChangeActor) async throws
        -> [TicketResponse]
    {
        try await context.changeTickets(by: actor) { tx in
            for id in ids {
                guard try await Self.ticket(id: id, scope: .everything, on: tx.sql) != nil else {
                    throw NotFound("Ticket \(id) not found")
                }
                var single = TicketChange(
                    status: change.status, priority: change.priority, assigneeID: change.assigneeID)
                if !change.addTags.isEmpty || !change.removeTags.isEmpty {
                    let tags = Set(try await TagStore.tags(of: id, on: tx.sql)).union(change.addTags)
                        .subtracting(change.removeTags)
                    guard tags.count <= TicketTags.maxPerTicket else {
                        throw ValidationFailure(fields: [
                            "changes.add_tags": "ticket \(id) would have more than \(TicketTags.maxPerTicket) tags"
                        ])
                    }
                    single.tags = tags.sorted()
                }
                try await Self.apply(single, to: id, in: tx)
            }
        }
        let store = TicketStore(context: context, scope: .everything)
        var items: [TicketResponse] = []
        for id in ids { items.append(try await store.response(id: id)) }
        return items
    }

    /// One ticket's change inside `tx`: the columns, their history, the SLA clock, the counters, the
    /// activity times, the event and the mail.
    private static func apply(_ change: TicketChange, to id: Int, in tx: TicketTransaction) async throws {
        let (current, sla) = try await tx.current(id)
        var assignments: [SQLQueryString] = []
        var changes: [(field: String, from: String?, to: String?)] = []
        func set<T: Equatable & Encodable & Sendable>(_ field: String, _ old: T, _ new: T?, shown: (T) -> String) {
            guard let new, new != old else { return }
            assignments.append("\(ident: field) = \(bind: new)")
            changes.append((field, shown(old), shown(new)))
        }
        set("title", current.title, change.title) { $0 }
        set("description", current.description, change.description) { $0 }
        set("status", current.status.rawValue, change.status?.rawValue) { $0 }
        set("priority", current.priority.rawValue, change.priority?.rawValue) { $0 }
        if let assignee = change.assigneeID {
            var name: String?
            if let assignee { name = try await Self.staffName(of: assignee, on: tx.sql) }
            if assignee != current.assigneeID {
                assignments.append("assignee_id = \(bind: assignee)")
                var before: String?
                if let old = current.assigneeID { before = try await Self.username(of: old, on: tx.sql) }
                changes.append(("assignee", before, name))
            }
        }
        if !assignments.isEmpty {
            try await tx.sql.raw(
                "UPDATE tickets SET " + assignments.joined(separator: ", ") + " WHERE id = \(bind: id)"
            ).run()
        }
        var tagsChanged = false
        if let tags = change.tags {
            let before = try await TagStore.tags(of: id, on: tx.sql)
            if before != tags {
                try await TagStore.replace(tags, on: id, sql: tx.sql)
                changes.append(("tags", before.joined(separator: ", "), tags.joined(separator: ", ")))
                tagsChanged = true
            }
        }
        for change in changes {
            try await tx.record(id, "updated", field: change.field, from: change.from, to: change.to)
        }
        let status = change.status ?? current.status
        let priority = change.priority ?? current.priority
        var events: [SLAEvent] = []
        if status != current.status, status == .closed || current.status == .closed {
            events.append(status == .closed ? .closed : .reopened)
        }
        if priority != current.priority { events.append(.retargeted) }
        let next = try await tx.advanceSLA(current, sla, status: status, priority: priority, events)
        try await tx.count(
            current, from: tx.tally(current.status, current.priority, sla), to: tx.tally(status, priority, next))
        try await tx.touch(current, seenByCustomer: true)
        if tagsChanged, assignments.isEmpty { try await tx.emit(.ticketUpdated, about: current) }
        if !assignments.isEmpty {
            try await tx.emit(.ticketUpdated, about: current)
            let (after, _) = try await tx.current(id)
            if let assignee = after.assigneeID, assignee != current.assigneeID {
                try await tx.notify(.assigned(to: assignee), about: after)
            }
            if after.status == .closed, current.status != .closed { try await tx.notify(.closed, about: after) }
        }
    }

    /// Deletes the ticket with its comments, images and history; the admin audit keeps that it existed.
    func delete(_ ticket: Ticket, by actor: ChangeActor) async throws {
        try await context.changeTickets(by: actor) { tx in
            let (current, sla) = try await tx.current(ticket.id)
            try await tx.sql.raw("DELETE FROM tickets WHERE id = \(bind: ticket.id)").run()
            try await tx.count(current, from: tx.tally(current.status, current.priority, sla), to: nil)
            try await tx.emit(.ticketDeleted, about: current)
            try await AuditStore.record(
                "ticket_deleted", target: ("ticket", current.id), summary: current.title, by: actor, at: tx.now,
                on: tx.sql)
        }
    }

    /// The username of an agent or admin; 422 for anyone else (only staff can be assigned).
    private static func staffName(of id: Int, on sql: any SQLDatabase) async throws -> String {
        let row = try await sql.raw("SELECT username, role, active FROM users WHERE id = \(bind: id)").first()
        guard let row, try row.decode(column: "role", as: Role.self).isStaff,
            try row.decode(column: "active", as: Bool.self)
        else {
            throw ValidationFailure(fields: ["assignee_id": "must be the id of an active agent or admin"])
        }
        return try row.decode(column: "username", as: String.self)
    }

    private static func username(of id: Int, on sql: any SQLDatabase) async throws -> String? {
        try await sql.raw("SELECT username FROM users WHERE id = \(bind: id)").first()?
            .decode(column: "username", as: String.self)
    }

    // MARK: SQL

    private static let customerSelect: SQLQueryString =
        "SELECT " + Columns.of(Ticket.CodingKeys.self, table: "t") + ", "
        + Columns.of(TicketSLAState.CodingKeys.self, table: "t") + ", "
        + Columns.of(TicketReplies.CodingKeys.self, table: "t")
        + ", a.username AS author_username, s.username AS assignee_username, r.username AS reply_username"

    /// Staff also get the ticket's tags, in the same query (one round trip less a page): sorted and
    /// joined by commas, which a tag cannot contain. (`string_agg … ORDER BY` is PostgreSQL's, and
    /// SQLite's since 3.44.)
    private static let staffSelect: SQLQueryString =
        customerSelect
        + ", (SELECT string_agg(g.tag, ',' ORDER BY g.tag) FROM ticket_tags g WHERE g.ticket_id = t.id) AS tag_list"

    /// The columns of a ticket row as this reader gets them (see `Shown.ticket`).
    var select: SQLQueryString { scope.internalNotes ? Self.staffSelect : Self.customerSelect }
    static let newestFirst: SQLQueryString = " ORDER BY t.created_at DESC, t.id DESC"

    /// The people a row names: its author, its assignee, and who wrote the last comment this reader
    /// may see (staff: any; customers: the last public one).
    var names: SQLQueryString {
        " JOIN users a ON a.id = t.author_id LEFT JOIN users s ON s.id = t.assignee_id LEFT JOIN users r ON r.id = t."
            + (scope.internalNotes ? "last_reply_by" : "last_public_reply_by")
    }

    func order(_ sort: TicketSort) -> SQLQueryString {
        switch sort {
        case .created: Self.newestFirst
        case .due: " ORDER BY t.sla_due_at ASC, t.id ASC"
        case .activity: " ORDER BY t.\(unsafeRaw: activityColumn) DESC, t.id DESC"
        }
    }

    /// What "latest activity" means for this reader: staff see every change (internal notes too);
    /// customers only what they can see.
    var activityColumn: String { scope.internalNotes ? "activity_at" : "updated_at" }

    /// The reader's visibility as conditions on `t`.
    var visibility: [SQLQueryString] {
        scope.authorID.map { ["t.author_id = \(bind: $0)"] } ?? []
    }

    /// Visibility and the filter's conditions on `t`, search aside unless the order is by due time.
    func conditions(_ filter: TicketFilter, keyset: Bool = true) -> [SQLQueryString] {
        var conditions = visibility
        if let status = filter.status { conditions.append("t.status = \(bind: status.rawValue)") }
        if let priority = filter.priority { conditions.append("t.priority = \(bind: priority.rawValue)") }
        switch filter.assignee {
        case .user(let id): conditions.append("t.assignee_id = \(bind: id)")
        case .unassigned: conditions.append("t.assignee_id IS NULL")
        case nil: break
        }
        if let authorID = filter.authorID { conditions.append("t.author_id = \(bind: authorID)") }
        let now = context.clock.now()
        switch filter.sla {
        case .breached: conditions.append("t.sla_due_at <= \(bind: now)")
        case .atRisk: conditions.append("t.sla_risk_at <= \(bind: now) AND t.sla_due_at > \(bind: now)")
        case nil: break
        }
        if filter.sort != .created, !filter.search.terms.isEmpty {
            conditions.append(searchCondition(filter.search))
        }
        if let id = filter.search.ticketID { conditions.append("t.id = \(bind: id)") }
        // One index probe a row: an `IN (…)` list would gather every ticket with the tag first.
        for tag in filter.tags {
            conditions.append(
                "EXISTS (SELECT 1 FROM ticket_tags h WHERE h.ticket_id = t.id AND h.tag = \(bind: tag))")
        }
        // Staff only: a customer's list is their own tickets anyway.
        if let from = filter.search.from, scope.authorID == nil {
            conditions.append(
                "t.author_id IN (SELECT id FROM users WHERE email = \(bind: from) OR LOWER(username) = \(bind: from))")
        }
        if keyset, let after = filter.after {
            conditions.append(keysetCondition(after, sort: filter.sort))
        }
        return conditions
    }

    /// After the cursor's ticket, compared with that ticket's stored values so that the database
    /// compares its own; the ticket is looked up only among those the reader may see (so a cursor tells
    /// nothing of anyone else's tickets), and the cursor's own time stands in otherwise.
    private func keysetCondition(_ after: TicketCursor, sort: TicketSort) -> SQLQueryString {
        var named: [SQLQueryString] = ["c.id = \(bind: after.id)"]
        if let authorID = scope.authorID { named.append("c.author_id = \(bind: authorID)") }
        let (column, comparison): (String, String) =
            switch sort {
            case .created: ("created_at", "<")
            case .due: ("sla_due_at", ">")
            case .activity: (activityColumn, "<")
            }
        return
            "(t.\(unsafeRaw: column), t.id) \(unsafeRaw: comparison) (COALESCE((SELECT c.\(unsafeRaw: column) FROM tickets c"
            + Self.whereClause(named) + "), \(bind: after.createdAt)), \(bind: after.id))"
    }

    static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// How rows become API tickets for this reader: staff get the SLA, computed with the cached clock.
    struct Shown {
        let clock: SLAClock?
        let now: Date
        /// Whether the reader sees internal notes (staff).
        let staff: Bool

        init(_ store: TicketStore) async throws {
            staff = store.scope.internalNotes
            clock = staff ? try await store.context.slaClock() : nil
            now = store.context.clock.now()
        }

        /// The last comment this reader may see: staff any, customers the last public one.
        func lastReply(_ replies: TicketReplies, username: String?) -> LastReplyResponse? {
            let (at, by) =
                staff
                ? (replies.lastReplyAt, replies.lastReplyBy) : (replies.lastPublicReplyAt, replies.lastPublicReplyBy)
            guard let at, let author = UserSummary(id: by, username: username) else { return nil }
            return LastReplyResponse(author: author, at: at, internal: staff && replies.lastPublicReplyAt != at)
        }

        func ticket(_ row: any SQLRow) throws -> (ticket: Ticket, sla: TicketSLAState, response: TicketResponse) {
            let ticket = try Ticket(row: row)
            let sla = try TicketSLAState(row: row)
            let assigneeName = try row.decode(column: "assignee_username", as: String?.self)
            let replies = try TicketReplies(row: row)
            var response = TicketResponse(
                ticket,
                author: UserSummary(
                    id: ticket.authorID, username: try row.decode(column: "author_username", as: String.self)),
                assignee: UserSummary(id: ticket.assigneeID, username: assigneeName),
                sla: clock?.response(sla, priority: ticket.priority, status: ticket.status, now: now))
            response.lastReply = try lastReply(
                replies, username: row.decode(column: "reply_username", as: String?.self))
            if staff {
                let tags = try row.decode(column: "tag_list", as: String?.self) ?? ""
                response.tags = tags.split(separator: ",").map(String.init)
            } else {
                response.newReply = replies.hasNewReply(forAuthor: ticket.authorID)
            }
            return (ticket, sla, response)
        }
    }
}
