import Foundation

@testable import Helpdesk

/// Raw messages in the shapes real mail clients send: their MIME structure, charsets, transfer encodings,
/// header quirks and the way each quotes the message it answers. The parameters are what importer tests
/// vary (who writes to which address, in answer to which message); the rest is as the client writes it.
enum InboundCorpus {
    /// A 1×1 PNG: signature, IHDR, one IDAT, IEND, each chunk with its right CRC.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
        0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xF7,
        0x03, 0x41, 0x43, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
    /// The start of a PDF: enough for a file the importer must leave out.
    static let pdf = Array("%PDF-1.4\n%\u{E2}\u{E3}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    static let helpdesk = "Helpdesk <support@example.com>"
    static let ticketMessageID = "<ticket-7.abc123@example.com>"

    /// How Outlook sets the message it answers apart.
    enum OutlookHistory {
        case originalMessage
        case headerBlock
    }

    // MARK: Gmail

    /// multipart/alternative with text/plain and text/html, both UTF-8 quoted-printable; the attribution
    /// line wraps over two lines in the plain part, the history is `>`-quoted there and a blockquote in HTML.
    static func gmailReply(
        from: String = "Ada Lovelace <ada@example.org>", to: String = helpdesk,
        subject: String = "Re: [#7] Printer on fire", body: String = "Thanks, it works again.\n\nAda",
        quoted: String = "We replaced the fuser.\nIt should print now.",
        messageID: String = "<CAGm1x=abc@mail.gmail.com>",
        inReplyTo: String? = ticketMessageID
    ) -> [UInt8] {
        let boundary = "000000000000a1b2c3d4e5f60718"
        let attribution = "On Mon, Mar 2, 2026 at 10:00\u{202F}AM Helpdesk <support@example.com>"
        let plain = body + "\n\n" + attribution + "\nwrote:\n\n" + quotedLines(quoted) + "\n"
        let bodyHTML = body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.isEmpty ? "<div><br></div>" : "<div>\(HTMLEscape.escape(String(line)))</div>"
        }
        let html =
            "<div dir=\"ltr\">\(bodyHTML.joined())</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" "
            + "class=\"gmail_attr\">On Mon, Mar 2, 2026 at 10:00\u{202F}AM Helpdesk &lt;<a href=\"mailto:support@example.com\">"
            + "support@example.com</a>&gt; wrote:<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px "
            + "0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
            + HTMLEscape.escape(quoted).replacingOccurrences(of: "\n", with: "<br>") + "</blockquote></div>\n"
        var headers = ["MIME-Version: 1.0"]
        if let inReplyTo { headers += ["References: \(inReplyTo)", "In-Reply-To: \(inReplyTo)"] }
        headers += [
            "From: \(mailbox(from))", "Date: Mon, 2 Mar 2026 11:15:42 +0100", "Message-ID: \(messageID)",
            "Subject: \(EncodedWord.encode(subject))", "To: \(mailbox(to))",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
        ]
        return crlf(headers + ["", ""])
            + crlf([
                "--\(boundary)", "Content-Type: text/plain; charset=\"UTF-8\"",
                "Content-Transfer-Encoding: quoted-printable", "", QuotedPrintable.encode(plain), "--\(boundary)",
                "Content-Type: text/html; charset=\"UTF-8\"", "Content-Transfer-Encoding: quoted-printable", "",
                QuotedPrintable.encode(html), "--\(boundary)--", "",
            ])
    }

    // MARK: Outlook

