"""Mail in (issue 11), end to end through all three doors: the HTTP hook (`POST /api/inbound/email`), the MTA
pipe (`helpdesk mail-in` reading standard input, run as the harness runs the binary's other commands: in the
server's working directory, with its environment and database, and fed what Postfix's pipe(8) writes: a
Return-Path first and LF line ends) and IMAP (a real Dovecot mailbox the server polls,
tests/harness/imap_server.py). What a message became is read back through the REST API, field by field:
title, text, author, images and their bytes; for IMAP, which says nothing back, the outcome comes from the
server's record of the import (its SQLite file, read-only).

- The corpus (tests/harness/mail_corpus.py): new tickets in the shapes of Apple Mail (an inline screenshot
  kept, a PDF left out and named), a phone's mail app (images recognised by their bytes, not their names or
  declared types; an HTML decoy and an image over 5 MiB left out), an RFC 2047 subject mixing UTF-8 B and
  ISO-8859-1 Q words, a forward (message/rfc822) and an HTML body with scripts; replies in the shapes of
  Gmail, Outlook and Thunderbird to the notification Helpdesk sent, their quoted history cut.
- The round trip: mail in → ticket (for a registered customer, found by a differently cased address) → the
  receipt and the staff's news in the SMTP sink → an agent answers in the API → the sink receives the
  notification → the reply to *that* message (its Reply-To, its Message-ID, quoted history and all) is a
  comment on the same ticket; the same reply again through another door adds nothing; the original is for
  staff only; after the ticket is closed, an answer threaded by Message-ID alone reopens it. An agent's
  answer by mail is a public comment; the reply address wins over a Message-ID of another ticket.
- Security: a reply to another customer's ticket address with a wrong, missing or borrowed HMAC, by subject
  alone, or from a stranger (even one naming the customer in Reply-To) is a ticket of its sender's own; scripts
  never reach the text, and HTML made to be slow is read in bounded time; a 30 MB message is refused without
  the server's memory growing; unreadable or hostile messages are 422, exit 65 or set aside, never a crash;
  the hook wants its secret (and is off without one); the same message twice — through two doors, through
  all of them at once (also on PostgreSQL, with TEST_DATABASE_URL), or without a Message-ID — is one ticket;
  auto-replies, bulk mail, Helpdesk's own mail and a sender's 21st message in ten minutes are ignored.
- `helpdesk mail-in` exits 75 when the database is unavailable, so that the MTA tries again.

One server, with the sink and Dovecot, serves every test but two: each writes from addresses of its own (the
server throttles per sender) and finds its tickets by their ids or a random tag.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email
import re
import resource
import secrets
import sqlite3
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from email.utils import parseaddr

import pytest
import requests

import helpdesk_api
import mail_corpus as corpus
from conftest import PASSWORD, assert_json_error, auth
from helpdesk_server import free_port
from imap_server import IMAPServer, wait_until
from mail_corpus import Original, Person, Sample
from smtp_sink import ReceivedMessage, SMTPSink, part_text
from test_mail_in_imap import imap_env, in_mailbox, tickets_titled
from test_mail_out import MAIL_DOMAIN, MAIL_FROM_ADDRESS, MAIL_FROM_NAME, about_ticket, api, mail_env

DOORS = ("http", "pipe", "imap")
SECRET = secrets.token_urlsafe(24)
TIMEOUT = 30.0
PIPE_TIMEOUT = 60.0
IMAP_POLL_SECONDS = "0.25"
CUSTOMERS = "customers.mailin.test"
REPLY_ADDRESS = re.compile(rf"support\+(\d+)-([0-9a-f]{{20}})@{re.escape(MAIL_DOMAIN)}")
MB = 1024 * 1024
# How much the server's resident memory may grow while it refuses a 30 MB message: generous, but far below
# what holding a few copies of it would take.
RSS_HEADROOM = 300 * MB


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What became of a message, whichever door it came by."""
    ticket_id: int | None
    comment_id: int | None
    created: bool
    ignored: str | None


@dataclasses.dataclass(frozen=True)
class Filed:
    """A ticket filed by mail, and the receipt Helpdesk sent its author."""
    person: Person
    ticket: dict
    receipt: ReceivedMessage
    original: Original


def new_tag() -> str:
    """A word to find a test's tickets by: never all digits, which the search reads as a ticket number."""
    return "t" + secrets.token_hex(3)


def original_of(received: ReceivedMessage, to: str | None = None) -> Original:
    """The notification as a mail client answering it sees it; the answer goes to its Reply-To unless `to`."""
    message = received.message
    if to is None:
        assert message["Reply-To"] is not None, f"no Reply-To on {message['Subject']}"
        to = message["Reply-To"].addresses[0].addr_spec
    return Original(to=to, message_id=received.message_id, references=tuple(str(message["References"] or "").split()),
                    subject=str(message["Subject"]), sender=str(message["From"]), date=message["Date"].datetime,
                    text=part_text(message, "plain"))


