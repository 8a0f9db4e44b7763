"""Mail out (issue 10) against a real SMTP server: the recording sink of tests/harness/smtp_sink.py on
127.0.0.1, plain and with STARTTLS/implicit TLS and AUTH.

Two sources of truth are compared. The outbox (`GET /api/admin/emails`) is written in the same
transaction as the change that caused it, so right after an answer it says exactly who will be mailed:
the who-gets-what rules are checked there, step by step. The sink says what was delivered: once every
row of a ticket is `sent`, its messages are there, one per row, and their headers, parts and text are
checked. Most tests share one server and one sink; the ones that stop the sink, kill the server or need
other settings start their own.
"""

from __future__ import annotations

import collections
import json
import re
import secrets
import signal
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from email.utils import parseaddr

import pytest
import requests

from conftest import EMAIL_DOMAIN, PASSWORD, assert_json_error, auth
from helpdesk_server import free_port
from smtp_sink import REJECT_REASON, SMTPSink, part_text

MAIL_DOMAIN = "helpdesk.hardening.test"
MAIL_FROM_NAME = "Helpdesk Tests"
MAIL_FROM_ADDRESS = f"support@{MAIL_DOMAIN}"
PUBLIC_URL = "https://desk.hardening.test"
FAST_RETRIES = "1,1,1"
# Long enough for mail to wait out a test's SMTP outage (the server takes at most 20 delays).
PATIENT_RETRIES = ",".join(["2"] * 20)
DELIVERY_TIMEOUT = 30.0
OUTBOX_KEYS = {"id", "kind", "to", "subject", "ticket_id", "status", "attempts", "last_error", "created_at",
               "next_attempt_at", "sent_at"}
KINDS = {"ticket_received", "ticket_created", "staff_reply", "customer_reply", "internal_note", "assigned",
         "closed", "password_reset"}
BODY_KEYS = {"body", "text", "html", "text_body", "html_body", "raw", "content", "message"}


def mail_env(smtp_url: str, *, retries: str = FAST_RETRIES, **more: str) -> dict[str, str]:
    env = {"SMTP_URL": smtp_url, "MAIL_FROM": f"{MAIL_FROM_NAME} <{MAIL_FROM_ADDRESS}>", "PUBLIC_URL": PUBLIC_URL,
           "MAIL_POLL_SECONDS": "0.2", "MAIL_RETRY_SECONDS": retries, "MAIL_WORKER": "on"}
    env.update(more)
    return env


def address(value: str) -> str:
    return parseaddr(value)[1].lower()