    /// HTML only, Windows-1252 in quoted-printable (smart quotes and dashes), Word's `<style>` and MsoNormal
    /// paragraphs, the history under "-----Original Message-----" or a From/Sent/To/Subject block.
    static func outlookReply(
        from: String = "Grace Hopper <grace@example.net>", to: String = helpdesk,
        subject: String = "RE: [#7] Printer on fire", body: String = "It’s “fixed” – thanks!\nGrace",
        quoted: String = "We replaced the fuser.", history: OutlookHistory = .originalMessage,
        messageID: String = "<DM6PR01MB4321.namprd01.prod.outlook.com>", inReplyTo: String? = ticketMessageID
    ) -> [UInt8] {
        func paragraph(_ line: Substring) -> String {
            line.isEmpty
                ? "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>"
                : "<p class=\"MsoNormal\">\(HTMLEscape.escape(String(line)))<o:p></o:p></p>"
        }
        let header =
            history == .originalMessage
            ? "<div><p class=\"MsoNormal\">-----Original Message-----<br>From: Helpdesk &lt;support@example.com&gt;<br>"
                + "Sent: Monday, March 2, 2026 10:00 AM<br>To: \(HTMLEscape.escape(from))<br>"
                + "Subject: [#7] Printer on fire<o:p></o:p></p></div>"
            : "<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\">"
                + "<p class=\"MsoNormal\"><b>From:</b> Helpdesk &lt;support@example.com&gt; <br><b>Sent:</b> Monday, "
                + "March 2, 2026 10:00 AM<br><b>To:</b> \(HTMLEscape.escape(from))<br><b>Subject:</b> [#7] Printer "
                + "on fire<o:p></o:p></p></div>"
        let html = [
            "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">",
            "<head>",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Windows-1252\">",
            "<meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\">",
            "<style><!--",
            "/* Font Definitions */",
            "@font-face {font-family:\"Cambria Math\"; panose-1:2 4 5 3 5 4 6 3 2 4;}",
            "p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;}",
            "--></style><!--[if gte mso 9]><xml>",
            "<o:shapedefaults v:ext=\"edit\" spidmax=\"1026\" />",
            "</xml><![endif]-->",
            "</head>",
            "<body lang=\"EN-US\" link=\"#0563C1\" vlink=\"#954F72\" style=\"word-wrap:break-word\">",
            "<div class=\"WordSection1\">",
            body.split(separator: "\n", omittingEmptySubsequences: false).map(paragraph).joined(separator: "\n"),
            "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>",
            header,
            "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>",
            quoted.split(separator: "\n", omittingEmptySubsequences: false).map(paragraph).joined(separator: "\n"),
            "</div>",
            "</body>",
            "</html>",
        ].joined(separator: "\n")
        var headers = [
            "From: \(mailbox(from))", "To: \(mailbox(to))", "Subject: \(EncodedWord.encode(subject))",
            "Thread-Topic: [#7] Printer on fire", "Thread-Index: AQHZx1b2c3d4e5f6g7h8i9j0k==",
            "Date: Mon, 2 Mar 2026 10:30:00 +0000", "Message-ID: \(messageID)",
        ]
        if let inReplyTo { headers += ["References: \(inReplyTo)", "In-Reply-To: \(inReplyTo)"] }
        headers += [
            "Accept-Language: en-US", "Content-Language: en-US", "X-MS-Has-Attach:", "X-MS-TNEF-Correlator:",
            "MIME-Version: 1.0", "Content-Type: text/html; charset=\"Windows-1252\"",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        return crlf(headers + ["", ""]) + Array(quotedPrintable(windows1252(html)).utf8) + crlf(["", ""])
    }

    // MARK: Apple Mail

    /// multipart/mixed holding multipart/alternative (text/plain, and multipart/related with the HTML and an
    /// inline PNG named in RFC 2231 UTF-8) and a PDF attachment.
    static func appleMailWithImage(
        from: String = "Zoë Müller <zoe@example.org>", to: String = helpdesk,
        subject: String = "Printer shows an error",
        body: String = "The printer shows this:\n\nWhat does it mean?",
        imageName: String = "Bildschirmfoto 2026-03-02 – Drucker.png",
        messageID: String = "<6B9C1D2E-3F40-4152-8A6B-7C8D9E0F1A2B@example.org>"
    ) -> [UInt8] {
        let mixed = "Apple-Mail=_7F3A2B1C-0D4E-4F5A-9B8C-7D6E5F4A3B2C"
        let alternative = "Apple-Mail=_8E4B3C2D-1E5F-4A6B-8C9D-0E1F2A3B4C5D"
        let related = "Apple-Mail=_9F5C4D3E-2F6A-4B7C-9D0E-1F2A3B4C5D6E"
        let contentID = "<5A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D@example.org>"
        let html =
            "<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head>"
            + "<body style=\"overflow-wrap: break-word;\">"
            + body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.isEmpty ? "<div><br></div>" : "<div>\(HTMLEscape.escape(String(line)))</div>"
            }.joined() + "<div><img src=\"cid:\(contentID.dropFirst().dropLast())\" alt=\"\"></div></body></html>"
        let lines = [
            "From: \(mailbox(from))", "Content-Type: multipart/mixed;", "\tboundary=\"\(mixed)\"",
            "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3776.700.51\\))", "Subject: \(EncodedWord.encode(subject))",
            "Date: Mon, 2 Mar 2026 10:05:00 +0100", "Message-Id: \(messageID)", "To: \(mailbox(to))",
            "X-Mailer: Apple Mail (2.3776.700.51)", "", "", "--\(mixed)", "Content-Type: multipart/alternative;",
            "\tboundary=\"\(alternative)\"", "", "", "--\(alternative)", "Content-Transfer-Encoding: quoted-printable",
            "Content-Type: text/plain;", "\tcharset=utf-8", "", QuotedPrintable.encode(body + "\n"), "",
            "--\(alternative)", "Content-Type: multipart/related;", "\ttype=\"text/html\";",
            "\tboundary=\"\(related)\"", "", "", "--\(related)", "Content-Transfer-Encoding: quoted-printable",
            "Content-Type: text/html;", "\tcharset=utf-8", "", QuotedPrintable.encode(html), "--\(related)",
            "Content-Transfer-Encoding: base64", "Content-Disposition: inline;",
            "\tfilename*=utf-8''\(percentEncoded(imageName))", "Content-Type: image/png;", "\tx-unix-mode=0644;",
            "\tname=\"\(EncodedWord.encode(imageName))\"", "Content-Id: \(contentID)", "", base64(png),
            "--\(related)--", "", "--\(alternative)--", "", "--\(mixed)", "Content-Disposition: attachment;",
            "\tfilename=invoice.pdf", "Content-Type: application/pdf;", "\tx-unix-mode=0644;", "\tname=\"invoice.pdf\"",
            "Content-Transfer-Encoding: base64", "", base64(pdf), "--\(mixed)--", "",
        ]
        return crlf(lines)
    }