def vm_kilobytes(pid: int, field: str) -> int:
    """VmRSS, VmHWM, … of a process, in bytes."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} in /proc/{pid}/status")


class Desk:
    """The shared server: an agent and an admin, mail out to a sink, mail in by IMAP, the hook and the pipe."""

    def __init__(self, server, sink: SMTPSink, imap: IMAPServer | None):
        self.server = server
        self.sink = sink
        self.imap = imap
        # Names of their own: on PostgreSQL the database outlives the test.
        suffix = secrets.token_hex(3)
        self.agent_email = server.create_user(f"mi_agent_{suffix}", "agent")
        self.admin_email = server.create_user(f"mi_admin_{suffix}", "admin")

    def sign_in_staff(self) -> None:
        agent = self.server.sign_in(self.agent_email)
        self.agent, self.agent_id = agent["token"], agent["user"]["id"]
        self.admin = self.server.login(self.admin_email)

    @staticmethod
    def person(role: str, domain: str = CUSTOMERS) -> Person:
        """Someone who never wrote before: an address (and so a throttle count) of their own."""
        local = f"{role}.{secrets.token_hex(3)}"
        return Person(f"{role.capitalize()} Tester", f"{local}@{domain}")

    # --- the three doors --------------------------------------------------------------------------------------

    def http(self, raw: bytes, *, secret: str | None = SECRET, content_type: str = "message/rfc822",
             data=None) -> requests.Response:
        headers = {"Content-Type": content_type}
        if secret is not None:
            headers["X-Inbound-Secret"] = secret
        return requests.post(self.server.api + "/inbound/email", data=raw if data is None else data,
                             headers=headers, timeout=TIMEOUT)

    def pipe(self, raw: bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """`helpdesk mail-in` with the message on standard input, where and as the server's commands run."""
        server = self.server
        result = subprocess.run([str(server.binary), "mail-in"], input=raw, capture_output=True,
                                env=server.env if env is None else env, cwd=server.workdir, timeout=PIPE_TIMEOUT)
        with open(server.command_log_path, "a", encoding="utf-8", errors="replace") as log:
            log.write(f"$ helpdesk mail-in  ({len(raw)} bytes) -> {result.returncode}\n"
                      f"{result.stdout.decode(errors='replace')}{result.stderr.decode(errors='replace')}\n")
        return result

    @staticmethod
    def as_delivered(door: str, raw: bytes) -> bytes:
        """The bytes a door hands over. The pipe gets what Postfix's pipe(8) writes with the README's
        `flags=Rq`: a Return-Path with the envelope sender (here the From address) first, and LF line ends."""
        if door != "pipe":
            return raw
        sender = parseaddr(str(email.message_from_bytes(raw)["From"] or ""))[1]
        return f"Return-Path: <{sender}>\n".encode() + raw.replace(b"\r\n", b"\n")

    def through_imap(self, raw: bytes) -> tuple[int, str]:
        """Puts the message into INBOX and waits until the server has taken it; returns its UID and what the
        server recorded of it (`imported` or `moved_aside`)."""
        uid = self.imap.append(raw)
        wait_until(lambda: uid not in {m.uid for m in self.imap.messages("INBOX")}, TIMEOUT,
                   f"the server taking IMAP message {uid}", interval=0.05)
        # The poller keys its records by `user@host/MAILBOX` and UID.
        rows = self.query("SELECT status FROM imap_messages WHERE mailbox LIKE '%/INBOX' AND uid = ?", uid)
        assert len(rows) == 1, f"IMAP message {uid}: {rows}"
        return uid, rows[0]["status"]

    def deliver(self, door: str, sample_or_raw: Sample | bytes) -> Outcome:
        """Hands the message in by `door`, expecting it taken (imported or deliberately ignored)."""
        raw = sample_or_raw.raw if isinstance(sample_or_raw, Sample) else sample_or_raw
        if door == "http":
            response = self.http(raw)
            body = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else None
            if response.status_code == 200:
                assert isinstance(body, dict) and set(body) == {"ignored"} and body["ignored"], body
                return Outcome(None, None, False, body["ignored"])
            assert response.status_code == 202, f"the hook answered {response.status_code}: {response.text[:500]}"
            assert isinstance(body, dict) and set(body) == {"ticket_id", "comment_id", "created"}, body
            return Outcome(body["ticket_id"], body["comment_id"], body["created"], None)
        if door == "pipe":
            result = self.pipe(self.as_delivered(door, raw))
            output = result.stdout.decode(errors="replace")
            assert result.returncode == 0, (f"mail-in exited {result.returncode}: "
                                            f"{result.stderr.decode(errors='replace')[-1000:]}")
            if match := re.search(r"^Created ticket #(\d+)$", output, re.M):
                return Outcome(int(match.group(1)), None, True, None)
            if match := re.search(r"^Added comment (\d+) to ticket #(\d+)$", output, re.M):
                return Outcome(int(match.group(2)), int(match.group(1)), False, None)
            if match := re.search(r"^Ignored: (.+)$", output, re.M):
                return Outcome(None, None, False, match.group(1).strip())
            raise AssertionError(f"mail-in said nothing about the message: {output[-1000:]}")
        assert door == "imap", door
        _, status = self.through_imap(raw)
        assert status == "imported", f"the IMAP message was {status}: {self.server.log_tail(20)}"
        message_id = corpus.message_id_of(raw)
        rows = self.query("SELECT outcome, reason, ticket_id, comment_id FROM inbound_messages "
                          "WHERE lower(message_id) = lower(?)", message_id)
        assert len(rows) == 1, f"{message_id}: {rows}"
        row = rows[0]
        if row["outcome"] == "ignored":
            return Outcome(None, None, False, row["reason"])
        return Outcome(row["ticket_id"], row["comment_id"], row["outcome"] == "ticket", None)

    # --- what it became --------------------------------------------------------------------------------------

    def query(self, sql: str, *parameters) -> list[sqlite3.Row]:
        with contextlib.closing(sqlite3.connect(f"file:{self.server.sqlite_path}?mode=ro", uri=True,
                                                timeout=10)) as db:
            db.row_factory = sqlite3.Row
            return db.execute(sql, parameters).fetchall()

    def ticket(self, ticket_id: int) -> dict:
        return api(self.server, "GET", f"/tickets/{ticket_id}", self.admin)

    def comments(self, ticket_id: int, token: str | None = None) -> list[dict]:
        return api(self.server, "GET", f"/tickets/{ticket_id}/comments", token or self.admin)["items"]

    def images(self, ticket_id: int) -> list[dict]:
        return api(self.server, "GET", f"/tickets/{ticket_id}/images", self.admin)["items"]

    def customers(self, search: str | None = None) -> dict[int, dict]:
        """Every customer by id (those `search` finds in their username or email, where the server can search),
        following `next_cursor` where the list comes in pages."""
        found: dict[int, dict] = {}
        query = {"role": "customer", **({"q": search} if search else {})}
        for _page in range(1000):
            page = api(self.server, "GET", "/users?" + urllib.parse.urlencode(query), self.admin)
            found.update((user["id"], user) for user in page["items"])
            if not page.get("next_cursor"):
                return found
            query["cursor"] = page["next_cursor"]
        raise AssertionError("the user list never ended")

    def user(self, user_id: int) -> dict:
        found = self.customers().get(user_id)
        assert found is not None, f"user {user_id} is not a customer"
        return found

    def tagged(self, tag: str) -> list[dict]:
        return tickets_titled(self.server, self.admin, "", q=tag)

    # --- mail out --------------------------------------------------------------------------------------------

    def mail(self, to: str, ticket_id: int, *, containing: str | None = None,
             besides: tuple[ReceivedMessage, ...] = ()) -> ReceivedMessage:
        """Waits for a message to `to` about the ticket (containing that text; not one of `besides`)."""
        known = {m.message_id for m in besides}

        def matching(messages) -> list[ReceivedMessage]:
            return [m for m in messages if to.lower() in (r.lower() for r in m.rcpt_tos) and about_ticket(m, ticket_id)
                    and m.message_id not in known and (containing is None or containing in m.text)]

        messages = self.sink.wait_until(lambda messages: matching(messages), TIMEOUT,
                                        f"mail to {to} about ticket #{ticket_id}")
        return matching(messages)[0]

    def file_by_mail(self, person: Person, door: str = "http") -> Filed:
        """A new ticket by mail from `person`, and the receipt Helpdesk sends them."""
        tag = new_tag()
        sample = corpus.plain(person, MAIL_FROM_ADDRESS, f"Printer on fire {tag}",
                              f"The printer in room {tag} is smoking.\n")
        outcome = self.deliver(door, sample)
        assert outcome.created and outcome.ticket_id, outcome
        ticket = self.ticket(outcome.ticket_id)
        receipt = self.mail(person.address, ticket["id"])
        return Filed(person, ticket, receipt, original_of(receipt))


