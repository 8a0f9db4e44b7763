import Foundation
import Testing

@testable import Helpdesk

/// The lines joined with CRLF, as bytes.
private func mail(_ lines: String...) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

@Suite("MIME parsing: headers, structure, encodings and refusals")
struct MIMEParserTests {
    @Test("Headers unfold, keep their order, are found whatever the case, and read the same with LF or CRLF")
    func headers() throws {
        let lines = [
            "Received: from a", "Subject: a long", "\tsubject  folded", "X-Empty:", "received: from b",
            "From: ada@example.org", "", "Body",
        ]
        for separator in ["\r\n", "\n"] {
            let message = try MIMEParser.parse(Array(lines.joined(separator: separator).utf8))
            #expect(message.headers.map(\.name) == ["Received", "Subject", "X-Empty", "received", "From"])
            #expect(message.header("SUBJECT") == "a long\tsubject  folded")
            #expect(message.subject == "a long subject folded")
            #expect(message.header("x-empty") == "")
            #expect(message.headers(named: "Received") == ["from a", "from b"])
            #expect(message.header("Missing") == nil)
            #expect(message.text == "Body")
        }
    }

    @Test(
        "RFC 2047 encoded words decode; white space between them goes; malformed ones stay as written",
        arguments: [
            ("=?UTF-8?B?SGVsbG8=?= =?UTF-8?B?IFdvcmxk?=", "Hello World"),
            ("=?utf-8?q?caf=C3=A9_au_lait?=", "café au lait"),
            ("Re: =?ISO-8859-15?Q?=A4uro?= rates", "Re: €uro rates"),
            ("=?windows-1252?Q?=93quoted=94?=", "“quoted”"),
            ("=?iso-8859-1?b?SuRnZXI=?=", "Jäger"),
            ("=?UTF-8?Q?=C3?=\r\n =?UTF-8?Q?=A9t=C3=A9?=", "été"),
            ("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c"),
            ("=?UTF-8*en?Q?hi?=", "hi"),
            ("=?x-unknown?Q?=FF?=", "\u{FFFD}"),
            ("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="),
            ("=?UTF-8?B?abc", "=?UTF-8?B?abc"),
            ("=?UTF-8?Q?with space?=", "=?UTF-8?Q?with space?="),
            ("2 + 2 =? 4", "2 + 2 =? 4"),
            ("plain", "plain"),
        ])
    func encodedWords(raw: String, decoded: String) {
        #expect(EncodedWord.decode(raw) == decoded)
    }

