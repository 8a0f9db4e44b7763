/// What a MIME entity holds for a reader: pieces of text in reading order, and files.
struct MIMEContent {
    enum Piece {
        case plain(String)
        /// Kept as HTML until the whole message is known: it is only read when there is no plain text.
        case html(String)
        /// A forwarded message, already written out as text.
        case forwarded(String)
    }

    var pieces: [Piece] = []
    var attachments: [InboundAttachment] = []

    var hasPlainText: Bool {
        pieces.contains { piece in
            if case .plain = piece { return true }
            return false
        }
    }

    /// The plain pieces, or when there are none the HTML ones made text, with forwarded messages where they
    /// stand, a blank line apart.
    var text: String {
        let hasPlainText = hasPlainText
        let blocks = pieces.compactMap { piece -> String? in
            switch piece {
            case .plain(let text): text
            case .html(let html): hasPlainText ? nil : HTMLToText.convert(html)
            case .forwarded(let text): text
            }
        }
        return PlainText.body(blocks.filter { !$0.isEmpty }.joined(separator: "\n\n"))
    }
}
