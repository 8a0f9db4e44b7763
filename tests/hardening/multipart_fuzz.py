"""Random, mostly broken multipart/form-data uploads for test_upload_fuzz.py.

The server died on a part header whose name held a byte >= 0x80: a parser that trusts its input
fails on the shapes nobody sends on purpose. Each case here is one such shape, built around a valid
upload of a 1x1 PNG in the field `image`: garbage header lines, odd boundaries, truncated bodies,
missing final boundaries, nested and repeated parts, huge header lines, odd Content-Type parameters
and byte-level mutations of a valid body.

Case `n` of seed `s` comes from its own `random.Random(f"{s}:{n}")`, so a failure is replayed from
the seed and the case number alone, whatever the cases before it were.

The Content-Type *header* stays a legal HTTP header value (no CR, LF or other controls): the target
is the multipart parser, not the HTTP one, which answers a broken head before any route runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from conftest import PNG_1X1

# Bytes that break naive parsers: controls, separators, quotes, and non-ASCII (the crash above).
NASTY = b"\x00\r\n\t :;=,\"'\\/-\x7f\x80\x86\xc2\xc3\xa9\xfe\xff"
# What may stand in an HTTP header value: printable ASCII and latin-1 beyond 0x80.
HEADER_CHARS = [chr(c) for c in range(0x21, 0x7f)] + [" ", "\t", "\x80", "\xa0", "\xe9", "\xff"]
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"RIFF")


@dataclass
class Case:
    number: int
    kind: str
    body: bytes
    content_type: str

    def describe(self, limit: int = 400) -> str:
        shown = self.body if len(self.body) <= limit else self.body[:limit] + b"..."
        return (f"case #{self.number} ({self.kind}), Content-Type {self.content_type!r}, "
                f"{len(self.body)} bytes: {shown!r}")


def regression_case() -> Case:
    """The body that killed the server: a part header named b'\\xc2\\x86'."""
    return Case(-1, "regression", b"--XB\r\n\xc2\x86: x\r\n\r\nhello\r\n--XB--\r\n",
                "multipart/form-data; boundary=XB")


def make_case(seed: int, number: int) -> Case:
    rng = random.Random(f"{seed}:{number}")
    kind = rng.choice(list(_KINDS))
    body, content_type = _KINDS[kind](rng)
    return Case(number, kind, body, content_type)


# --- building blocks --------------------------------------------------------------------------------

def _nasty_bytes(rng: random.Random, most: int) -> bytes:
    length = rng.randint(0, most)
    pick = rng.random()
    if pick < 0.4:
        return bytes(rng.choice(NASTY) for _ in range(length))
    if pick < 0.7:
        return rng.randbytes(length)
    return bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz-_" + NASTY) for _ in range(length))


def _header_text(rng: random.Random, most: int) -> str:
    text = "".join(rng.choice(HEADER_CHARS) for _ in range(rng.randint(0, most)))
    return text.lstrip(" \t")  # an HTTP header value cannot start with white space


def _image_headers(filename: bytes = b"shot.png", mime: bytes = b"image/png") -> list[bytes]:
    return [b'Content-Disposition: form-data; name="image"; filename="' + filename + b'"',
            b"Content-Type: " + mime]


def _part(headers: list[bytes], content: bytes) -> bytes:
    return b"".join(line + b"\r\n" for line in headers) + b"\r\n" + content


def _body(boundary: bytes, parts: list[bytes], final: bool = True) -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary + b"--\r\n" if final else b"")


def _valid(boundary: bytes = b"XB") -> tuple[bytes, str]:
    return _body(boundary, [_part(_image_headers(), PNG_1X1)]), "multipart/form-data; boundary=" + boundary.decode()


# --- the kinds of case ------------------------------------------------------------------------------

def _well_formed(rng):
    if rng.random() < 0.3:  # a boundary with the separators RFC 2046 allows only when quoted
        body, _ = _valid(b"'()+_,-./:=?")
        return body, "multipart/form-data; boundary=\"'()+_,-./:=?\""
    return _valid(rng.choice([b"XB", b"----WebKitFormBoundary7MA4YWxkTrZu0gW", b"a" * 70]))


def _garbage_headers(rng):
    headers = _image_headers()
    for _ in range(rng.randint(1, 4)):
        shape = rng.random()
        if shape < 0.5:
            line = _nasty_bytes(rng, 30) + b":" + _nasty_bytes(rng, 60)
        elif shape < 0.7:
            line = _nasty_bytes(rng, 40)  # no colon at all
        elif shape < 0.85:
            line = bytes([rng.randint(0x80, 0xff)]) + _nasty_bytes(rng, 5) + b": x"  # the regression's shape
        else:
            line = b"Content-Disposition: " + _nasty_bytes(rng, 80)
        if rng.random() < 0.3:
            headers = [line]  # replace the real headers
        else:
            headers.insert(rng.randint(0, len(headers)), line)
    return _body(b"XB", [_part(headers, rng.choice([PNG_1X1, b"hello", b""]))]), "multipart/form-data; boundary=XB"


def _odd_boundary(rng):
    choice = rng.random()
    if choice < 0.2:
        declared, used = "", b""
    elif choice < 0.4:
        used = b"b" * rng.choice([71, 200, 1000, 4000])
        declared = used.decode()
    elif choice < 0.6:
        declared = _header_text(rng, 40)
        used = declared.encode("latin-1")
    elif choice < 0.8:
        declared, used = '"' + _header_text(rng, 20).replace('"', "") + '"', _nasty_bytes(rng, 20)
    else:
        declared, used = "XB", rng.choice([b"XC", b"X", b"XBX", b" XB", b"XB "])
    body = _body(used, [_part(_image_headers(), PNG_1X1)])
    return body, "multipart/form-data; boundary=" + declared


def _truncated(rng):
    body, content_type = _valid()
    return body[:rng.randrange(len(body))], content_type


def _no_final_boundary(rng):
    body = _body(b"XB", [_part(_image_headers(), PNG_1X1)], final=False)
    if rng.random() < 0.5:
        body = body.rstrip(b"\r\n")
    if rng.random() < 0.3:
        body += b"--XB"
    return body, "multipart/form-data; boundary=XB"


def _nested_and_repeated(rng):
    shape = rng.random()
    if shape < 0.3:
        inner = _body(b"IN", [_part(_image_headers(), PNG_1X1)], final=rng.random() < 0.5)
        parts = [_part([b'Content-Disposition: form-data; name="image"', b"Content-Type: multipart/mixed; boundary=IN"],
                       inner)]
    elif shape < 0.6:
        parts = [_part(_image_headers(), rng.choice([PNG_1X1, b"not an image", b""])) for _ in range(rng.randint(2, 5))]
    elif shape < 0.8:
        parts = [_part([b'Content-Disposition: form-data; name="f%d"' % n], b"x") for n in range(rng.randint(50, 500))]
        parts.insert(rng.randrange(len(parts)), _part(_image_headers(), PNG_1X1))
    else:
        parts = [_part([b'Content-Disposition: form-data; name="image"; filename="a.png"; filename="b.png"',
                        b"Content-Type: image/png", b"Content-Type: text/plain"], PNG_1X1)]
    return _body(b"XB", parts), "multipart/form-data; boundary=XB"


def _huge_header_line(rng):
    size = rng.choice([1_000, 8_192, 65_536, 200_000])
    filler = rng.choice([b"a", b"\xff", b";", b" "]) * size
    headers = _image_headers()
    shape = rng.random()
    if shape < 0.4:
        headers.append(b"X-Big: " + filler)
    elif shape < 0.7:
        headers = _image_headers(filename=filler)
    elif shape < 0.85:
        headers.append(filler + b": x")
    else:
        headers += [b"X-Many-%d: y" % n for n in range(rng.randint(1_000, 5_000))]
    return _body(b"XB", [_part(headers, PNG_1X1)]), "multipart/form-data; boundary=XB"


def _odd_content_type(rng):
    body, _ = _valid()
    params = [rng.choice(["boundary=XB", "boundary=YY", "boundary", "boundary=", "charset=" + _header_text(rng, 8),
                          _header_text(rng, 12), "=", ";", "boundary=\"XB", "BOUNDARY=XB", "boundary = XB"])
              for _ in range(rng.randint(0, 4))]
    media = rng.choice(["multipart/form-data", "MULTIPART/FORM-DATA", "multipart/mixed", "multipart/", "multipart",
                        "multipart/form-data/extra", "multipart/" + _header_text(rng, 8)])
    return body, ";".join([media, *params])


def _mutated(rng):
    body, content_type = _valid()
    data = bytearray(body)
    for _ in range(rng.randint(1, 8)):
        if not data:
            break
        at = rng.randrange(len(data))
        action = rng.random()
        if action < 0.3:
            data[at] = rng.randrange(256)
        elif action < 0.55:
            data[at:at] = _nasty_bytes(rng, 8)
        elif action < 0.75:
            del data[at:at + rng.randint(1, 16)]
        elif action < 0.9:
            data[at:at] = data[at:at + rng.randint(1, 32)]
        else:
            data = bytearray(bytes(data).replace(b"\r\n", rng.choice([b"\n", b"\r", b"\r\r\n", b""]), 1))
    return bytes(data), content_type


def _random_body(rng):
    return _nasty_bytes(rng, 512), "multipart/form-data; boundary=" + rng.choice(["XB", _header_text(rng, 10)])


_KINDS = {
    "well-formed": _well_formed,
    "garbage headers": _garbage_headers,
    "odd boundary": _odd_boundary,
    "truncated": _truncated,
    "no final boundary": _no_final_boundary,
    "nested or repeated parts": _nested_and_repeated,
    "huge header line": _huge_header_line,
    "odd Content-Type": _odd_content_type,
    "mutated": _mutated,
    "random body": _random_body,
}
