/// Why a message cannot be read: `description` says what is wrong with it, for the log and the answer to
/// whoever delivered it (422, or exit status 65 for an MTA).
struct MIMEParseError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reads a raw RFC 5322 message with MIME (RFC 2045-2047, 2231) into an `InboundMessage`, forgiving the
/// mistakes real mail software makes, and never trusting the input: every size is bounded and every index
/// checked, so hostile bytes get a `MIMEParseError`, never a crash.
enum MIMEParser {
    struct Limits: Sendable {
        var maxBytes = 25 * 1024 * 1024
        var maxParts = 200
        var maxDepth = 10
        var maxHeaderBytes = 256 * 1024

        static let standard = Limits()
    }

    static func parse(_ bytes: [UInt8], limits: Limits = .standard) throws -> InboundMessage {
        guard bytes.count <= limits.maxBytes else {
            throw MIMEParseError("The message is \(bytes.count) bytes long; at most \(limits.maxBytes) are accepted")
        }
        let entity = try MIMEEntity.read(
            bytes, in: bytes.indices, maxHeaderBytes: limits.maxHeaderBytes, isMessage: true)
        var reader = MIMEContentReader(limits: limits)
        let content = try reader.content(of: entity, in: bytes, depth: 0, isTopLevel: true)
        let message = InboundMessage(headers: entity.fields, text: content.text, attachments: content.attachments)
        guard message.from != nil || !message.text.isEmpty || !message.attachments.isEmpty else {
            throw MIMEParseError("The message has no From address and no body")
        }
        return message
    }
}

/// Walks the tree of body parts, counting them against the limits.
private struct MIMEContentReader {
    let limits: MIMEParser.Limits
    private var partCount = 0

    init(limits: MIMEParser.Limits) { self.limits = limits }

    mutating func content(
        of entity: MIMEEntity, in bytes: [UInt8], depth: Int, isTopLevel: Bool = false, inRelated: Bool = false,
        defaultType: String = "text/plain"
    ) throws -> MIMEContent {
        partCount += 1
        guard partCount <= limits.maxParts else {
            throw MIMEParseError("The message has more than \(limits.maxParts) parts")
        }
        let type = HeaderParameters(entity.field("Content-Type"))
        // RFC 2045 §5.2: a missing or malformed Content-Type is the default one.
        let mediaType = Self.isMediaType(type.value) ? type.value : defaultType
        if mediaType.hasPrefix("multipart/") {
            return try multipart(
                entity, type: type, subtype: mediaType.dropFirst(10), in: bytes, depth: depth, isTopLevel: isTopLevel)
        }
        let data = TransferEncoding.decode(bytes[entity.body], encoding: entity.field("Content-Transfer-Encoding"))
        if mediaType == "message/rfc822" || mediaType == "message/global" {
            return try forwarded(data, depth: depth)
        }
        return Self.leaf(entity, mediaType: mediaType, type: type, data: data, inRelated: inRelated)
    }

    private mutating func multipart(
        _ entity: MIMEEntity, type: HeaderParameters, subtype: Substring, in bytes: [UInt8], depth: Int,
        isTopLevel: Bool
    ) throws -> MIMEContent {
        guard depth < limits.maxDepth else {
            throw MIMEParseError("The message nests its parts more than \(limits.maxDepth) deep")
        }
        guard let boundary = type["boundary"], !boundary.isEmpty,
            let ranges = MultipartBody.parts(of: bytes, in: entity.body, boundary: boundary, limit: limits.maxParts)
        else {
            guard !isTopLevel else {
                throw MIMEParseError("The message is multipart, but no line in it is the boundary of its parts")
            }
            return MIMEContent()
        }
        guard partCount + ranges.count <= limits.maxParts else {
            throw MIMEParseError("The message has more than \(limits.maxParts) parts")
        }
        let children = try ranges.map {
            try MIMEEntity.read(bytes, in: $0, maxHeaderBytes: limits.maxHeaderBytes, isMessage: false)
        }
        let childType = subtype == "digest" ? "message/rfc822" : "text/plain"
        switch subtype {
        case "alternative":
            // The parts say the same thing; plain text says it best for a ticket. Files may sit in any of
            // them (an inline image next to the HTML), so all are read.
            let contents = try children.map { try content(of: $0, in: bytes, depth: depth + 1) }
            let chosen = contents.first(where: \.hasPlainText) ?? contents.first(where: { !$0.pieces.isEmpty })
            return MIMEContent(pieces: chosen?.pieces ?? [], attachments: contents.flatMap(\.attachments))
        case "related":
            // RFC 2387: the root is the part `start` names, else the first; the rest are what it shows.
            let start = type["start"].flatMap { MessageIDs.all($0).first }
            let root =
                start.flatMap { id in children.firstIndex { MessageIDs.messageID($0.field("Content-ID")) == id } } ?? 0
            var result = MIMEContent()
            for (index, child) in children.enumerated() {
                let content = try content(of: child, in: bytes, depth: depth + 1, inRelated: index != root)
                if index == root { result.pieces = content.pieces }
                result.attachments += content.attachments
            }
            return result
        case "signed":
            // RFC 1847: the first part is the message, the second its signature.
            guard let signed = children.first else { return MIMEContent() }
            return try content(of: signed, in: bytes, depth: depth + 1)
        default:
            var result = MIMEContent()
            for child in children {
                let content = try content(of: child, in: bytes, depth: depth + 1, defaultType: childType)
                result.pieces += content.pieces
                result.attachments += content.attachments
            }
            return result
        }
    }

