"""Small helpers shared by the browser tests."""

import base64
import re
import struct
import zlib

from helpdesk_api import PASSWORD  # noqa: F401  (the tests type it into the forms)


def png(width=160, height=100, seed=0):
    """A small, valid PNG: a fake 'screenshot' with a title bar and coloured stripes."""
    palette = [(79, 70, 229), (37, 99, 235), (22, 163, 74), (217, 119, 6), (220, 38, 38)]
    rows = []
    for y in range(height):
        if y < 14:
            pixel = bytes((48, 52, 64))
        else:
            pixel = bytes(palette[(y // 12 + seed) % len(palette)])
        rows.append(b"\x00" + pixel * width)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")


def paste_file(page, content, name="image.png", mime="image/png"):
    """Dispatches a paste event carrying a file, as a clipboard paste of a screenshot does."""
    page.evaluate(
        """([data, name, mime]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: mime }));
            const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
            (document.activeElement || document.body).dispatchEvent(event);
        }""",
        [base64.b64encode(content).decode(), name, mime],
    )


def drop_file(page, selector, content, name, mime):
    """Drops a file on an element, as dragging it from the desktop does."""
    page.locator(selector).evaluate(
        """(target, [data, name, mime]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: mime }));
            for (const type of ['dragenter', 'dragover', 'drop']) {
                target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
        }""",
        [base64.b64encode(content).decode(), name, mime],
    )


def file_ticket(server, token, title, **fields):
    """A ticket filed through the API; `fields` adds to or replaces the description."""
    status, ticket = server.call("POST", "/api/tickets", {"title": title, "description": "Details.", **fields},
                                 token=token)
    assert status == 201, ticket
    return ticket


def comment(server, token, ticket, text, internal=False):
    """A reply (or, with `internal`, a note) posted through the API."""
    status, body = server.call("POST", f"/api/tickets/{ticket['id']}/comments", {"text": text, "internal": internal},
                               token=token)
    assert status == 201, body
    return body


def sign_in(page, account):
    page.get_by_label("Email").fill(account["email"])
    page.get_by_label("Password").fill(account["password"])
    page.get_by_role("button", name="Sign in").click()


def open_user_menu(page):
    page.locator(".user-menu__toggle").click()


def ticket_id_from_url(page):
    match = re.search(r"/tickets/(\d+)$", page.url)
    assert match, page.url
    return int(match.group(1))


def expect_no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"