@pytest.fixture(scope="module")
def desk(module_servers):
    with SMTPSink() as sink, IMAPServer() as imap:
        env = mail_env(sink.url(), INBOUND_EMAIL_SECRET=SECRET,
                       **imap_env(imap, IMAP_POLL_SECONDS=IMAP_POLL_SECONDS, IMAP_MAX_FAILURES="1"))
        server = module_servers.make(extra_env=env)
        desk = Desk(server, sink, imap)
        server.start()
        desk.sign_in_staff()
        yield desk
        server.stop()


@pytest.fixture(scope="module")
def victim(desk) -> Filed:
    """A customer's ticket, filed by mail, that other people's mail must never reach."""
    return desk.file_by_mail(desk.person("victim"))


# --- checks ------------------------------------------------------------------------------------------------------


def check_text(text: str, sample: Sample) -> None:
    """The text of a ticket or comment against what its sample says a reader must see."""
    if sample.text is not None:
        assert text == sample.text
    lines = [line.strip() for line in text.split("\n")]
    position = 0
    for wanted in sample.lines:
        assert wanted in lines[position:], f"{wanted!r} is not a line of (what follows in) {text!r}"
        position = lines.index(wanted, position) + 1
    if sample.only_lines:
        assert [line for line in lines if line] == list(sample.lines), text
    for unwanted in sample.absent:
        assert unwanted not in text, f"{unwanted!r} is in {text!r}"
    note = sample.not_stored_note
    if note:
        assert text.endswith("\n\n" + note), f"the text does not end with {note!r}: {text!r}"
    else:
        assert "[Not stored" not in text, text
    assert text == text.strip() and "\r" not in text, repr(text)


def check_images(desk: Desk, ticket_id: int, sample: Sample, comment_id: int | None) -> None:
    """The ticket's images are the sample's, in order, with their names, types and bytes."""
    images = desk.images(ticket_id)
    assert [(i["filename"], i["content_type"], i["size"], i["comment_id"]) for i in images] == \
        [(f.filename, f.content_type, len(f.data), comment_id) for f in sample.images]
    for image, file in zip(images, sample.images):
        response = requests.get(f"{desk.server.api}/images/{image['id']}", headers=auth(desk.admin), timeout=TIMEOUT)
        assert response.status_code == 200, response.text[:300]
        assert response.headers["Content-Type"] == file.content_type
        assert response.content == file.data, f"the bytes of {file.filename} differ"