    @Test("Parameters: quoted, escaped, RFC 2231 extended values and continuations, in any letter case")
    func parameters() {
        let simple = HeaderParameters("Text/Plain; CHARSET=\"ISO-8859-1\"; format=flowed; name=\"a \\\"b\\\"; c.txt\"")
        #expect(simple.value == "text/plain")
        #expect(simple["charset"] == "ISO-8859-1")
        #expect(simple["Format"] == "flowed")
        #expect(simple["name"] == "a \"b\"; c.txt")
        #expect(simple["missing"] == nil)
        #expect(HeaderParameters("attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf")["filename"] == "€ rates.pdf")
        #expect(HeaderParameters("attachment; filename*=iso-8859-1'de'M%E4rz.pdf")["filename"] == "März.pdf")
        let continued = HeaderParameters(
            "attachment; filename*1*=%C3%9Fe; filename*0*=UTF-8''Gr%C3%BC; filename*2=\".txt\"; filename=old.txt")
        #expect(continued["filename"] == "Grüße.txt")
        #expect(
            HeaderParameters("attachment; filename*0=\"long \"; filename*1=\"name.txt\"")["filename"] == "long name.txt"
        )
        #expect(HeaderParameters(nil).value == "")
        #expect(HeaderParameters("inline;;; =x; filename*99999=y; filename*=")["filename"] == "")
    }

    @Test("Attachment names: RFC 2231 continuations in the disposition, encoded words in the type's name")
    func attachmentNames() throws {
        let message = try MIMEParser.parse(
            mail(
                "From: a@example.org", "Content-Type: multipart/mixed; boundary=b", "", "--b", "", "See files.",
                "--b", "Content-Type: application/octet-stream", "Content-Disposition: attachment;",
                " filename*0*=UTF-8''Gr%C3%BC; filename*1*=%C3%9Fe; filename*2=\".bin\"", "", "data", "--b",
                "Content-Type: image/gif; name=\"=?UTF-8?Q?Sch=C3=B6n.gif?=\"", "Content-Transfer-Encoding: base64", "",
                "R0lGODlh", "--b--"))
        #expect(message.text == "See files.")
        #expect(message.attachments.map(\.filename) == ["Grüße.bin", "Schön.gif"])
        #expect(message.attachments.map(\.data) == [Array("data".utf8), Array("GIF89a".utf8)])
        #expect(message.attachments.map(\.isInline) == [false, false])
    }

    @Test("Charsets: UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15, Windows-1252; unknown ones as UTF-8")
    func charsets() {
        #expect(Charset.decode([0x63, 0x61, 0x66, 0xE9], charset: "ISO-8859-1") == "café")
        #expect(Charset.decode([0xA4], charset: "latin1") == "¤")
        #expect(Charset.decode([0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE], charset: "iso-8859-15") == "€ŠšŽžŒœŸ")
        #expect(Charset.decode([0xE9, 0xFF], charset: "ISO-8859-15") == "éÿ")
        #expect(Charset.decode([0x80, 0x93, 0x94, 0x96, 0x9F, 0xE9], charset: "windows-1252") == "€“”–Ÿé")
        #expect(
            Charset.decode([0x81, 0x8D, 0x8F, 0x90, 0x9D], charset: "cp1252") == String(repeating: "\u{FFFD}", count: 5)
        )
        #expect(Charset.decode([0x93, 0x94], charset: "iso-8859-1") == "“”", "Latin-1 is read as browsers read it")
        #expect(Charset.decode(Array("Grüße".utf8), charset: "us-ascii") == "Grüße", "mislabelled UTF-8")
        #expect(Charset.decode([0x47, 0x72, 0xFC], charset: nil) == "Grü", "mislabelled Latin-1")
        #expect(Charset.decode(Array("Grüße".utf8), charset: "\"UTF-8\"") == "Grüße")
        #expect(Charset.decode([0xC1, 0xFF], charset: "koi8-r") == "\u{FFFD}\u{FFFD}")
        #expect(Charset.decode([0x61, 0xFF, 0x62], charset: "utf-8") == "a\u{FFFD}b")
    }

    @Test("Windows-1252 and Latin-1 agree with Foundation's tables wherever Foundation knows the byte")
    func windows1252AgainstFoundation() {
        for byte in UInt8(0x20)...UInt8(0xFF) where ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(byte) {
            let expected = String(bytes: [byte], encoding: .windowsCP1252)
            #expect(Charset.decode([byte], charset: "windows-1252") == expected, "byte \(byte)")
            if byte >= 0xA0 {
                #expect(Charset.decode([byte], charset: "iso-8859-1") == String(bytes: [byte], encoding: .isoLatin1))
            }
        }
    }

    @Test("Base64 forgives odd line lengths, white space, stray characters, missing and inner padding")
    func base64() {
        #expect(TransferEncoding.base64(Array("SGVs bG8s\r\nIHdv\ncmxk".utf8)) == Array("Hello, world".utf8))
        #expect(TransferEncoding.base64(Array("SGVsbG8".utf8)) == Array("Hello".utf8))
        #expect(TransferEncoding.base64(Array("SGk=SGk=".utf8)) == Array("HiHi".utf8))
        #expect(TransferEncoding.base64(Array("S*G!k\u{7}".utf8)) == Array("Hi".utf8))
        #expect(TransferEncoding.base64(Array("S".utf8)).isEmpty)
        #expect(TransferEncoding.base64([]).isEmpty)
        let bytes = (0...255).map(UInt8.init)
        let encoded = Data(bytes).base64EncodedString(options: .lineLength64Characters)
        #expect(TransferEncoding.base64(Array(encoded.utf8)) == bytes)
    }

    @Test("Quoted-printable: soft breaks, lowercase hex, white space after a soft break, a bare = kept")
    func quotedPrintable() {
        let decoded = TransferEncoding.quotedPrintable(ArraySlice("a=3Db=\r\nc =C3=A9=c3=a9 = \nd = half =4".utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "a=bc éé d = half =4")
        let hard = TransferEncoding.quotedPrintable(ArraySlice("one\ntwo\r\nthree".utf8))
        #expect(String(decoding: hard, as: UTF8.self) == "one\r\ntwo\r\nthree")
        #expect(TransferEncoding.decode(ArraySlice("=41".utf8), encoding: " Quoted-Printable") == Array("A".utf8))
        #expect(TransferEncoding.decode(ArraySlice("=41".utf8), encoding: "8bit") == Array("=41".utf8))
    }

    @Test("Boundaries: quoted or not, preamble and epilogue skipped, a longer inner boundary not confused")
    func boundaries() throws {
        let message = try MIMEParser.parse(
            mail(
                "From: a@example.org", "Content-Type: multipart/mixed; boundary=\"b\"", "", "preamble", "--b  ",
                "Content-Type: multipart/alternative; boundary=b-1", "", "--b-1", "Content-Type: text/html", "",
                "<p>html</p>", "--b-1", "Content-Type: text/plain", "", "plain", "", "--b-1--", "--b", "",
                "second part without headers", "--b--", "epilogue"))
        #expect(message.text == "plain\n\nsecond part without headers")
    }

    @Test("A missing closing boundary ends the last part at the end of the message")
    func missingClosingBoundary() throws {
        let message = try MIMEParser.parse(
            mail(
                "From: a@example.org", "Content-Type: multipart/mixed; boundary=xyz", "", "--xyz",
                "Content-Type: text/plain; charset=utf-8", "", "first", "--xyz", "Content-Type: image/png",
                "Content-Transfer-Encoding: base64", "", InboundCorpus.base64(InboundCorpus.png)))
        #expect(message.text == "first")
        #expect(
            message.attachments == [
                InboundAttachment(filename: nil, contentType: "image/png", data: InboundCorpus.png, isInline: false)
            ])
    }

    @Test("Alternative prefers text/plain wherever it stands; without it the HTML is made text")
    func alternative() throws {
        let plainLast = try MIMEParser.parse(
            mail(
                "From: a@example.org", "Content-Type: multipart/alternative; boundary=b", "", "--b",
                "Content-Type: text/html", "", "<b>rich</b>", "--b", "Content-Type: text/plain", "", "plain", "--b--"))
        #expect(plainLast.text == "plain")
        let htmlOnly = try MIMEParser.parse(
            mail(
                "From: a@example.org", "Content-Type: multipart/alternative; boundary=b", "", "--b",
                "Content-Type: text/plain", "", "", "--b", "Content-Type: text/html", "", "<p>only <i>html</i></p>",
                "--b--"))
        #expect(htmlOnly.text == "only html")
    }

    @Test("Text with a file name is a file; a signature part and a calendar part are left out")
    func partsThatAreNotText() throws {
        let message = try MIMEParser.parse(
            mail(
                "From: a@example.org",
                "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=s",
                "", "--s", "Content-Type: multipart/mixed; boundary=m", "", "--m", "Content-Type: text/plain", "",
                "body", "--m", "Content-Type: text/plain; name=log.txt", "Content-Disposition: inline", "", "a log",
                "--m", "Content-Type: text/calendar; method=REQUEST", "", "BEGIN:VCALENDAR", "--m--", "--s",
                "Content-Type: application/pgp-signature; name=\"signature.asc\"", "", "-----BEGIN PGP SIGNATURE-----",
                "--s--"))
        #expect(message.text == "body")
        #expect(
            message.attachments == [
                InboundAttachment(
                    filename: "log.txt", contentType: "text/plain", data: Array("a log".utf8), isInline: true)
            ])
    }

    @Test("In multipart/related a part with a Content-ID is inline; `start` names the root")
    func related() throws {
        let message = try MIMEParser.parse(
            mail(
                "From: a@example.org", "Content-Type: multipart/related; boundary=r; start=\"<root@x>\"", "", "--r",
                "Content-Type: image/png", "Content-ID: <img@x>", "Content-Transfer-Encoding: base64", "",
                InboundCorpus.base64(InboundCorpus.png), "--r", "Content-Type: text/html", "Content-ID: <root@x>", "",
                "<p>see <img src=\"cid:img@x\"></p>", "--r--"))
        #expect(message.text == "see")
        #expect(message.attachments.map(\.isInline) == [true])
    }

    @Test("An mbox From_ line before the header is skipped; a message with From and no body is kept")
    func mboxAndEmptyBody() throws {
        let message = try MIMEParser.parse(
            mail("From ada@example.org Mon Mar  2 10:00:00 2026", "From: ada@example.org", "Subject: empty", "", ""))
        #expect(message.from?.address == "ada@example.org")
        #expect(message.text == "")
    }

    @Test(
        "Refused with a reason: no empty line, no header, no From and no body, a multipart without parts",
        arguments: [
            mail("From: a@example.org", "Subject: no body separator"),
            mail("Hello, this is not a header", "", "body"),
            mail("Subject: nobody", "", "   "),
            mail("From: a@example.org", "Content-Type: multipart/mixed", "", "no boundary parameter"),
            mail("From: a@example.org", "Content-Type: multipart/mixed; boundary=q", "", "the boundary never comes"),
            [],
            [0xFF, 0xFE, 0x00],
        ])
    func refused(bytes: [UInt8]) {
        #expect {
            try MIMEParser.parse(bytes)
        } throws: { error in
            guard let error = error as? MIMEParseError else { return false }
            return !error.description.isEmpty
        }
    }

    @Test("The limits: size, header size, number of parts, depth")
    func limits() {
        let small = MIMEParser.Limits(maxBytes: 100, maxParts: 3, maxDepth: 2, maxHeaderBytes: 40)
        #expect(throws: MIMEParseError.self) {
            try MIMEParser.parse(mail("From: a@example.org", "", String(repeating: "x", count: 100)), limits: small)
        }
        #expect(throws: MIMEParseError.self) {
            try MIMEParser.parse(
                mail("From: a@example.org", "X: " + String(repeating: "y", count: 40), "", "b"), limits: small)
        }
        let fourParts = mail(
            "From: a@example.org", "Content-Type: multipart/mixed; boundary=b", "", "--b", "", "1", "--b", "", "2",
            "--b", "", "3", "--b--")
        #expect(throws: MIMEParseError.self) { try MIMEParser.parse(fourParts, limits: MIMEParser.Limits(maxParts: 3)) }
        #expect(throws: Never.self) { try MIMEParser.parse(fourParts, limits: MIMEParser.Limits(maxParts: 4)) }
        let nested = mail(
            "From: a@example.org", "Content-Type: multipart/mixed; boundary=a", "", "--a",
            "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: multipart/mixed; boundary=c", "",
            "--c", "", "deep", "--c--", "--b--", "--a--")
        #expect(throws: MIMEParseError.self) { try MIMEParser.parse(nested, limits: MIMEParser.Limits(maxDepth: 2)) }
        #expect((try? MIMEParser.parse(nested, limits: MIMEParser.Limits(maxDepth: 3)))?.text == "deep")
    }

    @Test("Message ids: brackets kept, white space from folding removed, comments ignored")
    func messageIDs() throws {
        let message = try MIMEParser.parse(
            mail(
                "From: a@example.org", "Message-ID:   <m.1@example.org>  ", "In-Reply-To: <a@x> (comment)",
                "References: <r.1@x>", " <r.2@\r\n x> <>", "", "b"))
        #expect(message.messageID == "<m.1@example.org>")
        #expect(message.inReplyTo == ["<a@x>"])
        #expect(message.references == ["<r.1@x>", "<r.2@x>"])
        #expect(MessageIDs.messageID("bare@example.org ") == "bare@example.org")
        #expect(MessageIDs.messageID("  ") == nil)
        #expect(MessageIDs.messageID(nil) == nil)
    }

    @Test(
        "Dates in the forms mail uses, and nil for what is no date",
        arguments: [
            ("Mon, 2 Mar 2026 10:15:00 +0100", 1_772_442_900),
            ("2 Mar 2026 09:15:00 GMT", 1_772_442_900),
            ("Mon,  02 Mar 26 04:15 -0500", 1_772_442_900),
            ("Mon, 2 Mar 2026 10:15:00 +0100 (CET)", 1_772_442_900),
            ("Monday, 2 March 2026 01:15:00 PST", 1_772_442_900),
            ("Thu, 1 Jan 1970 00:00:00 +0000", 0),
            ("Sat, 29 Feb 2025 00:00:00 +0000", 1_740_787_200),
        ])
    func dates(text: String, seconds: Int) {
        #expect(MailDate.parse(text) == Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test(
        "Not dates",
        arguments: ["", "yesterday", "Mon, 2 Foo 2026 10:00:00 +0000", "2 Mar 2026 25:00", "99 Mar 2026 10:00"])
    func notDates(text: String) {
        #expect(MailDate.parse(text) == nil)
    }

    @Test("Address lists: quoted names, comments, groups, encoded names, and nothing that is not an address")
    func addresses() {
        #expect(
            AddressList.parse("\"Doe, Jane\" <jane@x.org>, bob@y.org (Bob Smith), <carl@z.org>, not an address")
                == [
                    MailAddress(name: "Doe, Jane", address: "jane@x.org"),
                    MailAddress(name: "Bob Smith", address: "bob@y.org"),
                    MailAddress(address: "carl@z.org"),
                ])
        #expect(AddressList.parse("undisclosed-recipients:;").isEmpty)
        #expect(
            AddressList.parse("=?UTF-8?Q?Zo=C3=AB?= <zoe@x.org>") == [MailAddress(name: "Zoë", address: "zoe@x.org")])
        #expect(AddressList.parse("Jane \"The \\\"Boss\\\"\" Doe <j@x.org>").first?.name == "Jane The \"Boss\" Doe")
        #expect(AddressList.parse("<@relay.example:ann@x.org>") == [MailAddress(address: "ann@x.org")])
        #expect(AddressList.addresses("Mail Delivery Subsystem <MAILER-DAEMON>") == ["MAILER-DAEMON"])
    }

    @Test(
        "Automatic mail is recognised by its headers, its report type and its sender",
        arguments: [
            (["Auto-Submitted: auto-generated"], "Auto-Submitted: auto-generated"),
            (["Auto-Submitted: auto-replied; owner-email=\"x@y.z\""], "Auto-Submitted: auto-replied"),
            (["Auto-Submitted: No"], nil),
            (["Precedence: bulk"], "Precedence: bulk"),
            (["Precedence: list"], "Precedence: list"),
            (["Precedence: junk"], "Precedence: junk"),
            (["Precedence: auto_reply"], "Precedence: auto_reply"),
            (["Precedence: first-class"], nil),
            (["X-Autoreply: yes"], "X-Autoreply"),
            (["X-Autorespond: on"], "X-Autorespond"),
            (
                ["Content-Type: multipart/report; report-type=disposition-notification; boundary=b"],
                "a delivery or read report (multipart/report; report-type=disposition-notification)"
            ),
            (["From: postmaster@example.org"], "sent by postmaster@example.org"),
            (["From: Mail Delivery Subsystem <MAILER-DAEMON>"], "sent by MAILER-DAEMON"),
            (["Return-Path: < >"], "an empty Return-Path (a notification)"),
            (["Return-Path: <a@example.org>", "From: a@example.org"], nil),
        ] as [([String], String?)])
    func automatic(headers: [String], reason: String?) {
        let fields = headers.map { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (name: String(parts[0]), value: parts[1].trimmingCharacters(in: .whitespaces))
        }
        #expect(AutomaticMail.reason(headers: fields) == reason)
    }

    @Test("format=flowed: soft breaks joined per quote depth, DelSp, space-stuffing, the signature line kept")
    func flowed() {
        #expect(FormatFlowed.unflow("one \ntwo\nthree", deleteSpace: false) == "one two\nthree")
        #expect(FormatFlowed.unflow("Zusammen\u{AD} \nschreiben", deleteSpace: true) == "Zusammen\u{AD}schreiben")
        #expect(
            FormatFlowed.unflow("> quoted \n> more\n>> deeper \n>> still", deleteSpace: false)
                == "> quoted more\n>> deeper still")
        #expect(FormatFlowed.unflow("> soft \nnot quoted", deleteSpace: false) == "> soft \nnot quoted")
        #expect(FormatFlowed.unflow(" >From here\n -- \n-- \nsig", deleteSpace: false) == ">From here\n-- \n-- \nsig")
    }
}
