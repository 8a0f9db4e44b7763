import Foundation
import Vapor

/// Where a page of tickets ended: the last ticket's id and creation time (whole milliseconds), sent
/// to clients as an opaque base64url string.
struct TicketCursor: Equatable {
    var createdAtMilliseconds: Int64
    var id: Int

    init(createdAt: Date, id: Int) {
        createdAtMilliseconds = Int64((createdAt.timeIntervalSince1970 * 1000).rounded())
        self.id = id
    }

    init?(encoded: String) {
        guard encoded.count <= 64, let data = Data(base64URLEncoded: encoded),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let milliseconds = Int64(parts[0]), let id = Int(parts[1]), id > 0 else { return nil }
        createdAtMilliseconds = milliseconds
        self.id = id
    }

    var encoded: String {
        Data("\(createdAtMilliseconds):\(id)".utf8).base64URLEncodedString
    }

    var createdAt: Date { Date(timeIntervalSince1970: Double(createdAtMilliseconds) / 1000) }
}