def check_new_customer(desk: Desk, ticket: dict, sender: Person) -> dict:
    """The ticket's author is a new customer with the sender's address and a username made from it."""
    author = desk.user(ticket["author_id"])
    assert author["email"] == sender.address.lower()
    assert author["role"] == "customer"
    local_part = sender.address.split("@")[0]
    assert author["username"] == ticket["author"]["username"] == local_part
    return author


def check_own_ticket(desk: Desk, outcome: Outcome, sender: Person, not_on: tuple[int, ...]) -> dict:
    assert outcome.created and outcome.ticket_id not in not_on and outcome.comment_id is None, outcome
    ticket = desk.ticket(outcome.ticket_id)
    assert desk.user(ticket["author_id"])["email"] == sender.address.lower()
    return ticket


# --- the corpus, through every door -------------------------------------------------------------------------------

NEW_TICKET_SHAPES = {
    "apple-mail": corpus.apple_mail,
    "attachments-by-content": corpus.attachments_by_content,
    "encoded-word-subject": corpus.encoded_word_subject,
    "forwarded": corpus.forwarded,
    "html-with-script": corpus.html_with_script,
}
REPLY_SHAPES = {
    "gmail": corpus.gmail_reply,
    "outlook": corpus.outlook_reply,
    "thunderbird": corpus.thunderbird_reply,
}


@pytest.mark.parametrize("shape", NEW_TICKET_SHAPES)
@pytest.mark.parametrize("door", DOORS)
def test_new_message_becomes_a_ticket(desk, door, shape):
    tag = new_tag()
    sender = desk.person(shape.split("-")[0])
    sample = NEW_TICKET_SHAPES[shape](sender, MAIL_FROM_ADDRESS, tag)

    outcome = desk.deliver(door, sample)

    assert outcome.created and outcome.ticket_id and outcome.comment_id is None and outcome.ignored is None, outcome
    ticket = desk.ticket(outcome.ticket_id)
    assert ticket["title"] == sample.title
    check_text(ticket["description"], sample)
    assert (ticket["status"], ticket["priority"], ticket["assignee_id"]) == ("open", "normal", None)
    check_new_customer(desk, ticket, sender)
    check_images(desk, ticket["id"], sample, comment_id=None)
    assert desk.comments(ticket["id"]) == []
    if shape == "forwarded":
        # The forwarded message's sender wrote to the customer, not to Helpdesk: no account for them.
        supplier = f"bob.{tag}@supplier.mailin.test"
        assert supplier in sample.text if sample.text else any(supplier in line for line in sample.lines)
        assert supplier not in [u["email"] for u in desk.customers(supplier).values()]


@pytest.mark.parametrize("shape", REPLY_SHAPES)
@pytest.mark.parametrize("door", DOORS)
def test_reply_becomes_a_comment_without_its_quoted_history(desk, door, shape):
    sender = desk.person(shape)
    filed = desk.file_by_mail(sender)
    sample = REPLY_SHAPES[shape](sender, filed.original)

    outcome = desk.deliver(door, sample)

    ticket_id = filed.ticket["id"]
    assert outcome.ticket_id == ticket_id and outcome.comment_id, outcome
    assert not outcome.created and not outcome.ignored, outcome
    comments = desk.comments(ticket_id)
    assert [c["id"] for c in comments] == [outcome.comment_id]
    comment = comments[0]
    assert comment["internal"] is False
    assert comment["author_id"] == filed.ticket["author_id"]
    assert comment["author"]["role"] == "customer"
    check_text(comment["text"], sample)
    ticket = desk.ticket(ticket_id)
    assert (ticket["title"], ticket["description"]) == (filed.ticket["title"], filed.ticket["description"])
    check_images(desk, ticket_id, sample, comment_id=outcome.comment_id)


def test_an_image_over_five_mebibytes_is_left_out_and_named(desk):
    """The same phone's mail with one more PNG, just over the image limit: one door is enough for 7 MB."""
    sender = desk.person("phone")
    sample = corpus.attachments_by_content(sender, MAIL_FROM_ADDRESS, new_tag(), oversized_image=True)
    outcome = desk.deliver("http", sample)
    assert outcome.created, outcome
    check_text(desk.ticket(outcome.ticket_id)["description"], sample)
    check_images(desk, outcome.ticket_id, sample, comment_id=None)