    /// A message inside the message: its text becomes a short block with its sender, date and subject, as
    /// mail readers show a forward; its files stay files.
    private mutating func forwarded(_ data: [UInt8], depth: Int) throws -> MIMEContent {
        guard depth < limits.maxDepth else {
            throw MIMEParseError("The message nests its parts more than \(limits.maxDepth) deep")
        }
        let entity = try MIMEEntity.read(
            data, in: data.indices, maxHeaderBytes: limits.maxHeaderBytes, isMessage: false)
        let content = try content(of: entity, in: data, depth: depth + 1)
        let message = InboundMessage(headers: entity.fields, text: content.text, attachments: [])
        var lines = ["---------- Forwarded message ----------"]
        if let from = message.from {
            lines.append("From: " + (from.name.map { "\($0) <\(from.address)>" } ?? from.address))
        } else if let from = entity.field("From") {
            lines.append("From: " + PlainText.singleLine(EncodedWord.decode(from)))
        }
        if let date = entity.field("Date") { lines.append("Date: " + PlainText.singleLine(date)) }
        if !message.subject.isEmpty { lines.append("Subject: " + message.subject) }
        let block = lines.joined(separator: "\n") + (message.text.isEmpty ? "" : "\n\n" + message.text)
        return MIMEContent(pieces: [.forwarded(block)], attachments: content.attachments)
    }

    /// A part that is not a container: body text, a file, or something no reader shows (a signature, a
    /// calendar entry), which is left out.
    private static func leaf(
        _ entity: MIMEEntity, mediaType: String, type: HeaderParameters, data: [UInt8], inRelated: Bool
    ) -> MIMEContent {
        let disposition = HeaderParameters(entity.field("Content-Disposition"))
        let filename = (disposition["filename"] ?? type["name"]).map { PlainText.singleLine(EncodedWord.decode($0)) }
        let namedFile = filename.flatMap { $0.isEmpty ? nil : $0 }
        let isFile = disposition.value == "attachment" || namedFile != nil
        if !isFile && (mediaType == "text/plain" || mediaType == "text/html") {
            let text = PlainText.body(Charset.decode(data, charset: type["charset"]))
            guard !text.isEmpty else { return MIMEContent() }
            if mediaType == "text/html" { return MIMEContent(pieces: [.html(text)]) }
            guard type["format"]?.lowercased() == "flowed" else { return MIMEContent(pieces: [.plain(text)]) }
            let deleteSpace = type["delsp"]?.lowercased() == "yes"
            return MIMEContent(pieces: [.plain(FormatFlowed.unflow(text, deleteSpace: deleteSpace))])
        }
        guard isFile || mediaType.hasPrefix("image/") else { return MIMEContent() }
        let isInline = disposition.value == "inline" || (inRelated && entity.field("Content-ID") != nil)
        let file = InboundAttachment(filename: namedFile, contentType: mediaType, data: data, isInline: isInline)
        return MIMEContent(attachments: [file])
    }

    /// `type/subtype`, each a non-empty token.
    private static func isMediaType(_ value: String) -> Bool {
        let halves = value.split(separator: "/", omittingEmptySubsequences: false)
        return halves.count == 2 && halves.allSatisfy { !$0.isEmpty }
    }
}
