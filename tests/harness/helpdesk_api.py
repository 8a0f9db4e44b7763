"""A small JSON client for the Helpdesk API, on the Python standard library alone.

Signing in, registering, uploading an image and paging through tickets are written here once and
used by the hardening tests, the browser tests and bench/prepare.py. The benchmark runs on a bare
`python3`, so this module must not need `requests`.

Ticket list cursors are opaque: `ticket_pages` follows the `next_cursor` the server hands out and
never builds one itself.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator

# The password every test account gets unless a test says otherwise.
PASSWORD = "correct-horse-battery"
REQUEST_TIMEOUT = 30.0


def call(base: str, method: str, path: str, body=None, token: str | None = None, *,
         data: bytes | None = None, content_type: str | None = None,
         timeout: float = REQUEST_TIMEOUT) -> tuple[int, object]:
    """Sends one request to `base + path`; returns (status, the decoded JSON body, or its text).

    `body` is sent as JSON; `data` as it is, with `content_type`. An HTTP error status is returned,
    never raised: the callers assert on it.
    """
    headers = {"Accept": "application/json"}
    if body is not None:
        data = json.dumps(body).encode()
        content_type = "application/json"
    if content_type:
        headers["Content-Type"] = content_type
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _decode(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _decode(error.read())


def _decode(raw: bytes):
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def expect(base: str, method: str, path: str, body=None, token: str | None = None, *, status: int = 200, **options):
    """`call`, asserting the status; returns the body."""
    got, payload = call(base, method, path, body, token, **options)
    if got != status:
        raise AssertionError(f"{method} {path} answered {got}, expected {status}: {str(payload)[:2000]}")
    return payload


def is_healthy(base: str, timeout: float = 2.0) -> bool:
    try:
        return call(base, "GET", "/api/health", timeout=timeout)[0] == 200
    except OSError:
        return False


def wait_healthy(base: str, timeout: float, alive: Callable[[], bool] = lambda: True) -> bool:
    """Polls /api/health until it answers 200 (True), or the process dies or time runs out (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        if is_healthy(base):
            return True
        time.sleep(0.1)
    return False


def sign_in(base: str, email: str, password: str = PASSWORD) -> dict:
    """POST /api/auth/login; returns the session: {"token": ..., "user": {...}}."""
    return expect(base, "POST", "/api/auth/login", {"email": email, "password": password})


def register(base: str, username: str, email: str, password: str = PASSWORD) -> dict:
    """POST /api/auth/register; returns the session of the new customer."""
    return expect(base, "POST", "/api/auth/register", {"username": username, "email": email, "password": password},
                  status=201)


def multipart_image(filename: str, content: bytes, mime: str = "image/png") -> tuple[bytes, str]:
    """A multipart/form-data body with one file in the field `image`; returns (body, Content-Type)."""
    boundary = "----helpdesk" + secrets.token_hex(8)
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{filename}\"\r\n"
        f"Content-Type: {mime}\r\n\r\n"
    ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload_image(base: str, ticket_id: int, filename: str, content: bytes, token: str) -> dict:
    body, content_type = multipart_image(filename, content)
    return expect(base, "POST", f"/api/tickets/{ticket_id}/images", token=token, data=body,
                  content_type=content_type, status=201)


def ticket_pages(base: str, token: str, limit: int = 100, **filters: str) -> Iterator[dict]:
    """Every page of GET /api/tickets, newest first, following `next_cursor` to the end."""
    query = {"limit": str(limit), **filters}
    while True:
        page = expect(base, "GET", "/api/tickets?" + urllib.parse.urlencode(query), token=token)
        yield page
        if not page.get("next_cursor"):
            return
        query["cursor"] = page["next_cursor"]
