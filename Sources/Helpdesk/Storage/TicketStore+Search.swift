import SQLKit

extension TicketStore {
    /// Whole words first: they stream from the index newest first and stop after a page. Only when
    /// they do not fill the page is the last word, if it is still being typed, read as the start of a
    /// word, which makes the index gather every completion first (hundreds of milliseconds for a
    /// common one at a million tickets, so not for every search).
    func search(_ filter: TicketFilter, limit: Int) async throws -> [any SQLRow] {
        var whole = filter
        whole.search.lastIsPrefix = false
        let rows = try await searchOnce(whole, limit: limit)
        guard rows.count < limit, filter.search.lastIsPrefix else { return rows }
        return try await searchOnce(filter, limit: limit)
    }

    private func searchOnce(_ filter: TicketFilter, limit: Int) async throws -> [any SQLRow] {
        switch context.kind {
        case .postgres: try await postgresSearch(filter, limit: limit)
        case .sqlite: try await sqliteSearch(filter, limit: limit)
        }
    }

    /// The full-text condition on `t`, for lists ordered by something other than creation.
    func searchCondition(_ query: TicketSearch.Query) -> SQLQueryString {
        switch context.kind {
        case .sqlite:
            "t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH \(bind: TicketSearch.fts5Match(query)))"
        case .postgres:
            "t.search_vector @@ to_tsquery('simple', \(bind: TicketSearch.tsQuery(query)))"
        }
    }

    /// How many of the newest tickets a PostgreSQL search reads before it turns to the index.
    static let searchWindow = 2000

    /// SQLite: tickets are inserted with `created_at` never below an earlier ticket's (see `create`),
    /// so id order is newest-first order, and the full-text index — kept in id order — yields matches
    /// newest first and stops after one page. A customer's search starts from their own (few) tickets.
    func sqliteSearch(_ filter: TicketFilter, limit: Int) async throws -> [any SQLRow] {
        let match = TicketSearch.fts5Match(filter.search)
        if scope.authorID != nil {
            var conditions = conditions(filter)
            conditions.append(searchCondition(filter.search))
            return try await context.sql.raw(
                select + " FROM tickets t" + names + Self.whereClause(conditions) + Self.newestFirst
                    + " LIMIT \(literal: limit)"
            ).all()
        }
        var conditions = conditions(filter, keyset: false)
        conditions.insert("tickets_fts MATCH \(bind: match)", at: 0)
        if let after = filter.after { conditions.append("f.rowid < \(bind: after.id)") }
        return try await context.sql.raw(
            select + " FROM tickets_fts f JOIN tickets t ON t.id = f.rowid" + names
                + Self.whereClause(conditions) + " ORDER BY f.rowid DESC LIMIT \(literal: limit)"
        ).all()
    }

    /// PostgreSQL: a common word fills a page from the newest few thousand tickets, read through the
    /// date index; only when it does not is the GIN index asked for every match (few, then).
    func postgresSearch(_ filter: TicketFilter, limit: Int) async throws -> [any SQLRow] {
        let query: SQLQueryString = "to_tsquery('simple', \(bind: TicketSearch.tsQuery(filter.search)))"
        let recent = try await context.sql.raw(
            select + " FROM (SELECT * FROM tickets t" + Self.whereClause(conditions(filter)) + Self.newestFirst
                + " LIMIT \(literal: Self.searchWindow)) t" + names + " WHERE t.search_vector @@ " + query
                + Self.newestFirst + " LIMIT \(literal: limit)"
        ).all()
        if recent.count == limit { return recent }
        return try await context.sql.raw(
            "WITH m AS MATERIALIZED (SELECT id FROM tickets WHERE search_vector @@ " + query + ") " + select
                + " FROM tickets t JOIN m ON m.id = t.id" + names + Self.whereClause(conditions(filter))
                + Self.newestFirst + " LIMIT \(literal: limit)"
        ).all()
    }
}