# --- the round trip -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_round_trip_through_the_notification_and_back(desk, door):
    tag = new_tag()
    token, user = desk.server.register(f"kim.{tag}")
    # A known address is that user, whatever its letter case.
    kim = Person("Kim Customer", user["email"].upper())
    first = corpus.plain(kim, MAIL_FROM_ADDRESS, f"VPN drops every hour {tag}", "Since Monday the VPN drops hourly.\n")

    filed = desk.deliver(door, first)

    assert filed.created, filed
    ticket_id = filed.ticket_id
    ticket = desk.ticket(ticket_id)
    assert (ticket["author_id"], ticket["title"], ticket["description"]) == \
        (user["id"], first.title, "Since Monday the VPN drops hourly.")
    assert [u["id"] for u in desk.customers(user["email"]).values() if u["email"] == user["email"]] == [user["id"]]
    # The same mail as a ticket filed on the web: a receipt for the customer, the news for staff.
    receipt = desk.mail(user["email"], ticket_id)
    reply_address = receipt.message["Reply-To"].addresses[0].addr_spec
    assert REPLY_ADDRESS.fullmatch(reply_address) and REPLY_ADDRESS.fullmatch(reply_address).group(1) == str(ticket_id)
    for staff in (desk.agent_email, desk.admin_email):
        desk.mail(staff, ticket_id)

    answer = f"Please reinstall the VPN client, version 5.2 ({tag})."
    api(desk.server, "POST", f"/tickets/{ticket_id}/comments", desk.agent, {"text": answer, "internal": False},
        status=201)
    notification = desk.mail(user["email"], ticket_id, containing=answer)
    original = original_of(notification)
    assert original.to == reply_address
    reply = corpus.gmail_reply(kim, original, reply=(f"Reinstalled it and it works now, thank you! ({tag})",))

    answered = desk.deliver(door, reply)

    assert answered == Outcome(ticket_id, answered.comment_id, False, None) and answered.comment_id, answered
    comments = desk.comments(ticket_id)
    assert [(c["author_id"], c["text"], c["internal"]) for c in comments] == \
        [(desk.agent_id, answer, False), (user["id"], reply.text, False)]
    assert comments[1]["id"] == answered.comment_id
    assert [c["id"] for c in desk.comments(ticket_id, token)] == [c["id"] for c in comments], "the customer sees both"
    # Staff hear of the customer's answer.
    desk.mail(desk.admin_email, ticket_id, containing=reply.text)

    # The same reply again, by another door: nothing new.
    other = DOORS[(DOORS.index(door) + 1) % len(DOORS)]
    again = desk.deliver(other, reply)
    if other != "imap":
        assert again.ignored and "already" in again.ignored, again
    assert len(desk.comments(ticket_id)) == 2

    # The original message, quoted history and all, is for staff.
    source = f"{desk.server.api}/tickets/{ticket_id}/comments/{answered.comment_id}/source"
    response = requests.get(source, headers=auth(desk.agent), timeout=TIMEOUT)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["Content-Type"].split(";")[0] == "message/rfc822"
    assert response.content == desk.as_delivered(door, reply.raw)
    assert_json_error(requests.get(source, headers=auth(token), timeout=TIMEOUT), 403)
    not_mail = f"{desk.server.api}/tickets/{ticket_id}/comments/{comments[0]['id']}/source"
    assert_json_error(requests.get(not_mail, headers=auth(desk.agent), timeout=TIMEOUT), 404)

    # Closed; the customer answers the closing mail, to the plain support address: its Message-ID is enough.
    api(desk.server, "PATCH", f"/tickets/{ticket_id}", desk.agent, {"status": "closed"})
    closing = desk.mail(user["email"], ticket_id, besides=(receipt, notification))
    late = corpus.thunderbird_reply(kim, original_of(closing, to=MAIL_FROM_ADDRESS))

    reopened = desk.deliver(door, late)

    assert reopened.ticket_id == ticket_id and reopened.comment_id and not reopened.created, reopened
    assert desk.comments(ticket_id)[-1]["text"] == late.text
    assert desk.ticket(ticket_id)["status"] == "open"


@pytest.mark.parametrize("door", DOORS)
def test_staff_answer_by_mail_is_a_public_comment(desk, door):
    """An agent answers the "new ticket" mail they got (no reply address for staff: its Message-ID threads it)."""
    customer = desk.file_by_mail(desk.person("asker"))
    ticket_id = customer.ticket["id"]
    news = desk.mail(desk.agent_email, ticket_id)
    agent = Person("Agent Smith", desk.agent_email)
    answer = corpus.gmail_reply(agent, original_of(news, to=MAIL_FROM_ADDRESS),
                                reply=(f"Looking into it now ({new_tag()}).",))

    outcome = desk.deliver(door, answer)

    assert outcome.ticket_id == ticket_id and outcome.comment_id and not outcome.created, outcome
    comment = desk.comments(ticket_id)[-1]
    assert (comment["id"], comment["author_id"], comment["author"]["role"], comment["internal"], comment["text"]) == \
        (outcome.comment_id, desk.agent_id, "agent", False, answer.text)
    # The customer hears of it like of any answer on the web.
    desk.mail(customer.person.address, ticket_id, containing=answer.text)


def test_the_reply_address_comes_before_the_message_id(desk):
    """A reply to one ticket's address that also names a notification of another ticket (of the same customer,
    so either would take it) goes to the ticket of the address."""
    person = desk.person("two.tickets")
    first, second = desk.file_by_mail(person), desk.file_by_mail(person)
    crossed = dataclasses.replace(second.original, to=first.original.to)
    reply = corpus.gmail_reply(person, crossed, reply=(f"This is about the first one ({new_tag()}).",))

    outcome = desk.deliver("http", reply)

    assert (outcome.ticket_id, outcome.created) == (first.ticket["id"], False), outcome
    assert desk.comments(second.ticket["id"]) == []


