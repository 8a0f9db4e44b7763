import Vapor

/// Reads an upload request: `multipart/form-data` with one file in the field `image`, checked for size
/// and format. Parsed by `MultipartForm`, which no body can crash.
enum ImageUpload {
    static let maxBytes = 5 * 1024 * 1024

    static func read(from req: Request) throws -> NewImage {
        guard let contentType = req.headers.contentType, contentType.type == "multipart",
            contentType.subType == "form-data"
        else {
            throw Abort(.unsupportedMediaType, reason: "Send the image as multipart/form-data in the field 'image'")
        }
        let part: MultipartForm.Part
        var commentID: Int?
        do throws(MultipartForm.Failure) {
            let boundary = try MultipartForm.boundary(in: contentType.parameters)
            let body = req.body.data.map { Array($0.readableBytesView) } ?? []
            let parts = try MultipartForm.parse(body, boundary: boundary)
            guard let image = parts.first(where: { $0.name == "image" }) else {
                throw MultipartForm.Failure("The form needs one file in the field 'image'")
            }
            part = image
            if let field = parts.first(where: { $0.name == "comment_id" }) {
                let text = String(decoding: field.body, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                guard let id = Int(text), id > 0 else {
                    throw MultipartForm.Failure("comment_id must be the id of a comment")
                }
                commentID = id
            }
        } catch {
            throw Abort(.badRequest, reason: error.reason)
        }
        guard !part.body.isEmpty else {
            throw Abort(.badRequest, reason: "The image file is empty")
        }
        guard part.body.count <= maxBytes else {
            throw Abort(.payloadTooLarge, reason: "Images can be at most 5 MiB")
        }
        guard let format = ImageFormat(sniffing: part.body) else {
            throw Abort(.unsupportedMediaType, reason: "Only PNG, JPEG, GIF and WebP images are accepted")
        }
        return NewImage(
            filename: UploadFilename.sanitize(part.filename, format: format), format: format, data: Data(part.body),
            commentID: commentID)
    }
}
