import Foundation

/// Mail that no person wrote: auto-replies, bounces, read receipts, mailing-list traffic. Answering or
/// filing it makes mail loops and noise tickets, so the importer ignores it, giving this reason.
enum AutomaticMail {
    static func reason(headers: [(name: String, value: String)]) -> String? {
        // RFC 3834 §5: anything but `no` was sent by a program.
        if let submitted = headers.first(named: "Auto-Submitted").map(firstToken), submitted != "no",
            !submitted.isEmpty
        {
            return "Auto-Submitted: \(submitted)"
        }
        if let precedence = headers.first(named: "Precedence").map(firstToken),
            ["bulk", "junk", "auto_reply", "list"].contains(precedence)
        {
            return "Precedence: \(precedence)"
        }
        for name in ["X-Autoreply", "X-Autorespond"] {
            if let value = headers.first(named: name), firstToken(value) != "no" { return name }
        }
        let type = HeaderParameters(headers.first(named: "Content-Type"))
        if type.value == "multipart/report" {
            return "a delivery or read report (multipart/report; report-type=\(type["report-type"] ?? "unknown"))"
        }
        let senders = headers.first(named: "From").map(AddressList.addresses) ?? []
        for sender in senders {
            let local = (sender.split(separator: "@").first.map(String.init) ?? sender).lowercased()
            if local == "mailer-daemon" || local == "postmaster" { return "sent by \(sender)" }
        }
        // RFC 3834 §3.1.5 and RFC 5321 §4.5.5: notifications go out with an empty envelope sender.
        if let returnPath = headers.first(named: "Return-Path"),
            returnPath.filter({ !$0.isWhitespace }) == "<>"
        {
            return "an empty Return-Path (a notification)"
        }
        return nil
    }

    /// `auto-replied; owner-email="…"` → `auto-replied`.
    private static func firstToken(_ value: String) -> String {
        (value.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }
}
