import Foundation
import SQLKit

/// Screenshots of tickets. An image is found only through a ticket the reader may see, and its bytes
/// are read only after that check.
struct ImageStore: Sendable {
    let context: StoreContext
    let scope: ReadScope

    static let notFound = "Image not found"

    func list(on ticket: Ticket) async throws -> [ImageResponse] {
        try await context.sql.raw(
            "SELECT " + Columns.of(ImageResponse.CodingKeys.self)
                + " FROM ticket_images WHERE ticket_id = \(bind: ticket.id) ORDER BY id"
        ).all().map { try $0.decode(model: ImageResponse.self) }
    }

    /// The image and its ticket, if the reader may see that ticket; otherwise 404.
    func find(id: Int) async throws -> (image: ImageResponse, ticket: Ticket) {
        guard
            let image = try await context.sql.raw(
                "SELECT " + Columns.of(ImageResponse.CodingKeys.self) + " FROM ticket_images WHERE id = \(bind: id)"
            ).first()?.decode(model: ImageResponse.self),
            let ticket = try await TicketStore.ticket(id: image.ticketId, scope: scope, on: context.sql)
        else {
            throw NotFound(Self.notFound)
        }
        return (image, ticket)
    }

    func bytes(of image: ImageResponse) async throws -> Data {
        guard
            let row = try await context.sql.raw("SELECT image_data FROM ticket_images WHERE id = \(bind: image.id)")
                .first()
        else {
            throw NotFound(Self.notFound)
        }
        return try row.decode(column: "image_data", as: Data.self)
    }

    func add(_ upload: NewImage, to ticket: Ticket, by actor: ChangeActor) async throws -> ImageResponse {
        try await context.changeTickets(by: actor) { tx in
            let row = try await tx.sql.raw(
                """
                INSERT INTO ticket_images (ticket_id, filename, content_type, size, image_data, created_at)
                VALUES (\(bind: ticket.id), \(bind: upload.filename), \(bind: upload.format.contentType),
                        \(bind: upload.data.count), \(bind: upload.data), \(bind: tx.now))
                RETURNING \(Columns.of(ImageResponse.CodingKeys.self))
                """
            ).first()
            guard let row else { throw NotFound(TicketStore.notFound) }
            try await tx.record(ticket.id, "image_added", to: upload.filename)
            return try row.decode(model: ImageResponse.self)
        }
    }

    func delete(_ image: ImageResponse, by actor: ChangeActor) async throws {
        try await context.changeTickets(by: actor) { tx in
            try await tx.sql.raw("DELETE FROM ticket_images WHERE id = \(bind: image.id)").run()
            try await tx.record(image.ticketId, "image_deleted", from: image.filename)
        }
    }
}
