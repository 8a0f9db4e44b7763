import Vapor

extension Request {
    /// Decodes the JSON body as `T`, answering 4xx with a reason (never 500) for any body that cannot be read.
    func decodeBody<T: Decodable>(_: T.Type = T.self) throws -> T {
        guard let data = body.data else {
            throw Abort(.badRequest, reason: "The request needs a JSON body")
        }
        guard headers.contentType == .json else {
            throw Abort(.unsupportedMediaType, reason: "Send the body as JSON (Content-Type: application/json)")
        }
        // Databases either refuse NUL (PostgreSQL) or cut text at it (SQLite): refuse it here, for both.
        if JSONText.containsEscapedNUL(data.readableBytesView) {
            throw Abort(.badRequest, reason: "Text must not contain NUL (\\u0000) characters")
        }
        do {
            return try content.decode(T.self)
        } catch let error as DecodingError {
            throw Abort(.badRequest, reason: DecodingErrorDescription.describe(error))
        } catch let error as any AbortError {
            throw error
        } catch {
            throw Abort(.badRequest, reason: "The request body could not be read as JSON")
        }
    }

    /// Decodes the JSON body and checks its rules (see `ValidatedRequest`).
    func decodeValid<T: ValidatedRequest>(_: T.Type) throws -> T.Valid {
        try decodeBody(T.self).validated()
    }

    /// The integer id in the path; a malformed one names no resource, so it is a 404 like an unknown id.
    func idParameter(_ name: String = "id", notFound: String) throws -> Int {
        guard let id = parameters.get(name, as: Int.self) else {
            throw NotFound(notFound)
        }
        return id
    }
}

enum JSONText {
    /// Whether the JSON text holds the escape `\u0000` (not a literal backslash followed by "u0000").
    static func containsEscapedNUL(_ bytes: some Collection<UInt8>) -> Bool {
        let text = Array(bytes)
        let pattern = Array("u0000".utf8)
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "\\") {
                let next = index + 1
                if next + pattern.count <= text.count, text[next..<next + pattern.count].elementsEqual(pattern) {
                    return true
                }
                index += 2  // skip the escaped character, so "\\u0000" stays text
            } else {
                index += 1
            }
        }
        return false
    }
}
