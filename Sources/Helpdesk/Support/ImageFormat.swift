import Foundation

/// The image formats Helpdesk accepts, recognised by their first bytes, never by what the client says.
enum ImageFormat: String, CaseIterable, Sendable {
    case png, jpeg, gif, webp

    var contentType: String { "image/\(rawValue)" }
    var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    /// Extensions a file of this format may keep.
    var fileExtensions: Set<String> { self == .jpeg ? ["jpg", "jpeg"] : [rawValue] }

    init?(contentType: String) {
        guard contentType.hasPrefix("image/"), let format = Self(rawValue: String(contentType.dropFirst(6))) else {
            return nil
        }
        self = format
    }

    init?(sniffing bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(12))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts([0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) {
            self = .gif
        } else if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) {
            self = .webp
        } else {
            return nil
        }
    }
}

enum UploadFilename {
    static let maxLength = 200

    /// The client's file name reduced to a safe last path component whose extension says the detected
    /// format (`evil.html` holding a PNG is stored as `evil.png`); a made-up one if nothing is left.
    static func sanitize(_ raw: String?, format: ImageFormat) -> String {
        let lastComponent = (raw ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(
            lastComponent.unicodeScalars.filter { scalar in
                !CharacterSet.controlCharacters.contains(scalar) && !"\"<>:|?*".unicodeScalars.contains(scalar)
            })
        cleaned = cleaned.trimmingCharacters(in: .whitespaces)
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        var stem = cleaned
        var ext = format.fileExtension
        if let dot = cleaned.lastIndex(of: ".") {
            let given = String(cleaned[cleaned.index(after: dot)...])
            if format.fileExtensions.contains(given.lowercased()) { ext = given }
            stem = String(cleaned[..<dot])
        }
        stem = stem.trimmingCharacters(in: .whitespaces)
        if stem.isEmpty { stem = "image" }
        return String(stem.unicodeScalars.prefix(maxLength - 1 - ext.unicodeScalars.count)) + "." + ext
    }
}
