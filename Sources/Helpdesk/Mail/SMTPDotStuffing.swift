/// The DATA block of an SMTP transaction (RFC 5321 §4.5.2): a line holding only `.` ends the message,
/// so every line that starts with `.` gets a second one, which the server removes again.
enum SMTPDotStuffing {
    static func dataBlock(_ message: String) -> String {
        var lines = LineBreaks.lines(message)
        // A message that already ends with a line break has an empty last "line" after it.
        if lines.last?.isEmpty == true { lines.removeLast() }
        var block = ""
        block.reserveCapacity(message.utf8.count + 16)
        for line in lines {
            // The first byte, not the first Character: "." with a combining mark still starts with a dot.
            if line.utf8.first == UInt8(ascii: ".") { block += "." }
            block.append(contentsOf: line)
            block += "\r\n"
        }
        return block + ".\r\n"
    }
}