# --- security -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_mail_that_may_not_join_a_ticket_becomes_its_senders_own(desk, door):
    victim = desk.file_by_mail(desk.person("victim"))
    mallory = desk.file_by_mail(desk.person("mallory"))
    stranger = desk.person("stranger")
    victim_id = victim.ticket["id"]
    number, mac = REPLY_ADDRESS.fullmatch(victim.original.to).groups()
    mallorys_mac = REPLY_ADDRESS.fullmatch(mallory.original.to).group(2)
    wrong_mac = mac[:-1] + ("1" if mac[-1] == "0" else "0")
    cases = {
        "a wrong HMAC": (mallory.person, f"support+{number}-{wrong_mac}@{MAIL_DOMAIN}", {}),
        "no HMAC": (mallory.person, f"support+{number}@{MAIL_DOMAIN}", {}),
        "an empty HMAC": (mallory.person, f"support+{number}-@{MAIL_DOMAIN}", {}),
        "another ticket's HMAC": (mallory.person, f"support+{number}-{mallorys_mac}@{MAIL_DOMAIN}", {}),
        "the subject alone": (mallory.person, MAIL_FROM_ADDRESS, {}),
        "a stranger, to the right address": (stranger, victim.original.to, {"original": victim.original}),
        "a stranger, answering the notification's Message-ID": (stranger, MAIL_FROM_ADDRESS,
                                                                {"original": victim.original}),
        "a stranger naming the customer in Reply-To": (stranger, victim.original.to,
                                                       {"original": victim.original,
                                                        "reply_to": victim.person.formatted}),
    }
    made = {}
    for case, (sender, to, options) in cases.items():
        text = f"Writing into ticket #{number} by {case} ({secrets.token_hex(3)})."
        sample = corpus.plain(sender, to, "Re: " + victim.original.subject, text + "\n", **options)
        outcome = desk.deliver(door, sample)
        made[case] = check_own_ticket(desk, outcome, sender, not_on=(victim_id, mallory.ticket["id"]))
        assert made[case]["description"] == text, case

    assert desk.comments(victim_id) == [] and desk.comments(mallory.ticket["id"]) == []
    fields = ("title", "description", "status", "author_id", "assignee_id", "updated_at", "last_reply")
    assert {k: desk.ticket(victim_id)[k] for k in fields} == {k: victim.ticket[k] for k in fields}, \
        "nothing about the customer's ticket changed"
    assert len({t["id"] for t in made.values()}) == len(cases)


def test_the_hook_wants_its_secret_and_a_raw_message(desk):
    tag = new_tag()
    sample = corpus.plain(desk.person("hook"), MAIL_FROM_ADDRESS, f"Hook {tag}", "Let me in.\n")
    for secret in (None, "", SECRET[:-1], SECRET + "x", SECRET[:-1] + ("A" if SECRET[-1] != "A" else "B"),
                   SECRET.swapcase()):
        assert_json_error(desk.http(sample.raw, secret=secret), 401)
    assert_json_error(desk.http(sample.raw, content_type="text/plain"), 415)
    assert desk.tagged(tag) == []
    assert desk.deliver("http", sample).created


MALFORMED = list(corpus.malformed(Person("x", "x@example.test"), "support@example.test", "x"))


@pytest.mark.parametrize("case", MALFORMED)
@pytest.mark.parametrize("door", DOORS)
def test_unreadable_message_is_refused_never_a_crash(desk, door, case):
    tag = new_tag()
    raw = corpus.malformed(desk.person("broken"), MAIL_FROM_ADDRESS, tag)[case]

    if door == "http":
        body = assert_json_error(desk.http(raw), 422)
        assert "could not be read" in body["reason"], body
    elif door == "pipe":
        result = desk.pipe(raw)
        assert result.returncode == 65, (result.returncode, result.stderr[-500:])
        assert result.stderr.startswith(b"helpdesk mail-in: "), result.stderr[-500:]
    else:
        _, status = desk.through_imap(raw)
        assert status == "moved_aside"
        message_id = corpus.message_id_of(raw)
        if message_id:
            failed = in_mailbox(desk.imap, "Failed", [message_id])
            assert len(failed) == 1 and not failed[0].seen, failed

    assert desk.server.is_healthy(), desk.server.crash_report()
    assert desk.tagged(tag) == []


def test_the_hook_is_off_without_a_secret_and_a_short_one_stops_start_up(servers):
    server = servers.make()
    server.start()
    response = requests.post(server.api + "/inbound/email", data=b"From: a@b.test\r\n\r\nHi\r\n",
                             headers={"Content-Type": "message/rfc822", "X-Inbound-Secret": "x" * 32}, timeout=TIMEOUT)
    assert_json_error(response, 404)
    server.stop()
    server.env["INBOUND_EMAIL_SECRET"] = "x" * 15
    result = server.command("migrate", check=False)
    assert result.returncode != 0 and "INBOUND_EMAIL_SECRET" in result.stdout + result.stderr, result


@pytest.mark.parametrize("door", DOORS)
def test_thirty_megabyte_message_is_refused_without_exhausting_memory(desk, door):
    tag = new_tag()
    huge = corpus.oversized(desk.person("huge"), MAIL_FROM_ADDRESS, tag, 30 * 1000 * 1000)
    pid = desk.server.process.pid
    before = vm_kilobytes(pid, "VmRSS")

    if door == "http":
        assert_json_error(desk.http(huge), 413)
        # Without a Content-Length the server has to count.
        chunks = (huge[i:i + MB] for i in range(0, len(huge), MB))
        assert_json_error(desk.http(b"", data=chunks), 413)
    elif door == "pipe":
        started = time.monotonic()
        result = desk.pipe(huge)
        assert result.returncode == 65, result.stderr[-500:]
        assert b"larger than" in result.stderr, result.stderr[-500:]
        assert time.monotonic() - started < 20
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        assert peak < RSS_HEADROOM, f"a child process (mail-in) peaked at {peak // MB} MB"
    else:
        _, status = desk.through_imap(huge)
        assert status == "moved_aside"
        assert [m.message_id for m in in_mailbox(desk.imap, "Failed", [f"<huge.{tag}@{CUSTOMERS}>"])]

    assert desk.server.is_healthy(), desk.server.crash_report()
    after = vm_kilobytes(pid, "VmRSS")
    assert after - before < RSS_HEADROOM, f"VmRSS grew from {before // MB} MB to {after // MB} MB"
    assert desk.tagged(tag) == []