    // MARK: Thunderbird

    /// text/plain format=flowed in ISO-8859-1, sent 8bit with bare LF line ends (as a Unix mailbox or pipe
    /// hands it over); long lines wrapped at 72 columns with a trailing space; the history `>`-quoted.
    static func thunderbirdReply(
        from: String = "Jürgen Weiß <juergen@example.de>", to: String = helpdesk,
        subject: String = "Re: [#7] Drucker brennt",
        body: String =
            "Grüße aus Köln! Der Drucker im Büro druckt wieder, aber das Papierfach klemmt noch immer, sobald "
            + "man mehr als zwanzig Blätter einlegt. Können Sie jemanden schicken?\n\nJürgen",
        quoted: String = "Wir haben die Fixiereinheit getauscht.",
        messageID: String = "<0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0@example.de>",
        inReplyTo: String? = ticketMessageID, references: [String] = ["<ticket-7@example.com>", ticketMessageID]
    ) -> [UInt8] {
        let text =
            flowed(body) + "\n\nOn 02.03.26 10:00, Helpdesk wrote:\n" + quotedLines(quoted) + "\n"
        var headers = [
            "Message-ID: \(messageID)", "Date: Mon, 2 Mar 2026 12:00:00 +0100", "MIME-Version: 1.0",
            "User-Agent: Mozilla Thunderbird", "Subject: \(EncodedWord.encode(subject))", "Content-Language: de-DE",
            "To: \(mailbox(to))",
        ]
        if !references.isEmpty {
            headers.append("References: " + references.joined(separator: "\n "))
        }
        headers.append("From: \(mailbox(from))")
        if let inReplyTo { headers.append("In-Reply-To: \(inReplyTo)") }
        headers += [
            "Content-Type: text/plain; charset=ISO-8859-1; format=flowed", "Content-Transfer-Encoding: 8bit", "",
        ]
        return Array((headers.joined(separator: "\n") + "\n").utf8) + latin1(text)
    }

    // MARK: Headers

    /// A subject split over two folded encoded words (UTF-8 base64, then ISO-8859-1 Q), a sender's name in
    /// Q encoding, a quoted name with a comma, a group, and the reply address in Delivered-To.
    static func encodedWordSubject(
        deliveredTo: String = "support+7-0123456789abcdef0123@example.com",
        messageID: String = "<20260302101500.4711@example.fr>"
    ) -> [UInt8] {
        crlf([
            "Return-Path: <rene@example.fr>", "Delivered-To: \(deliveredTo)", "X-Original-To: support@example.com",
            "From: =?ISO-8859-1?Q?Ren=E9_Fran=E7ois?= <rene@example.fr>",
            "To: \"Support, Helpdesk\" <support@example.com>",
            "Cc: team: bob@example.com, =?UTF-8?B?Q2Fyb2wgQ2/Dn21hbg==?= <carol@example.com>;, SUPPORT@example.com",
            "Subject: =?UTF-8?B?R3LDvMOfZTogRHJ1Y2tlciBpbSBCw7xybw==?=",
            " =?ISO-8859-1?Q?_qualmt_=E4u=DFerst_stark?=", "Date: Mon, 2 Mar 2026 10:15:00 +0100 (CET)",
            "Message-ID: \(messageID)", "MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii",
            "Content-Transfer-Encoding: 7bit", "", "Smoke is coming out of the printer.", "",
        ])
    }