def wait(predicate, timeout: float, what: str, interval: float = 0.2):
    """Polls `predicate()` until it returns something truthy (returned); fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(interval)


# --- the API ---------------------------------------------------------------------------------------------


def api(server, method: str, path: str, token: str | None = None, body=None, *, status: int = 200):
    response = requests.request(method, server.api + path, json=body, headers=auth(token) if token else {},
                                timeout=30)
    assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text[:500]}"
    return response.json() if response.content else None


def outbox(server, admin: str, status: str | None = None) -> list[dict]:
    """Every outbox row, newest first, following next_cursor to the end."""
    rows: list[dict] = []
    query = {"status": status} if status else {}
    for _page in range(2000):
        page = api(server, "GET", "/admin/emails?" + urllib.parse.urlencode(query), admin)
        rows.extend(page["items"])
        if not page["next_cursor"]:
            return rows
        query["cursor"] = page["next_cursor"]
    raise AssertionError("the outbox never ended")


def settle(server, admin: str, ticket_ids, timeout: float = DELIVERY_TIMEOUT) -> list[dict]:
    """Waits until every outbox row of these tickets is sent; fails at once on a failed one."""
    ticket_ids = set(ticket_ids)

    def done():
        rows = [r for r in outbox(server, admin) if r["ticket_id"] in ticket_ids]
        failed = [r for r in rows if r["status"] == "failed"]
        assert not failed, f"mail failed: {failed}"
        return rows if all(r["status"] == "sent" for r in rows) else None

    return wait(done, timeout, f"mail of tickets {sorted(ticket_ids)} sent")


def duplicated_message_ids(messages) -> dict[str, int]:
    counts = collections.Counter(m.message_id for m in messages)
    return {mid: n for mid, n in counts.items() if n != 1}


# --- what a message must look like -------------------------------------------------------------------------


def check_raw(raw: bytes) -> None:
    """CRLF line endings, lines of at most 998 octets, and headers in ASCII (RFC 2047 for the rest)."""
    head, separator, _ = raw.partition(b"\r\n\r\n")
    assert separator, "no blank line after the headers"
    assert head.isascii(), f"raw 8-bit bytes in the headers: {head[:300]!r}"
    lines = raw.split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "a bare LF or CR"
    assert max(len(line) for line in lines) <= 998, "a line longer than 998 octets"


def about_ticket(received, ticket_id: int) -> bool:
    m = received.message
    return (str(m["Subject"] or "").startswith(f"[#{ticket_id}] ")
            or (received.message_id or "").startswith(f"<ticket-{ticket_id}.")
            or f"<ticket-{ticket_id}@" in str(m["In-Reply-To"] or ""))


def link_pattern(ticket_id: int) -> re.Pattern:
    return re.compile(re.escape(f"{PUBLIC_URL}/tickets/{ticket_id}") + r"(?![0-9])")


def check_ticket_message(received, ticket: dict, author_email: str) -> str | None:
    """Every rule for a message about `ticket`; returns its Reply-To address (mail to the author only)."""
    ticket_id, m = ticket["id"], received.message
    recipient = received.rcpt_tos[0].lower() if received.rcpt_tos else ""
    assert len(received.rcpt_tos) == 1, f"one message per recipient, got {received.rcpt_tos}"
    assert [a.addr_spec.lower() for a in m["To"].addresses] == [recipient]
    sender = m["From"].addresses
    assert len(sender) == 1 and sender[0].addr_spec == MAIL_FROM_ADDRESS, str(m["From"])
    assert sender[0].display_name == MAIL_FROM_NAME, str(m["From"])
    assert str(m["Subject"]) == f"[#{ticket_id}] {ticket['title']}"
    root = f"<ticket-{ticket_id}@{MAIL_DOMAIN}>"
    assert re.fullmatch(rf"<ticket-{ticket_id}\.[^@<>\s]+@{re.escape(MAIL_DOMAIN)}>", received.message_id or ""), \
        received.message_id
    assert str(m["In-Reply-To"]).strip() == root
    assert root in str(m["References"]).split()
    assert str(m["Auto-Submitted"]).strip().lower() == "auto-generated"
    assert m["Date"] is not None and m["Date"].datetime is not None
    assert str(m["MIME-Version"]).strip() == "1.0"
    assert m.get_content_type() == "multipart/alternative"
    parts = list(m.iter_parts())
    assert sorted(p.get_content_type() for p in parts) == ["text/html", "text/plain"]
    for part in parts:
        assert part.get_content_charset() == "utf-8", part["Content-Type"]
        assert str(part["Content-Transfer-Encoding"]).lower() in ("quoted-printable", "base64")
    link = link_pattern(ticket_id)
    assert link.search(part_text(m, "plain")), "no link to the ticket in the text part"
    assert link.search(part_text(m, "html")), "no link to the ticket in the HTML part"
    check_raw(received.raw)
    reply_to = m["Reply-To"]
    if recipient == author_email.lower():
        assert reply_to is not None, "mail to the author has no Reply-To"
        reply_address = reply_to.addresses[0].addr_spec
        assert re.fullmatch(rf"support\+{ticket_id}-[0-9a-f]{{20}}@{re.escape(MAIL_DOMAIN)}", reply_address), \
            reply_address
        return reply_address
    assert reply_to is None or f"+{ticket_id}-" not in str(reply_to), f"staff mail has the reply address: {reply_to}"
    return None


# --- the shared server -----------------------------------------------------------------------------------


class Desk:
    """A server with three staff (agents ann and bob, admin ada), pointed at a plain sink."""

    def __init__(self, server, sink):
        self.server = server
        self.sink = sink
        self.authors: dict[int, str] = {}
        self.emails: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.ids: dict[str, int] = {}

    def add_staff(self, name: str, role: str) -> None:
        self.emails[name] = self.server.create_user(f"mo_{name}", role)

    def sign_in_staff(self) -> None:
        for name, email in self.emails.items():
            session = self.server.sign_in(email)
            self.tokens[name], self.ids[name] = session["token"], session["user"]["id"]

    @property
    def staff_emails(self) -> list[str]:
        return [self.emails[name] for name in ("ann", "bob", "ada")]

    @property
    def admin(self) -> str:
        return self.tokens["ada"]

    def customer(self, name: str) -> tuple[str, dict]:
        return self.server.register(f"mo_{name}_{secrets.token_hex(3)}")

    def file(self, token: str, title: str = "Printer on fire", description: str = "It smokes.") -> dict:
        ticket = api(self.server, "POST", "/tickets", token, {"title": title, "description": description}, status=201)
        me = api(self.server, "GET", "/auth/me", token)
        self.authors[ticket["id"]] = me["email"]
        return ticket

    def comment(self, token: str, ticket: dict, text: str, internal: bool = False) -> dict:
        return api(self.server, "POST", f"/tickets/{ticket['id']}/comments", token,
                   {"text": text, "internal": internal}, status=201)

    def change(self, token: str, ticket: dict, **fields) -> dict:
        return api(self.server, "PATCH", f"/tickets/{ticket['id']}", token, fields)

    def rows(self, ticket: dict) -> collections.Counter:
        """(kind, recipient) of every outbox row of the ticket."""
        return collections.Counter((r["kind"], address(r["to"])) for r in outbox(self.server, self.admin)
                                   if r["ticket_id"] == ticket["id"])

    def delivered(self, tickets: list[dict]) -> dict[int, list]:
        """Waits until the tickets' mail is sent; checks every message against the rows and the format
        rules; returns the messages of each ticket."""
        rows = settle(self.server, self.admin, [t["id"] for t in tickets])
        found = {}
        for ticket in tickets:
            expected = collections.Counter(address(r["to"]) for r in rows if r["ticket_id"] == ticket["id"])
            messages = [m for m in self.sink.received() if about_ticket(m, ticket["id"])]
            assert collections.Counter(m.rcpt_tos[0].lower() for m in messages if m.rcpt_tos) == expected, \
                f"ticket {ticket['id']}: rows for {dict(expected)}, mail for {[m.rcpt_tos for m in messages]}"
            assert not duplicated_message_ids(messages)
            replies = {check_ticket_message(m, ticket, self.authors[ticket["id"]]) for m in messages}
            assert len(replies - {None}) <= 1, f"the reply address changed within ticket {ticket['id']}: {replies}"
            found[ticket["id"]] = messages
        return found


class Expected:
    """The outbox rows a ticket should have so far, checked after every step."""

    def __init__(self, desk: Desk, ticket: dict):
        self.desk, self.ticket, self.rows = desk, ticket, collections.Counter()

    def add(self, kind: str, *emails: str) -> None:
        for email in emails:
            self.rows[(kind, email.lower())] += 1

    def check(self, step: str) -> None:
        got = self.desk.rows(self.ticket)
        assert got == self.rows, (f"after {step}: expected {sorted(self.rows.elements())}, "
                                  f"got {sorted(got.elements())}")


@pytest.fixture(scope="module")
def desk(module_servers):
    with SMTPSink() as sink:
        server = module_servers.make(extra_env=mail_env(sink.url()))
        desk = Desk(server, sink)
        desk.add_staff("ann", "agent")
        desk.add_staff("bob", "agent")
        desk.add_staff("ada", "admin")
        server.start()
        desk.sign_in_staff()
        yield desk


@pytest.fixture
def sinks():
    """Makes sinks for one test and closes them after it."""
    made: list[SMTPSink] = []

    def make(**options) -> SMTPSink:
        sink = SMTPSink(**options)
        made.append(sink)
        return sink

    yield make
    for sink in made:
        sink.close()


# --- who gets what -----------------------------------------------------------------------------------------


def test_filing_a_ticket_mails_a_receipt_to_the_author_and_the_ticket_to_every_agent_and_admin(desk):
    token, user = desk.customer("filer")
    first = desk.file(token, "Cannot log in", "The page says 'no' when I sign in.")
    expected = Expected(desk, first)
    expected.add("ticket_received", user["email"])
    expected.add("ticket_created", *desk.staff_emails)
    expected.check("a customer filed a ticket")
    second = desk.file(token, "Another one", "Second ticket.")

    messages = desk.delivered([first, second])
    reply_addresses = [
        m.message["Reply-To"].addresses[0].addr_spec
        for ticket in (first, second) for m in messages[ticket["id"]]
        if m.rcpt_tos[0].lower() == user["email"].lower()]
    assert len(set(reply_addresses)) == 2, f"each ticket has its own reply address: {reply_addresses}"


def test_public_replies_go_to_the_other_side(desk):
    token, user = desk.customer("talker")
    ticket = desk.file(token)
    expected = Expected(desk, ticket)
    expected.add("ticket_received", user["email"])
    expected.add("ticket_created", *desk.staff_emails)

    desk.comment(desk.tokens["ann"], ticket, "Have you tried turning it off and on again?")
    expected.add("staff_reply", user["email"])
    expected.check("an agent's public reply")

    desk.comment(token, ticket, "Yes, twice. Still smoking.")
    expected.add("customer_reply", *desk.staff_emails)
    expected.check("the author's reply on an unassigned ticket")

    desk.comment(desk.tokens["ada"], ticket, "An admin answers too.")
    expected.add("staff_reply", user["email"])
    expected.check("an admin's public reply")

    messages = desk.delivered([ticket])[ticket["id"]]
    to_customer = [m.text for m in messages if m.rcpt_tos[0].lower() == user["email"].lower()]
    assert any("Have you tried turning it off and on again?" in text for text in to_customer)
    assert any("An admin answers too." in text for text in to_customer)
    to_bob = [m.text for m in messages if m.rcpt_tos[0].lower() == desk.emails["bob"].lower()]
    assert any("Yes, twice. Still smoking." in text for text in to_bob)


def test_assignment_notes_and_replies_follow_the_assignee(desk):
    token, user = desk.customer("assigned")
    ticket = desk.file(token)
    expected = Expected(desk, ticket)
    expected.add("ticket_received", user["email"])
    expected.add("ticket_created", *desk.staff_emails)

    desk.comment(desk.tokens["bob"], ticket, "Note on an unassigned ticket.", internal=True)
    expected.check("an internal note on an unassigned ticket (nobody to tell)")

    desk.change(desk.tokens["ada"], ticket, assignee_id=desk.ids["ann"])
    expected.add("assigned", desk.emails["ann"])
    expected.check("the admin assigned it to ann")

    desk.comment(token, ticket, "Any news?")
    expected.add("customer_reply", desk.emails["ann"])
    expected.check("the author replied on a ticket assigned to ann")

    desk.comment(desk.tokens["bob"], ticket, "bob's note for ann", internal=True)
    expected.add("internal_note", desk.emails["ann"])
    expected.check("bob wrote an internal note")

    desk.change(desk.tokens["ann"], ticket, assignee_id=desk.ids["bob"])
    expected.add("assigned", desk.emails["bob"])
    expected.check("ann passed it to bob")

    desk.change(desk.tokens["bob"], ticket, assignee_id=None)
    expected.check("bob unassigned it (no new assignee)")

    desk.comment(token, ticket, "Hello?")
    expected.add("customer_reply", *desk.staff_emails)
    expected.check("the author replied on an unassigned ticket again")

    messages = desk.delivered([ticket])[ticket["id"]]
    to_ann = [m.text for m in messages if m.rcpt_tos[0].lower() == desk.emails["ann"].lower()]
    assert any("bob's note for ann" in text for text in to_ann)
    assert any("Any news?" in text for text in to_ann)


def test_closing_mails_the_author_and_other_status_changes_mail_nobody(desk):
    token, user = desk.customer("closer")
    ticket = desk.file(token)
    expected = Expected(desk, ticket)
    expected.add("ticket_received", user["email"])
    expected.add("ticket_created", *desk.staff_emails)

    desk.change(desk.tokens["ann"], ticket, status="in_progress", priority="high")
    expected.check("status in_progress and priority high")

    desk.change(desk.tokens["ann"], ticket, status="closed")
    expected.add("closed", user["email"])
    expected.check("an agent closed it")

    desk.change(token, ticket, status="open")
    expected.check("the author reopened it")

    desk.change(token, ticket, status="closed")
    expected.check("the author closed it themselves")

    desk.change(token, ticket, status="open")
    desk.change(desk.tokens["ada"], ticket, status="closed")
    expected.add("closed", user["email"])
    expected.check("the admin closed it")

    desk.delivered([ticket])


def test_nobody_gets_mail_about_their_own_action(desk):
    token, user = desk.customer("self")
    ticket = desk.file(token)
    expected = Expected(desk, ticket)
    expected.add("ticket_received", user["email"])
    expected.add("ticket_created", *desk.staff_emails)

    desk.change(desk.tokens["ann"], ticket, assignee_id=desk.ids["ann"])
    expected.check("ann assigned it to herself")

    desk.comment(desk.tokens["ann"], ticket, "I am on it.")
    expected.add("staff_reply", user["email"])
    expected.check("ann replied on her own ticket")

    desk.comment(desk.tokens["ann"], ticket, "A note to myself.", internal=True)
    expected.check("ann wrote a note on her own ticket")

    desk.comment(token, ticket, "Thanks!")
    expected.add("customer_reply", desk.emails["ann"])
    expected.check("the author replied")

    desk.change(desk.tokens["ada"], ticket, status="closed")
    expected.add("closed", user["email"])
    expected.check("the admin closed it")

    desk.delivered([ticket])


def test_an_internal_note_never_reaches_the_customer(desk):
    token, user = desk.customer("nosy")
    secrets_in_notes = [f"INTERNAL-{secrets.token_hex(6)}" for _ in range(3)]
    ticket = desk.file(token, "Refund please", "I want my money back.")
    desk.comment(desk.tokens["ann"], ticket, "We are looking into it.")
    desk.comment(desk.tokens["bob"], ticket, f"Unassigned note {secrets_in_notes[0]}", internal=True)
    desk.change(desk.tokens["ada"], ticket, assignee_id=desk.ids["ann"])
    desk.comment(desk.tokens["bob"], ticket, f"Customer is on the naughty list {secrets_in_notes[1]}",
                 internal=True)
    desk.comment(token, ticket, "Any news on my refund?")
    desk.change(desk.tokens["ann"], ticket, status="in_progress")
    desk.comment(desk.tokens["ann"], ticket, f"My own note {secrets_in_notes[2]}", internal=True)
    desk.comment(desk.tokens["ann"], ticket, "Refund approved.")
    desk.change(desk.tokens["ann"], ticket, status="closed")

    messages = desk.delivered([ticket])[ticket["id"]]
    customer_rows = {kind: n for (kind, to), n in desk.rows(ticket).items() if to == user["email"].lower()}
    assert customer_rows == {"ticket_received": 1, "staff_reply": 2, "closed": 1}
    to_customer = desk.sink.to(user["email"])
    assert len(to_customer) == 4, [str(m.message["Subject"]) for m in to_customer]
    for received in to_customer:
        seen = received.raw.decode("utf-8", "replace") + received.text + str(received.message["Subject"])
        for secret in secrets_in_notes:
            assert secret not in seen, f"an internal note reached the customer: {secret}"
    to_ann = [m.text for m in messages if m.rcpt_tos[0].lower() == desk.emails["ann"].lower()]
    assert any(secrets_in_notes[1] in text for text in to_ann), "the assignee did not get the note"
    listing = json.dumps(outbox(desk.server, desk.admin))
    assert not any(secret in listing for secret in secrets_in_notes), "the emails API shows a body"


def test_opted_out_customer_gets_no_ticket_mail_but_still_a_password_reset(desk):
    token, user = desk.customer("quiet")
    assert user["email_notifications"] is True
    ticket = desk.file(token)
    expected = Expected(desk, ticket)
    expected.add("ticket_received", user["email"])
    expected.add("ticket_created", *desk.staff_emails)

    changed = api(desk.server, "PATCH", "/auth/me", token, {"email_notifications": False})
    assert changed["email_notifications"] is False and changed["id"] == user["id"]
    assert api(desk.server, "GET", "/auth/me", token)["email_notifications"] is False

    desk.comment(desk.tokens["ann"], ticket, "Reply to someone who opted out.")
    desk.change(desk.tokens["ann"], ticket, status="closed")
    expected.check("a staff reply and a close for an opted-out author")
    second = desk.file(token, "Filed while opted out")
    assert desk.rows(second) == collections.Counter(("ticket_created", e.lower()) for e in desk.staff_emails)

    assert request_reset(desk, user["email"])

    api(desk.server, "PATCH", "/auth/me", token, {"email_notifications": True})
    desk.change(token, ticket, status="open")
    desk.comment(desk.tokens["ann"], ticket, "And now you hear from us again.")
    expected.add("staff_reply", user["email"])
    expected.check("a staff reply after opting back in")
    desk.delivered([ticket, second])


def test_message_format_non_ascii_html_escaping_long_lines_and_dots(desk):
    token, user = desk.customer("format")
    title = "Drucker kaputt — Ümläute ✓ 🖨"
    ticket = desk.file(token, title)
    text = "\n".join([
        "Try <script>alert('x')</script> & <b>bold</b> \"quoted\"",
        "long:" + "0123456789" * 250,
        ".",
        ".starts-with-a-dot",
        "..two-dots",
        "last-line-of-the-reply",
    ])
    desk.comment(desk.tokens["ann"], ticket, text)

    messages = desk.delivered([ticket])[ticket["id"]]
    reply = [m for m in messages if m.rcpt_tos[0].lower() == user["email"].lower() and "long:" in m.text]
    assert len(reply) == 1
    message = reply[0].message
    assert str(message["Subject"]) == f"[#{ticket['id']}] {title}"
    head = re.sub(r"\r\n[ \t]", " ", reply[0].raw.partition(b"\r\n\r\n")[0].decode("ascii"))  # unfolded
    assert re.search(r"(?im)^Subject:.*=\?utf-8\?[bq]\?", head), "the subject is not an RFC 2047 encoded word"
    plain, html = part_text(message, "plain"), part_text(message, "html")
    assert "long:" + "0123456789" * 250 in plain
    lines = plain.splitlines()
    for line in (".starts-with-a-dot", "..two-dots", "last-line-of-the-reply"):
        assert any(candidate.strip().endswith(line) for candidate in lines), f"{line!r} lost (dot-stuffing?)"
    assert "<script>" not in html and "<b>bold</b>" not in html, "user text is not escaped in the HTML part"
    assert "&lt;script&gt;" in html
    assert not re.search(r"(?i)<img[^>]+src=[\"']?https?:", html), "a remote image in the HTML part"


# --- password reset -----------------------------------------------------------------------------------------


def reset_token_from(received) -> str:
    match = re.search(re.escape(PUBLIC_URL) + r"/reset-password\?token=([^\s\"'<>&]+)", part_text(received.message,
                                                                                                   "plain"))
    assert match, f"no reset link in: {received.text[:500]}"
    return urllib.parse.unquote(match.group(1))


def reset_mails(desk: Desk, email: str) -> list:
    return [m for m in desk.sink.to(email) if "/reset-password?token=" in m.text]


def request_reset(desk: Desk, email: str) -> str:
    """Requests a reset and returns the token from the mail it sends."""
    before = {m.message_id for m in reset_mails(desk, email)}
    api(desk.server, "POST", "/auth/password-reset", None, {"email": email}, status=202)
    wait(lambda: [m for m in reset_mails(desk, email) if m.message_id not in before], DELIVERY_TIMEOUT,
         f"the password reset mail to {email}")
    received = [m for m in reset_mails(desk, email) if m.message_id not in before]
    assert len(received) == 1, f"{len(received)} reset mails for one request"
    message = received[0].message
    assert [a.addr_spec.lower() for a in message["To"].addresses] == [email.lower()]
    assert str(message["Auto-Submitted"]).strip().lower() == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    check_raw(received[0].raw)
    return reset_token_from(received[0])


def test_password_reset_end_to_end(desk):
    server = desk.server
    old_token, user = desk.customer("forgetful")
    email = user["email"]
    unknown = f"nobody-{secrets.token_hex(4)}@{EMAIL_DOMAIN}"

    known_answer = requests.post(server.api + "/auth/password-reset", json={"email": email}, timeout=30)
    unknown_answer = requests.post(server.api + "/auth/password-reset", json={"email": unknown}, timeout=30)
    assert known_answer.status_code == unknown_answer.status_code == 202
    assert known_answer.json() == unknown_answer.json()
    assert isinstance(known_answer.json().get("status"), str)
    wait(lambda: reset_mails(desk, email), DELIVERY_TIMEOUT, "the first reset mail")
    resets = [r for r in outbox(server, desk.admin) if r["kind"] == "password_reset"]
    assert len([r for r in resets if address(r["to"]) == email.lower()]) == 1
    assert not [r for r in resets if address(r["to"]) == unknown.lower()]
    assert not desk.sink.to(unknown)

    first = request_reset(desk, email)
    too_short = requests.post(server.api + "/auth/password-reset/confirm", json={"token": first, "password": "short"},
                              timeout=30)
    assert "password" in assert_json_error(too_short, 422).get("fields", {}), too_short.text
    token = request_reset(desk, email)
    assert token != first

    new_password = "a-reset-passphrase-" + secrets.token_hex(4)
    confirmed = api(server, "POST", "/auth/password-reset/confirm", None, {"token": token, "password": new_password})
    assert confirmed["user"]["id"] == user["id"]
    assert api(server, "GET", "/auth/me", confirmed["token"])["id"] == user["id"]
    assert_json_error(requests.get(server.api + "/auth/me", headers=auth(old_token), timeout=30), 401)
    assert server.login(email, new_password)
    assert_json_error(requests.post(server.api + "/auth/login", json={"email": email, "password": PASSWORD},
                                    timeout=30), 401)

    again = requests.post(server.api + "/auth/password-reset/confirm",
                          json={"token": token, "password": "yet-another-passphrase"}, timeout=30)
    assert_json_error(again, 400)
    earlier = requests.post(server.api + "/auth/password-reset/confirm",
                            json={"token": first, "password": "yet-another-passphrase"}, timeout=30)
    assert_json_error(earlier, 400)
    made_up = requests.post(server.api + "/auth/password-reset/confirm",
                            json={"token": secrets.token_urlsafe(32), "password": "yet-another-passphrase"}, timeout=30)
    assert_json_error(made_up, 400)
    assert server.login(email, new_password)


# --- the admin emails API, and a recipient the SMTP server refuses ----------------------------------------------


def test_emails_api_is_for_admins_and_shows_no_bodies(desk):
    server = desk.server
    token, _ = desk.customer("lister")
    assert_json_error(requests.get(server.api + "/admin/emails", timeout=30), 401)
    for who in (desk.tokens["ann"], token):
        assert_json_error(requests.get(server.api + "/admin/emails", headers=auth(who), timeout=30), 403)
        response = requests.post(server.api + "/admin/emails/1/retry", headers=auth(who), timeout=30)
        assert_json_error(response, 403)

    tickets = [desk.file(token, f"Paging {n}") for n in range(15)]  # 4 rows each: more than a page
    desk.delivered(tickets)
    first_page = api(server, "GET", "/admin/emails", desk.admin)
    assert 0 < len(first_page["items"]) <= 50 and first_page["next_cursor"]
    rows = outbox(server, desk.admin)
    assert len({r["id"] for r in rows}) == len(rows), "a row on two pages"
    assert [r["created_at"] for r in rows] == sorted((r["created_at"] for r in rows), reverse=True)
    for row in rows:
        assert OUTBOX_KEYS <= set(row), row
        assert not BODY_KEYS & set(row), row
        assert row["kind"] in KINDS and row["status"] in ("pending", "sent", "failed")
        if row["ticket_id"] is not None:
            assert row["subject"].startswith(f"[#{row['ticket_id']}] "), row
    for status in ("sent", "pending", "failed"):
        assert all(r["status"] == status for r in outbox(server, desk.admin, status))
    sent = [r for r in rows if r["status"] == "sent"]
    assert sent and all(r["sent_at"] for r in sent)
    assert_json_error(requests.get(server.api + "/admin/emails?cursor=not-a-cursor", headers=auth(desk.admin),
                                   timeout=30), 400)
    assert_json_error(requests.post(server.api + "/admin/emails/999999999/retry", headers=auth(desk.admin),
                                    timeout=30), 404)
    assert_json_error(requests.post(server.api + f"/admin/emails/{sent[0]['id']}/retry", headers=auth(desk.admin),
                                    timeout=30), 409)


def test_a_refused_recipient_fails_with_the_servers_reason_and_can_be_retried(desk):
    server, sink = desk.server, desk.sink
    bounce = f"mo_bounce_{secrets.token_hex(3)}"
    bounce_email = f"{bounce}@{EMAIL_DOMAIN}"
    sink.reject.add(bounce_email.lower())
    try:
        token, _ = server.register(bounce)
        ticket = desk.file(token, "Mail to me bounces")

        def failed_row():
            rows = [r for r in outbox(server, desk.admin, "failed") if r["ticket_id"] == ticket["id"]]
            return rows[0] if rows else None

        row = wait(failed_row, DELIVERY_TIMEOUT, "the refused message marked failed")
        assert address(row["to"]) == bounce_email.lower() and row["kind"] == "ticket_received"
        assert REJECT_REASON in (row["last_error"] or ""), row
        assert row["attempts"] >= 1 and row["sent_at"] is None
        staff_rows = [r for r in outbox(server, desk.admin) if r["ticket_id"] == ticket["id"] and r["id"] != row["id"]]
        assert sorted(address(r["to"]) for r in staff_rows) == sorted(e.lower() for e in desk.staff_emails)
        wait(lambda: all(r["status"] == "sent" for r in outbox(server, desk.admin)
                         if r["ticket_id"] == ticket["id"] and r["id"] != row["id"]),
             DELIVERY_TIMEOUT, "the other recipients' mail sent")
        assert not sink.to(bounce_email)
        assert [r for r in sink.refusals if r.address.lower() == bounce_email.lower()]
    finally:
        sink.reject.discard(bounce_email.lower())

    retried = api(server, "POST", f"/admin/emails/{row['id']}/retry", desk.admin)
    assert retried["id"] == row["id"] and retried["status"] == "pending" and retried["attempts"] == 0
    desk.delivered([ticket])
    assert len(sink.to(bounce_email)) == 1
    assert_json_error(requests.post(server.api + f"/admin/emails/{row['id']}/retry", headers=auth(desk.admin),
                                    timeout=30), 409)


# --- transports and settings -----------------------------------------------------------------------------


def mail_server(servers, sink_url: str, **env: str):
    """A server with one admin, mailing to `sink_url`; started. Returns (server, admin token)."""
    server = servers.make(extra_env=mail_env(sink_url, **env))
    name = f"mo_admin_{secrets.token_hex(3)}"
    email = server.create_user(name, "admin")
    server.start()
    return server, server.login(email)


@pytest.mark.parametrize("tls,mechanism,host", [
    ("starttls", "PLAIN", "localhost"),
    ("starttls", "LOGIN", "127.0.0.1"),
    ("implicit", "PLAIN", "localhost"),
])
def test_tls_and_auth(servers, sinks, tls, mechanism, host):
    sink = sinks(tls=tls, username="mailer", password="sink-" + secrets.token_hex(6),
                 auth_mechanisms=[mechanism]).start()
    server, admin = mail_server(servers, sink.url(host, tls_required=tls == "starttls"),
                                SMTP_CA_FILE=str(sink.ca_file))
    token, user = server.register(f"mo_tls_{secrets.token_hex(3)}")
    ticket = api(server, "POST", "/tickets", token, {"title": "Over TLS", "description": "d"}, status=201)

    rows = settle(server, admin, [ticket["id"]])
    assert len(rows) == 2
    received = sink.wait_for(2, DELIVERY_TIMEOUT)
    assert sorted(m.rcpt_tos[0].lower() for m in received) == sorted(address(r["to"]) for r in rows)
    for message in received:
        assert message.tls, "delivered without TLS"
        assert message.authenticated and message.auth_login == "mailer" and message.auth_mechanism == mechanism
    assert sink.auth_failures == 0


def test_tls_required_refuses_a_server_without_starttls(servers, sinks):
    sink = sinks().start()
    server, admin = mail_server(servers, sink.url(tls_required=True))
    token, _ = server.register(f"mo_notls_{secrets.token_hex(3)}")
    ticket = api(server, "POST", "/tickets", token, {"title": "No TLS", "description": "d"}, status=201)

    def tried():
        rows = [r for r in outbox(server, admin) if r["ticket_id"] == ticket["id"]]
        return rows if rows and all(r["attempts"] >= 1 and r["last_error"] for r in rows) else None

    rows = wait(tried, DELIVERY_TIMEOUT, "delivery attempted")
    assert all("tls" in r["last_error"].lower() for r in rows), [r["last_error"] for r in rows]
    assert all(r["status"] in ("pending", "failed") for r in rows)
    assert sink.received() == []


@pytest.mark.parametrize("value", ["ftp://x", "smtp://", "smtp://127.0.0.1:99999", "127.0.0.1:25"])
def test_a_bad_smtp_url_stops_start_up(servers, value):
    server = servers.make(migrate=False)  # the settings are read before the database is touched
    server.env["SMTP_URL"] = value
    # Settings errors end the process through Swift's top-level error trap: skip its slow backtrace.
    server.env["SWIFT_BACKTRACE"] = "enable=no"
    try:
        result = subprocess.run(
            [str(server.binary), "serve", "--hostname", "127.0.0.1", "--port", str(free_port())], env=server.env,
            cwd=server.workdir, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the server kept running with SMTP_URL={value!r}")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"exit 0 with SMTP_URL={value!r}: {output[-1000:]}"
    assert "SMTP_URL" in output, output[-2000:]


# --- reliability ------------------------------------------------------------------------------------------


def make_mail(server, tokens: dict[str, str], customers: int, tickets_each: int) -> list[dict]:
    """Customers file tickets and an agent answers each one: mail to the customer and to the staff."""
    made = []
    for number in range(customers):
        token, _ = server.register(f"mo_rel_{number}_{secrets.token_hex(3)}")
        for index in range(tickets_each):
            ticket = api(server, "POST", "/tickets", token, {"title": f"Reliable {number}.{index}",
                                                             "description": "d"}, status=201)
            api(server, "POST", f"/tickets/{ticket['id']}/comments", tokens["agent"], {"text": "On it."}, status=201)
            api(server, "POST", f"/tickets/{ticket['id']}/comments", token, {"text": "Thanks."}, status=201)
            made.append(ticket)
    return made


def reliability_server(servers, sink: SMTPSink):
    """A server with an agent and an admin, mailing to `sink` (which may be down), retrying for long."""
    server = servers.make(extra_env=mail_env(sink.url(), retries=PATIENT_RETRIES))
    tag = secrets.token_hex(3)
    agent = server.create_user(f"mo_rel_agent_{tag}", "agent")
    admin = server.create_user(f"mo_rel_admin_{tag}", "admin")
    server.start()
    return server, {"agent": server.login(agent), "admin": server.login(admin)}


def wait_until_tried(server, admin: str, ticket_ids) -> list[dict]:
    """Waits until the worker has failed to reach the SMTP server at least once; checks nothing was lost."""
    ticket_ids = set(ticket_ids)

    def tried():
        rows = [r for r in outbox(server, admin) if r["ticket_id"] in ticket_ids]
        return rows if any(r["attempts"] >= 1 and r["last_error"] for r in rows) else None

    rows = wait(tried, DELIVERY_TIMEOUT, "a failed delivery attempt while the SMTP server is down")
    assert all(r["status"] == "pending" for r in rows), [r for r in rows if r["status"] != "pending"][:5]
    return rows


def check_exactly_once(server, admin: str, sink: SMTPSink, ticket_ids, timeout: float = 60.0) -> None:
    rows = settle(server, admin, ticket_ids, timeout)
    received = sink.received()
    assert not duplicated_message_ids(received), duplicated_message_ids(received)
    ours = [m for m in received if any(about_ticket(m, t) for t in ticket_ids)]
    assert len(ours) == len(rows), f"{len(rows)} rows sent, {len(ours)} messages arrived"
    assert (collections.Counter(m.rcpt_tos[0].lower() for m in ours)
            == collections.Counter(address(r["to"]) for r in rows))


def test_mail_waits_out_an_smtp_outage(servers, sinks):
    sink = sinks().start()
    sink.stop()  # down, but its port is known
    server, tokens = reliability_server(servers, sink)
    tickets = make_mail(server, tokens, customers=2, tickets_each=3)  # every change still answered 201
    rows = wait_until_tried(server, tokens["admin"], [t["id"] for t in tickets])
    # Per ticket: the receipt and 2 staff, the agent's reply to the customer, the customer's to 2 staff.
    assert len(rows) == 6 * 6
    assert sink.received() == []

    sink.start()
    check_exactly_once(server, tokens["admin"], sink, [t["id"] for t in tickets])


def test_kill_9_with_pending_mail_then_restart_delivers_everything_once(servers, sinks):
    """On SQLite, where one process owns the outbox. On PostgreSQL other instances may share it, so mail a
    dead worker had claimed may wait for its claim to run out, longer than this test waits."""
    sink = sinks().start()
    sink.stop()
    server, tokens = reliability_server(servers, sink)
    tickets = make_mail(server, tokens, customers=2, tickets_each=3)
    ticket_ids = [t["id"] for t in tickets]
    rows = wait_until_tried(server, tokens["admin"], ticket_ids)
    server.kill()

    sink.start()
    server.start()  # the same database
    after = [r for r in outbox(server, tokens["admin"]) if r["ticket_id"] in set(ticket_ids)]
    assert sorted(r["id"] for r in after) == sorted(r["id"] for r in rows), "outbox rows lost in the crash"
    check_exactly_once(server, tokens["admin"], sink, ticket_ids)


def start_mail_worker(server) -> subprocess.Popen:
    """`helpdesk mail-worker` with the server's settings, logging into the server's log (which a failed
    test prints)."""
    with open(server.log_path, "ab") as log:
        log.write(b"\n===== helpdesk mail-worker =====\n")
        log.flush()
        return subprocess.Popen([str(server.binary), "mail-worker"], env=server.env, cwd=server.workdir,
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def test_mail_worker_off_and_the_mail_worker_command(servers, sinks):
    sink = sinks().start()
    server = servers.make(extra_env=mail_env(sink.url(), MAIL_WORKER="off"))
    admin_email = server.create_user(f"mo_mw_admin_{secrets.token_hex(3)}", "admin")
    server.start()
    admin = server.login(admin_email)
    token, _ = server.register(f"mo_mw_{secrets.token_hex(3)}")
    ticket = api(server, "POST", "/tickets", token, {"title": "Worker off", "description": "d"}, status=201)
    time.sleep(1.5)  # several poll intervals: a worker would have sent it by now
    rows = [r for r in outbox(server, admin) if r["ticket_id"] == ticket["id"]]
    assert len(rows) == 2 and all(r["status"] == "pending" and r["attempts"] == 0 for r in rows), rows
    assert sink.received() == []

    worker = start_mail_worker(server)
    try:
        settle(server, admin, [ticket["id"]])
        assert len(sink.received()) == 2
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=15)


def test_two_workers_on_postgres_deliver_each_message_once(servers, sinks, postgres_url):
    sink = sinks().start()
    sink.stop()  # the backlog builds up first, then both workers drain it at once
    env = mail_env(sink.url(), retries=PATIENT_RETRIES, JWT_SECRET=secrets.token_hex(32))
    first = servers.make(database_url=postgres_url, extra_env=env)
    second = servers.make(database_url=postgres_url, extra_env=env, migrate=False)
    tag = secrets.token_hex(3)
    agent_email = first.create_user(f"mo_pg_agent_{tag}", "agent")
    admin_email = first.create_user(f"mo_pg_admin_{tag}", "admin")
    first.start()
    second.start()
    admin = first.login(admin_email)
    customers = [first.register(f"mo_pg_c{n}_{tag}")[0] for n in range(3)]

    lock = threading.Lock()
    tickets: list[int] = []

    def create(number: int) -> None:
        server = (first, second)[number % 2]
        ticket = api(server, "POST", "/tickets", customers[number % 3],
                     {"title": f"Two workers {number}", "description": "d"}, status=201)
        with lock:
            tickets.append(ticket["id"])

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(create, range(150)))
    rows = [r for r in outbox(first, admin) if r["ticket_id"] in set(tickets)]
    assert len(rows) >= 150 * 3, f"{len(rows)} rows for 150 tickets"
    per_ticket = collections.Counter(r["ticket_id"] for r in rows)
    assert len(set(per_ticket.values())) == 1, "tickets with different numbers of recipients"
    staff = {r["ticket_id"]: set() for r in rows}
    for row in rows:
        staff[row["ticket_id"]].add(address(row["to"]))
    assert all({agent_email.lower(), admin_email.lower()} <= recipients for recipients in staff.values())

    sink.start()
    check_exactly_once(first, admin, sink, tickets, timeout=120.0)
    for server in (first, second):
        assert server.is_running()
        assert "status: 5" not in server.log_text()