@pytest.mark.parametrize("first, second", [("http", "pipe"), ("pipe", "imap"), ("imap", "http")])
def test_the_same_message_through_two_doors_is_one_ticket(desk, first, second):
    tag = new_tag()
    sample = corpus.plain(desk.person("twice"), MAIL_FROM_ADDRESS, f"Sent twice {tag}", "Once is enough.\n")

    one = desk.deliver(first, sample)
    two = desk.deliver(second, sample)

    assert one.created, one
    if second != "imap":
        assert two.ignored and "already" in two.ignored, two
    assert [t["id"] for t in desk.tagged(tag)] == [one.ticket_id]
    assert len(desk.query("SELECT id FROM inbound_messages WHERE message_id = ?", sample.message_id)) == 1


@pytest.mark.parametrize("door", DOORS)
def test_a_message_without_a_message_id_twice_is_one_ticket(desk, door):
    """No Message-ID: the same bytes again are the same message."""
    tag = new_tag()
    raw = corpus.plain(desk.person("noid"), MAIL_FROM_ADDRESS, f"Anonymous client {tag}", "No id.\n",
                       with_message_id=False).raw
    assert corpus.message_id_of(raw) is None

    if door == "imap":
        for _ in range(2):
            assert desk.through_imap(raw)[1] == "imported"
    else:
        one, two = desk.deliver(door, raw), desk.deliver(door, raw)
        assert one.created and two.ignored and "already" in two.ignored, (one, two)
    assert len(desk.tagged(tag)) == 1


def race(desk: Desk, sample: Sample, doors: list[str]) -> list[tuple[str, Outcome]]:
    """The same message through `doors` at the same moment."""
    barrier = threading.Barrier(len(doors))

    def one(door: str) -> Outcome:
        barrier.wait(timeout=TIMEOUT)
        return desk.deliver(door, sample)

    with ThreadPoolExecutor(len(doors)) as pool:
        return list(zip(doors, pool.map(one, doors)))


def check_raced(desk: Desk, sample: Sample, outcomes: list[tuple[str, Outcome]], tag: str) -> None:
    """One ticket, one new customer; every door that says what it did (not IMAP, which is read from the
    record of the one import) made it or knew it already."""
    tickets = desk.tagged(tag)
    assert len(tickets) == 1, f"{len(tickets)} tickets for one message: {outcomes}"
    told = [outcome for door, outcome in outcomes if door != "imap"]
    assert [o.ticket_id for o in told if o.created] in ([tickets[0]["id"]], []), outcomes
    assert all(o.created or (o.ignored and "already" in o.ignored) for o in told), outcomes
    assert [u["id"] for u in desk.customers(sample.sender.address).values()
            if u["email"] == sample.sender.address] == [tickets[0]["author_id"]]


def test_the_same_message_at_once_through_every_door_is_one_ticket(desk):
    tag = new_tag()
    sample = corpus.plain(desk.person("racer"), MAIL_FROM_ADDRESS, f"At once {tag}", "Sent by everyone at once.\n")
    check_raced(desk, sample, race(desk, sample, ["http"] * 6 + ["pipe"] * 3 + ["imap"]), tag)


def test_the_same_message_at_once_is_one_ticket_on_postgres(servers, postgres_url):
    """On PostgreSQL transactions really overlap: the loser's unique violation must become "already imported"."""
    with SMTPSink() as sink:
        server = servers.make(database_url=postgres_url, extra_env=mail_env(sink.url(), INBOUND_EMAIL_SECRET=SECRET))
        desk = Desk(server, sink, None)
        server.start()
        desk.sign_in_staff()
        for _ in range(3):
            tag = new_tag()
            sample = corpus.plain(desk.person("racer"), MAIL_FROM_ADDRESS, f"At once {tag}", "Everyone at once.\n")
            check_raced(desk, sample, race(desk, sample, ["http"] * 8 + ["pipe"] * 3), tag)


IGNORED = {
    # case: (headers, who sends it, a word the reason must contain)
    "an auto-reply": ({"Auto-Submitted": "auto-replied"}, "customer", "auto-submitted"),
    "a vacation notice": ({"Auto-Submitted": 'auto-replied; owner-email="x@y.test"', "X-Autoreply": "yes"},
                          "customer", "auto"),
    "bulk mail": ({"Precedence": "bulk"}, "customer", "precedence"),
    "Precedence: auto_reply": ({"Precedence": "auto_reply"}, "customer", "precedence"),
    "an X-Autoreply": ({"X-Autoreply": "yes"}, "customer", "autoreply"),
    "mail from MAIL_FROM": ({}, "helpdesk", "helpdesk"),
    "mail from a reply address": ({}, "reply address", "helpdesk"),
}


