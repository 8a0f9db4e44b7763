import Fluent
import SQLKit

/// The SLA columns of a ticket (see `TicketSLAState`). Tickets that exist already get no due time:
/// their clock starts at their next change, as a new configuration's does.
struct AddTicketSLAColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        let schema = { database.schema(Ticket.schema) }
        for name in ["first_responded_at", "resolved_at", "sla_paused_since", "first_response_due_at"] {
            try await schema().field(.string(name), .datetime).update()
        }
        for name in ["resolution_due_at", "sla_due_at", "sla_risk_at"] {
            try await schema().field(.string(name), .datetime).update()
        }
        try await schema().field("awaiting_customer", .bool, .required, .sql(.default(false))).update()
        try await schema().field("sla_paused_minutes", .double, .required, .sql(.default(0))).update()
        let sql = database.sql
        try await sql.raw("UPDATE tickets SET sla_due_at = \(bind: TicketSLAState.nothingDue)").run()
        // Soonest due first (`sort=due`) and "breached" read the due index; "at risk" the risk index,
        // which carries the due time so that counting needs no table lookups.
        try await sql.create(index: "tickets_sla_due_idx").on(Ticket.schema).column("sla_due_at").column("id").run()
        try await sql.create(index: "tickets_sla_risk_idx").on(Ticket.schema).column("sla_risk_at").column("sla_due_at")
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.drop(index: "tickets_sla_due_idx").run()
        try await sql.drop(index: "tickets_sla_risk_idx").run()
        for column in TicketSLAState.CodingKeys.allCases {
            try await database.schema(Ticket.schema).deleteField(.string(column.rawValue)).update()
        }
    }
}
