import Fluent
import Vapor

struct ImageController: RouteCollection {
    static let maxImageBytes = 5 * 1024 * 1024

    func boot(routes: any RoutesBuilder) throws {
        let ticketImages = routes.grouped("tickets", ":id", "images")
        // Room for a 5 MiB file plus the multipart framing around it; the file itself is checked below.
        ticketImages.on(.POST, body: .collect(maxSize: "6mb"), use: upload)
        ticketImages.get(use: index)
        let images = routes.grouped("images")
        images.get(":id", use: download)
        images.delete(":id", use: delete)
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let ticket = try await Ticket.visible(try req.idParameter(notFound: Ticket.notFound), to: req)
        guard req.headers.contentType?.type == "multipart", req.headers.contentType?.subType == "form-data" else {
            throw Abort(.unsupportedMediaType, reason: "Send the image as multipart/form-data in the field 'image'")
        }
        let upload: ImageUpload
        do {
            upload = try req.content.decode(ImageUpload.self)
        } catch {
            throw Abort(
                .badRequest, reason: "The form needs one file in the field 'image' (the body could not be read)")
        }
        let bytes = upload.image.data
        guard bytes.readableBytes > 0 else {
            throw Abort(.badRequest, reason: "The image file is empty")
        }
        guard bytes.readableBytes <= Self.maxImageBytes else {
            throw Abort(.payloadTooLarge, reason: "Images can be at most 5 MiB")
        }
        guard let format = ImageFormat(sniffing: bytes.readableBytesView) else {
            throw Abort(.unsupportedMediaType, reason: "Only PNG, JPEG, GIF and WebP images are accepted")
        }
        let image = TicketImage(
            ticketID: try ticket.requireID(),
            filename: UploadFilename.sanitize(upload.image.filename, format: format),
            contentType: format.contentType,
            data: Data(bytes.readableBytesView))
        try await req.write { try await image.create(on: $0) }
        return try await image.toDTO().encodeResponse(status: .created, for: req)
    }

    @Sendable func index(req: Request) async throws -> ImageList {
        let ticket = try await Ticket.visible(try req.idParameter(notFound: Ticket.notFound), to: req)
        let images = try await TicketImage.query(on: req.db)
            .filter(\.$ticket.$id == ticket.requireID())
            .field(\.$id).field(\.$ticket.$id).field(\.$filename).field(\.$contentType).field(\.$size)
            .field(\.$createdAt)
            .sort(\.$id)
            .all()
        return ImageList(items: try images.map { try $0.toDTO() })
    }

    @Sendable func download(req: Request) async throws -> Response {
        let (image, _) = try await Self.visibleImage(req, withBytes: true)
        let response = Response(status: .ok, body: .init(data: image.data))
        response.headers.contentType = HTTPMediaType(type: "image", subType: String(image.contentType.dropFirst(6)))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        let encodedName = image.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "image"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename*=UTF-8''\(encodedName)")
        return response
    }

    @Sendable func delete(req: Request) async throws -> HTTPStatus {
        let (image, ticket) = try await Self.visibleImage(req, withBytes: false)
        try req.policy.authorizeImageDelete(ticketAuthorID: ticket.$author.id)
        try await req.write { try await image.delete(on: $0) }
        return .noContent
    }

    static let notFound = "Image not found"

    /// The image and its ticket, if the signed-in user may see that ticket; otherwise 404.
    private static func visibleImage(_ req: Request, withBytes: Bool) async throws -> (TicketImage, Ticket) {
        let id = try req.idParameter(notFound: notFound)
        var query = TicketImage.query(on: req.db).filter(\.$id == id)
        if !withBytes {
            query = query.field(\.$id).field(\.$ticket.$id)
        }
        guard let image = try await query.first() else {
            throw Abort(.notFound, reason: notFound)
        }
        guard let ticket = try await Ticket.fetch(id: image.$ticket.id, on: req.db),
            try req.policy.canView(ticketAuthorID: ticket.$author.id)
        else {
            throw Abort(.notFound, reason: notFound)
        }
        return (image, ticket)
    }
}
