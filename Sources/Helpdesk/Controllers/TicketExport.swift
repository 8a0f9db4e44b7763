import CSV
import Foundation
import Vapor

/// `GET /api/tickets/export.csv`: every ticket the list's filters match (not one page), as RFC 4180
/// CSV, streamed in keyset chunks so that a million rows take constant memory.
enum TicketExport {
    static let header = [
        "id", "title", "status", "priority", "author", "assignee", "tags", "created_at", "updated_at", "last_reply_at",
        "description",
    ]
    static let chunk = 500

    static func response(store: TicketStore, filter: TicketFilter) -> Response {
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"tickets.csv\"")
        response.body = .init(managedAsyncStream: { writer in
            try await writer.write(.buffer(ByteBuffer(data: try rows([header]))))
            var page = filter
            page.limit = chunk
            page.after = nil
            while true {
                let result = try await store.page(page, limit: chunk)
                if !result.items.isEmpty {
                    try await writer.write(.buffer(ByteBuffer(data: try rows(result.items.map(cells)))))
                }
                guard let next = result.nextCursor, let cursor = TicketCursor(encoded: next) else { return }
                page.after = cursor
            }
        })
        return response
    }

    static func cells(_ ticket: TicketResponse) -> [String] {
        [
            String(ticket.id), ticket.title, ticket.status.rawValue, ticket.priority.rawValue, ticket.author.username,
            ticket.assignee?.username ?? "", (ticket.tags ?? []).joined(separator: " "),
            ticket.createdAt.iso8601WithMilliseconds, ticket.updatedAt.iso8601WithMilliseconds,
            ticket.lastReply?.at.iso8601WithMilliseconds ?? "", ticket.description,
        ]
    }

    /// The rows as CSV (each ending in CRLF), by the CSV library; a cell a spreadsheet would read as a
    /// formula gets a leading `'`.
    static func rows(_ rows: [[String]]) throws -> Data {
        let stream = OutputStream(toMemory: ())
        let csv = try CSVWriter(stream: stream, newline: .crlf)
        for row in rows { try csv.write(row: row.map(defused)) }
        csv.stream.close()
        var data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        data.append(contentsOf: Array("\r\n".utf8))
        return data
    }

    /// Cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return would run as formulas in a
    /// spreadsheet (CSV injection).
    static func defused(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        return "'" + cell
    }
}
