import Foundation
import Vapor

/// Where a page of tickets ended: the last ticket's id and creation time (whole milliseconds), sent
/// to clients as an opaque base64url string.
struct TicketCursor: Equatable {
    var createdAtMilliseconds: Int64
    var id: Int

    static let milliseconds: ClosedRange<Int64> = 0...253_402_300_799_999

    init(createdAt: Date, id: Int) {
        createdAtMilliseconds = Int64((createdAt.timeIntervalSince1970 * 1000).rounded())
        self.id = id
    }

    init?(encoded: String) {
        guard encoded.count <= 64, let data = Data(base64URLEncoded: encoded),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = text.split(separator: ":")
        // Times outside years 1970-9999 are no cursor this server gave out, and PostgreSQL's driver
        // traps converting a time far enough out: refuse them here.
        guard parts.count == 2, let milliseconds = Int64(parts[0]), Self.milliseconds.contains(milliseconds),
            let id = Int(parts[1]), id > 0
        else { return nil }
        createdAtMilliseconds = milliseconds
        self.id = id
    }

    var encoded: String {
        Data("\(createdAtMilliseconds):\(id)".utf8).base64URLEncodedString
    }

    var createdAt: Date { Date(timeIntervalSince1970: Double(createdAtMilliseconds) / 1000) }
}
