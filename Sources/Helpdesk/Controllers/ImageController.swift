import Vapor

struct ImageController: RouteCollection {
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
        let ticket = try await req.tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        let upload = try ImageUpload.read(from: req)
        let image = try await req.images.add(upload, to: ticket, by: try req.actor)
        return try await image.encodeResponse(status: .created, for: req)
    }

    @Sendable func index(req: Request) async throws -> ImageList {
        let ticket = try await req.tickets.ticket(id: try req.idParameter(notFound: TicketStore.notFound))
        return ImageList(items: try await req.images.list(on: ticket))
    }

    @Sendable func download(req: Request) async throws -> Response {
        let images = try req.images
        let (image, _) = try await images.find(id: try req.idParameter(notFound: ImageStore.notFound))
        let response = Response(status: .ok, body: .init(data: try await images.bytes(of: image)))
        let format = ImageFormat(contentType: image.contentType)
        response.headers.contentType = HTTPMediaType(type: "image", subType: format?.rawValue ?? "png")
        let encodedName = image.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "image"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename*=UTF-8''\(encodedName)")
        return response
    }

    @Sendable func delete(req: Request) async throws -> HTTPStatus {
        let images = try req.images
        let (image, ticket) = try await images.find(id: try req.idParameter(notFound: ImageStore.notFound))
        try req.policy.authorizeImageDelete(on: ticket)
        try await images.delete(image, on: ticket, by: try req.actor)
        return .noContent
    }
}
