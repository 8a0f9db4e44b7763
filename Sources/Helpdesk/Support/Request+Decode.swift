import Vapor

extension Request {
    /// Decodes the body as `T`, answering 400 with a reason (never 500) for any body that cannot be read.
    func decodeBody<T: Decodable>(_: T.Type = T.self) throws -> T {
        guard body.data != nil else {
            throw Abort(.badRequest, reason: "The request needs a JSON body")
        }
        guard headers.contentType == .json else {
            throw Abort(.unsupportedMediaType, reason: "Send the body as JSON (Content-Type: application/json)")
        }
        do {
            return try content.decode(T.self)
        } catch let error as any AbortError {
            throw error
        } catch let error as DecodingError {
            throw Abort(.badRequest, reason: DecodingErrorDescription.describe(error))
        } catch {
            throw Abort(.badRequest, reason: "The request body could not be read: \(error)")
        }
    }

    /// The integer id in the path; a malformed one names no resource, so it is a 404 like an unknown id.
    func idParameter(_ name: String = "id", notFound: String) throws -> Int {
        guard let id = parameters.get(name, as: Int.self) else {
            throw Abort(.notFound, reason: notFound)
        }
        return id
    }
}
