import Foundation

/// One notification as an RFC 5322 message with MIME (RFC 2045-2047): CRLF line ends, ASCII only,
/// header lines folded to 78 characters where spaces allow, bodies in quoted-printable, so that no line
/// comes near the 998-octet limit of SMTP.
struct OutgoingMessage: Sendable {
    var from: MailAddress
    var to: MailAddress
    var replyTo: MailAddress?
    var subject: String
    /// With angle brackets, e.g. `<ticket-7.ab12@example.com>`.
    var messageID: String
    /// With angle brackets.
    var inReplyTo: String?
    /// With angle brackets.
    var references: [String]
    var date: Date
    var text: String
    var html: String

    /// RFC 5322 §2.1.1: header lines should be at most 78 characters.
    static let maxHeaderLineLength = 78

    /// A fresh MIME boundary. Quoted-printable writes `=` only before two hex digits or a line break, so
    /// the `=_` in it can never occur in a body, whatever the body says.
    static func makeBoundary() -> String {
        "=_helpdesk_" + Hex.lowercase((0..<12).map { _ in UInt8.random(in: 0...255) })
    }

    func rendered() -> String { rendered(boundary: Self.makeBoundary()) }

    func rendered(boundary: String) -> String {
        var lines = [
            Self.header("Date", Self.dateText(date)),
            Self.header("From", from.headerValue),
            Self.header("To", to.headerValue),
        ]
        if let replyTo { lines.append(Self.header("Reply-To", replyTo.headerValue)) }
        lines.append(Self.header("Subject", EncodedWord.encode(EncodedWord.headerSafe(subject))))
        lines.append(Self.header("Message-ID", messageID))
        if let inReplyTo { lines.append(Self.header("In-Reply-To", inReplyTo)) }
        if !references.isEmpty { lines.append(Self.header("References", references.joined(separator: " "))) }
        lines += [
            // RFC 3834 §5: auto-responders must not answer auto-generated mail.
            Self.header("Auto-Submitted", "auto-generated"),
            Self.header("MIME-Version", "1.0"),
            Self.header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""),
            "",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += [
                "--\(boundary)",
                "Content-Type: \(type); charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                QuotedPrintable.encode(body),
            ]
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 5322 §3.3 in UTC, e.g. `Tue, 24 Nov 2026 10:00:00 +0000`. Written out by hand with English
    /// names, so neither the machine's locale nor its time zone can change it.
    static func dateText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func part(_ component: Calendar.Component) -> Int { calendar.component(component, from: date) }
        func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        let day = days[part(.weekday) - 1]
        let month = months[part(.month) - 1]
        let time = [part(.hour), part(.minute), part(.second)].map(twoDigits).joined(separator: ":")
        return "\(day), \(twoDigits(part(.day))) \(month) \(part(.year)) \(time) +0000"
    }

    /// `Name: value`, with no line break the value could smuggle in, folded.
    private static func header(_ name: String, _ value: String) -> String {
        folded("\(name): \(EncodedWord.headerSafe(value))")
    }

    /// RFC 5322 §2.2.3: a header line is folded by putting CRLF before a space. Folds go before a run of
    /// spaces that a word follows, never right after the colon and never so that a line holds only spaces;
    /// a line is as long as 78 characters allow, and longer only when one word is.
    static func folded(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > maxHeaderLineLength, let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            return line
        }
        let space = UInt8(ascii: " ")
        let lastWordByte = bytes.lastIndex(where: { $0 != space }) ?? 0
        let folds = stride(from: colon + 2, to: lastWordByte, by: 1).filter { index in
            bytes[index] == space && bytes[index - 1] != space
        }
        let starts = [0] + folds + [bytes.count]
        var output: [UInt8] = []
        var lineLength = 0
        for (start, end) in zip(starts, starts.dropFirst()) {
            if lineLength > 0, lineLength + (end - start) > maxHeaderLineLength {
                output += [13, 10]
                lineLength = 0
            }
            output += bytes[start..<end]
            lineLength += end - start
        }
        return String(decoding: output, as: UTF8.self)
    }
}