    // MARK: Forwarded

    /// A note, then the forwarded message as a message/rfc822 part holding its own text and a PNG.
    static func forwarded(
        from: String = "Ada Lovelace <ada@example.org>", to: String = helpdesk,
        subject: String = "Fwd: Invoice 2026-03",
        note: String = "See below: the supplier wrote to me instead of you.",
        originalFrom: String = "Billing <billing@supplier.example>", originalSubject: String = "Invoice 2026-03",
        originalBody: String = "Please find the scanned invoice attached.",
        messageID: String = "<CAGm2y=fwd@mail.gmail.com>"
    ) -> [UInt8] {
        let outer = "0000000000004d5e6f708192a3b4"
        let inner = "=_inner_5f6e7d8c"
        return crlf([
            "MIME-Version: 1.0", "From: \(mailbox(from))", "Date: Mon, 2 Mar 2026 11:00:00 +0100",
            "Message-ID: \(messageID)", "Subject: \(EncodedWord.encode(subject))", "To: \(mailbox(to))",
            "Content-Type: multipart/mixed; boundary=\(outer)", "", "This is a multi-part message in MIME format.",
            "--\(outer)", "Content-Type: text/plain; charset=\"UTF-8\"", "", note, "", "--\(outer)",
            "Content-Type: message/rfc822; name=\"\(originalSubject).eml\"",
            "Content-Disposition: attachment; filename=\"\(originalSubject).eml\"", "",
            "From: \(mailbox(originalFrom))", "To: \(mailbox(from))", "Subject: \(EncodedWord.encode(originalSubject))",
            "Date: Fri, 27 Feb 2026 09:30:00 +0100", "Message-ID: <inv-2026-03@supplier.example>", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"\(inner)\"", "", "--\(inner)",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
            QuotedPrintable.encode(originalBody), "--\(inner)", "Content-Type: image/png; name=\"scan.png\"",
            "Content-Disposition: attachment; filename=\"scan.png\"", "Content-Transfer-Encoding: base64", "",
            base64(png), "--\(inner)--", "", "--\(outer)--", "", "An epilogue nobody reads.", "",
        ])
    }

    // MARK: Automatic mail

    /// An out-of-office answer (RFC 3834 `Auto-Submitted: auto-replied`).
    static func autoReply(
        from: String = "Ada Lovelace <ada@example.org>", to: String = helpdesk,
        subject: String = "Automatic reply: [#7] Printer on fire", messageID: String = "<auto.1@example.org>",
        inReplyTo: String = ticketMessageID
    ) -> [UInt8] {
        crlf([
            "From: \(mailbox(from))", "To: \(mailbox(to))", "Subject: \(EncodedWord.encode(subject))",
            "Date: Mon, 2 Mar 2026 10:00:05 +0100", "Message-ID: \(messageID)", "In-Reply-To: \(inReplyTo)",
            "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "", "I am out of the office until Monday.", "",
        ])
    }

    /// A Postfix bounce: multipart/report with the notice, the delivery status and the returned message.
    static func bounce(
        to: String = "support@example.com", returnedMessageID: String = ticketMessageID,
        messageID: String = "<20260302100010.ABCDEF@mx.example.com>"
    ) -> [UInt8] {
        let boundary = "A1B2C3D4E5.1772445610/mx.example.com"
        return crlf([
            "Return-Path: <>", "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)",
            "Subject: Undelivered Mail Returned to Sender", "To: \(to)", "Date: Mon, 2 Mar 2026 10:00:10 +0100 (CET)",
            "Message-Id: \(messageID)", "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;", "\tboundary=\"\(boundary)\"",
            "Content-Transfer-Encoding: 8bit", "", "This is a MIME-encapsulated message.", "", "--\(boundary)",
            "Content-Description: Notification", "Content-Type: text/plain; charset=us-ascii", "",
            "This is the mail system at host mx.example.com.", "",
            "Your message could not be delivered to one or more recipients.", "",
            "<nobody@example.org>: host mx.example.org said: 550 5.1.1 User unknown", "", "--\(boundary)",
            "Content-Description: Delivery report", "Content-Type: message/delivery-status", "",
            "Reporting-MTA: dns; mx.example.com", "", "Final-Recipient: rfc822; nobody@example.org",
            "Action: failed", "Status: 5.1.1", "", "--\(boundary)", "Content-Description: Undelivered Message",
            "Content-Type: message/rfc822", "", "From: \(helpdesk)", "To: nobody@example.org",
            "Subject: [#7] Printer on fire", "Message-ID: \(returnedMessageID)", "", "We replaced the fuser.", "",
            "--\(boundary)--", "",
        ])
    }