@pytest.mark.parametrize("case", IGNORED)
@pytest.mark.parametrize("door", DOORS)
def test_automatic_mail_and_helpdesks_own_are_ignored(desk, victim, door, case):
    headers, who, reason_word = IGNORED[case]
    tag = new_tag()
    sender = {"customer": victim.person, "helpdesk": Person(MAIL_FROM_NAME, MAIL_FROM_ADDRESS),
              "reply address": Person(MAIL_FROM_NAME, victim.original.to)}[who]
    # An out-of-office answer to the customer's own ticket: as a person's reply it would be a comment.
    sample = corpus.plain(sender, victim.original.to, "Automatic reply: " + victim.original.subject,
                          f"I am out of the office until Monday ({tag}).\n", original=victim.original, headers=headers)

    outcome = desk.deliver(door, sample)

    assert outcome.ignored and reason_word in outcome.ignored.lower(), outcome
    assert (outcome.ticket_id, outcome.comment_id, outcome.created) == (None, None, False)
    assert not [c for c in desk.comments(victim.ticket["id"]) if tag in c["text"]]
    assert desk.tagged(tag) == []


def test_helpdesks_own_notification_coming_back_is_ignored(desk, victim):
    """A loop: the receipt Helpdesk sent, delivered back to it unchanged."""
    for door in DOORS:
        outcome = desk.deliver(door, victim.receipt.raw)
        assert outcome.ignored, (door, outcome)
    assert desk.comments(victim.ticket["id"]) == []


def test_pathological_html_is_read_in_bounded_time(desk):
    sample = corpus.pathological_html(desk.person("paste"), MAIL_FROM_ADDRESS, new_tag())
    started = time.monotonic()
    outcome = desk.deliver("http", sample)
    took = time.monotonic() - started
    assert outcome.created, outcome
    check_text(desk.ticket(outcome.ticket_id)["description"], sample)
    assert took < 20, f"{len(sample.raw)} bytes of HTML took {took:.1f} s"
    assert desk.server.is_healthy()


def test_a_sender_over_twenty_messages_in_ten_minutes_is_ignored(desk):
    tag = new_tag()
    chatty = desk.person("chatty")
    for n in range(20):
        assert desk.deliver("http", corpus.plain(chatty, MAIL_FROM_ADDRESS, f"Message {n} {tag}", "Again.\n")).created
    for door in DOORS:
        outcome = desk.deliver(door, corpus.plain(chatty, MAIL_FROM_ADDRESS, f"One too many {tag}", "Again!\n"))
        assert outcome.ignored and "too many" in outcome.ignored, (door, outcome)
    assert len(desk.tagged(tag)) == 20
    # Others are not held up.
    assert desk.deliver("http", corpus.plain(desk.person("calm"), MAIL_FROM_ADDRESS, f"Calm {tag}", "Hi.\n")).created


# --- senders -------------------------------------------------------------------------------------------------------


def test_unknown_senders_become_customers_without_a_password(desk):
    tag = new_tag()
    senders = [Person("Sam One", f"sam.{tag}@ONE.{CUSTOMERS}"), Person("Sam Two", f"sam.{tag}@two.{CUSTOMERS}"),
               Person("Sam Three", f"sam.{tag}@three.{CUSTOMERS}")]
    authors = []
    for sender in senders:
        outcome = desk.deliver("http", corpus.plain(sender, MAIL_FROM_ADDRESS, f"Hello {tag}", "Hi.\n"))
        authors.append(desk.user(desk.ticket(outcome.ticket_id)["author_id"]))

    assert [(a["email"], a["username"], a["role"]) for a in authors] == [
        (f"sam.{tag}@one.{CUSTOMERS}", f"sam.{tag}", "customer"),
        (f"sam.{tag}@two.{CUSTOMERS}", f"sam.{tag}2", "customer"),
        (f"sam.{tag}@three.{CUSTOMERS}", f"sam.{tag}3", "customer")]
    for author in authors:
        for password in ("", PASSWORD):
            status, _ = helpdesk_api.call(desk.server.base, "POST", "/api/auth/login",
                                          {"email": author["email"], "password": password})
            assert status in (400, 401), f"{author['email']} signed in with {password!r}: {status}"


# --- the MTA pipe's exit status -------------------------------------------------------------------------------------


def test_mail_in_exits_75_when_postgres_is_unreachable(desk):
    tag = new_tag()
    sample = corpus.plain(desk.person("later"), MAIL_FROM_ADDRESS, f"Try again later {tag}", "Hello?\n")
    env = dict(desk.server.env, DATABASE_URL=f"postgres://helpdesk:secret@127.0.0.1:{free_port()}/helpdesk")

    result = desk.pipe(sample.raw, env=env)

    assert result.returncode == 75, (result.returncode, result.stdout[-800:], result.stderr[-800:])
    assert result.stderr.startswith(b"helpdesk mail-in: "), result.stderr[-500:]
    assert desk.tagged(tag) == []


def test_mail_in_exits_75_when_the_sqlite_database_cannot_be_opened(desk, tmp_path):
    tag = new_tag()
    sample = corpus.plain(desk.person("later"), MAIL_FROM_ADDRESS, f"Try again later {tag}", "Hello?\n")
    env = dict(desk.server.env, SQLITE_PATH=str(tmp_path / "not-mounted" / "hd.sqlite"))

    result = desk.pipe(sample.raw, env=env)

    assert result.returncode == 75, (result.returncode, result.stdout[-800:], result.stderr[-800:])