    // MARK: Hostile HTML

    /// HTML only, with scripts in the head and the body, an event handler, a script inside a comment, a
    /// `javascript:` link, a style, entities and a list.
    static func htmlWithScript(
        from: String = "Mallory <mallory@example.com>", to: String = helpdesk, subject: String = "Hello",
        messageID: String = "<script.1@example.com>"
    ) -> [UInt8] {
        crlf([
            "From: \(mailbox(from))", "To: \(mailbox(to))", "Subject: \(EncodedWord.encode(subject))",
            "Date: Mon, 2 Mar 2026 10:00:00 +0000", "Message-ID: \(messageID)", "MIME-Version: 1.0",
            "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 7bit", "",
            "<html><head><title>Hi</title><script>alert(\"head\")</script></head>",
            "<body><p>Hello &amp; welcome,</p><script type=\"text/javascript\">alert(1)</script>",
            "<p>Click <a href=\"https://example.org/reset?a=1&amp;b=2\">here</a> or",
            "<a href=\"javascript:alert(2)\">this</a>.</p><img src=x onerror=\"alert(3)\">",
            "<style>p { color: red }</style><!-- <script>alert(4)</script> -->",
            "<ul><li>one</li><li>two</li></ul><p>5 &lt; 6 &#x263A; &#9731;</p>",
            "<SCRIPT>alert(5)</SCRIPT></body></html>", "",
        ])
    }

    // MARK: Encoding helpers

    /// `Name <address>` as a header holds it (encoded words for a name that is not ASCII).
    static func mailbox(_ text: String) -> String {
        (try? MailAddress.parse(text).headerValue) ?? text
    }

    static func crlf(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
    }

    static func quotedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> \($0)" }
            .joined(separator: "\n")
    }

    /// RFC 2231 §4: bytes outside letters, digits and a few marks as `%XX` of their UTF-8.
    static func percentEncoded(_ text: String) -> String {
        let kept = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        return text.utf8.map { kept.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", Int($0)) }
            .joined()
    }

    /// ISO-8859-1 bytes; a character it lacks becomes `?`; line breaks stay LF.
    static func latin1(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { $0.value <= 0xFF ? UInt8($0.value) : UInt8(ascii: "?") }
    }

    /// Windows-1252 bytes, written out independently of the parser's table: Latin-1 where the two agree,
    /// and the punctuation Word puts in.
    static func windows1252(_ text: String) -> [UInt8] {
        let punctuation: [Unicode.Scalar: UInt8] = [
            "€": 0x80, "…": 0x85, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97,
            "™": 0x99,
        ]
        return text.unicodeScalars.map { scalar in
            if let byte = punctuation[scalar] { return byte }
            return scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) ? UInt8(scalar.value) : UInt8(ascii: "?")
        }
    }

    /// Quoted-printable of any bytes, LF as a CRLF hard break, lines of at most 76 characters.
    static func quotedPrintable(_ bytes: [UInt8]) -> String {
        var lines: [String] = []
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            var current = ""
            for (index, byte) in line.enumerated() {
                let isLast = index == line.count - 1
                let literal = (33...126).contains(byte) && byte != UInt8(ascii: "=") || (byte == 0x20 && !isLast)
                let piece = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", Int(byte))
                if current.count + piece.count > 75 {
                    lines.append(current + "=")
                    current = ""
                }
                current += piece
            }
            lines.append(current)
        }
        return lines.joined(separator: "\r\n")
    }

    /// format=flowed: paragraphs wrapped at 72 columns, each wrapped line ending in the space that joins it to
    /// the next; lines that start with a space, `>` or "From " are space-stuffed (RFC 3676 §4.4).
    static func flowed(_ text: String) -> String {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty && line.count + word.count > 72 {
                    lines.append(line)
                    line = ""
                }
                line += word + " "
            }
            lines.append(String(line.dropLast()))
        }
        return lines.map { line in
            line.hasPrefix(" ") || line.hasPrefix(">") || line.hasPrefix("From ") ? " " + line : line
        }.joined(separator: "\n")
    }
}
