"""Mail in by IMAP (issue 11) against a real IMAP server: Debian's Dovecot on 127.0.0.1 with a throw-away
mail directory and user (tests/harness/imap_server.py), filled by the test and polled by the server every
half second.

- A message from an unknown sender becomes a ticket filed by a new customer with that address; the message
  ends flagged \\Seen in the done mailbox.
- A message the importer can never take is tried IMAP_MAX_FAILURES times, then moved to the failed mailbox
  (unseen, for a person to look at); the good message next to it goes through.
- The server killed with SIGKILL halfway through a batch and started again imports every message exactly
  once, and every message ends in the done mailbox exactly once; a message recorded as imported but not yet
  flagged (the server died in between) is only flagged and moved.
- Without MOVE and UIDPLUS (Dovecot told to hide them) messages are copied, flagged and expunged instead.
- Over TLS (imaps:// and STARTTLS) with a throw-away CA given as IMAP_CA_FILE.
- On PostgreSQL (TEST_DATABASE_URL), two servers polling the same mailbox import each message once.
"""

from __future__ import annotations

import collections
import email.policy
import secrets
import sqlite3
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pytest

import helpdesk_api
from imap_server import IMAPServer, wait_until

POLL_SECONDS = "0.5"
MAX_FAILURES = 2
TIMEOUT = 30.0
CUSTOMER_DOMAIN = "customers.imap.test"


def imap_env(imap: IMAPServer, security: str = "none", **more: str) -> dict[str, str]:
    env = {"IMAP_URL": imap.url(security=security), "IMAP_POLL_SECONDS": POLL_SECONDS,
           "IMAP_DONE_MAILBOX": "Done", "IMAP_FAILED_MAILBOX": "Failed", "IMAP_MAX_FAILURES": str(MAX_FAILURES)}
    env.update(more)
    return env


def new_message(subject: str, sender: str, body: str) -> tuple[bytes, str]:
    """A plain new message as a mail client sends it; returns (raw, Message-ID)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Support <support@helpdesk.imap.test>"
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message_id = make_msgid(domain=CUSTOMER_DOMAIN)
    message["Message-ID"] = message_id
    message.set_content(body)
    return message.as_bytes(policy=email.policy.SMTP), message_id


def start_desk(servers, imap: IMAPServer, **env) -> tuple[object, str]:
    """A server polling `imap`, with an admin; returns (server, the admin's token)."""
    server = servers.make(extra_env=imap_env(imap, **env))
    admin_email = server.create_user(f"imap_admin_{secrets.token_hex(3)}", "admin")
    server.start()
    return server, server.login(admin_email)


def tickets_titled(server, token: str, prefix: str, **filters: str) -> list[dict]:
    return [ticket for page in helpdesk_api.ticket_pages(server.base, token, **filters) for ticket in page["items"]
            if ticket["title"].startswith(prefix)]


def customers(server, token: str) -> dict[int, dict]:
    """Every customer, following the list's pages."""
    found: dict[int, dict] = {}
    path = "/api/users?role=customer"
    while True:
        page = helpdesk_api.expect(server.base, "GET", path, token=token)
        found.update({user["id"]: user for user in page["items"]})
        if not page.get("next_cursor"):
            return found
        path = "/api/users?role=customer&cursor=" + page["next_cursor"]


def in_mailbox(imap: IMAPServer, mailbox: str, message_ids) -> list:
    wanted = set(message_ids)
    return [m for m in imap.messages(mailbox) if m.message_id in wanted]


def at_least(count: int, items: list) -> list | None:
    return items if len(items) >= count else None


def all_in_mailbox(imap: IMAPServer, mailbox: str, message_ids) -> list | None:
    """The messages once every one of `message_ids` is in `mailbox`, else None."""
    found = in_mailbox(imap, mailbox, message_ids)
    return found if {m.message_id for m in found} >= set(message_ids) else None


@pytest.fixture
def imap():
    with IMAPServer() as server:
        yield server


def test_new_message_becomes_a_ticket_by_a_new_customer(servers, imap):
    tag = secrets.token_hex(4)
    server, admin = start_desk(servers, imap)
    sender = f"carol.{tag}@{CUSTOMER_DOMAIN}"
    assert not [u for u in customers(server, admin).values() if u["email"] == sender]
    subject = f"Printer on fire {tag}"

    raw, message_id = new_message(subject, f"Carol Customer <{sender}>", "The printer in room 4 is smoking.\n")
    imap.append(raw)

    tickets = wait_until(lambda: tickets_titled(server, admin, subject), TIMEOUT, "the ticket")
    assert len(tickets) == 1, tickets
    ticket = tickets[0]
    assert ticket["title"] == subject
    assert "The printer in room 4 is smoking." in ticket["description"]
    assert ticket["status"] == "open"
    author = customers(server, admin).get(ticket["author_id"])
    assert author is not None, f"the ticket's author {ticket['author']} is not a customer"
    assert author["email"] == sender
    done = wait_until(lambda: in_mailbox(imap, "Done", [message_id]), TIMEOUT, "the message in Done")
    assert len(done) == 1 and done[0].seen, done
    assert not in_mailbox(imap, "INBOX", [message_id])


def test_message_that_cannot_be_imported_is_set_aside(servers, imap):
    tag = secrets.token_hex(4)
    server, admin = start_desk(servers, imap)
    # No From: there is no one to file it for, now or ever.
    bad_id = f"<no-sender.{tag}@{CUSTOMER_DOMAIN}>"
    bad_subject = f"Nobody sent this {tag}"
    imap.append(f"Subject: {bad_subject}\r\nMessage-ID: {bad_id}\r\nContent-Type: text/plain\r\n\r\n"
                "Where did this come from?\r\n".encode())
    good, good_id = new_message(f"Good one {tag}", f"dave.{tag}@{CUSTOMER_DOMAIN}", "This one is fine.\n")
    imap.append(good)

    failed = wait_until(lambda: in_mailbox(imap, "Failed", [bad_id]), TIMEOUT, "the bad message in Failed")
    assert len(failed) == 1
    assert not failed[0].seen, "a message set aside is left unseen, for a person to look at"
    assert not in_mailbox(imap, "INBOX", [bad_id])
    assert not tickets_titled(server, admin, bad_subject)
    wait_until(lambda: in_mailbox(imap, "Done", [good_id]), TIMEOUT, "the good message in Done")
    assert len(tickets_titled(server, admin, f"Good one {tag}")) == 1

    server.stop()
    with sqlite3.connect(f"file:{server.sqlite_path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT status, failures, last_error FROM imap_messages ORDER BY uid").fetchall()
    assert [row[:2] for row in rows] == [("moved_aside", MAX_FAILURES), ("imported", 0)], rows
    assert rows[0][2], "the reason of the failure is kept"


def test_restart_mid_batch_imports_each_message_once(servers, imap):
    tag = secrets.token_hex(4)
    server, admin = start_desk(servers, imap)
    warm_up, warm_up_id = new_message(f"Warm-up {tag}", f"erin.{tag}@{CUSTOMER_DOMAIN}", "First.\n")
    imap.append(warm_up)
    wait_until(lambda: in_mailbox(imap, "Done", [warm_up_id]), TIMEOUT, "the first message in Done")

    prefix = f"Batch {tag} "
    subjects = [f"{prefix}{i:02d}" for i in range(40)]
    batch = [new_message(subject, f"batch{i % 5}.{tag}@{CUSTOMER_DOMAIN}", f"Message {i}.\n")
             for i, subject in enumerate(subjects)]
    message_ids = [message_id for _, message_id in batch]
    imap.append_all([raw for raw, _ in batch])
    under_way = wait_until(lambda: at_least(3, tickets_titled(server, admin, prefix)), TIMEOUT, "the batch under way",
                           interval=0.02)
    server.kill()

    server.start()
    wait_until(lambda: all_in_mailbox(imap, "Done", message_ids), 60, "the whole batch in Done")
    # A few more passes: nothing may come in twice, late.
    time.sleep(4 * float(POLL_SECONDS))
    titles = collections.Counter(t["title"] for t in tickets_titled(server, admin, prefix))
    assert titles == collections.Counter(subjects), (
        f"at least {len(under_way)} imported before the kill; missing {set(subjects) - set(titles)}, "
        f"twice {[s for s, n in titles.items() if n > 1]}")
    done = collections.Counter(m.message_id for m in in_mailbox(imap, "Done", message_ids))
    assert done == collections.Counter(message_ids), "each message in Done exactly once"
    assert all(m.seen for m in in_mailbox(imap, "Done", message_ids))
    assert not in_mailbox(imap, "INBOX", message_ids)


def test_message_recorded_as_imported_is_only_moved(servers, imap):
    """The server died after importing a message and before flagging it: started again, it moves the message
    and imports nothing."""
    tag = secrets.token_hex(4)
    server, admin = start_desk(servers, imap)
    first, first_id = new_message(f"Recorded {tag} first", f"ivan.{tag}@{CUSTOMER_DOMAIN}", "First.\n")
    imap.append(first)
    wait_until(lambda: in_mailbox(imap, "Done", [first_id]), TIMEOUT, "the first message in Done")
    server.stop()
    second, second_id = new_message(f"Recorded {tag} second", f"ivan.{tag}@{CUSTOMER_DOMAIN}", "Second.\n")
    uid = imap.append(second)
    with sqlite3.connect(server.sqlite_path) as db:
        db.execute(
            "INSERT INTO imap_messages (mailbox, uid_validity, uid, status, failures, updated_at) "
            "SELECT mailbox, uid_validity, ?, 'imported', 0, updated_at FROM imap_messages LIMIT 1", (uid,))

    server.start()
    done = wait_until(lambda: in_mailbox(imap, "Done", [second_id]), TIMEOUT, "the second message in Done")
    assert done[0].seen
    assert not tickets_titled(server, admin, f"Recorded {tag} second")


def test_without_move_messages_are_copied_and_expunged(servers):
    with IMAPServer(extra_config="imap_capability = IMAP4rev1 LITERAL+ AUTH=PLAIN") as imap:
        tag = secrets.token_hex(4)
        server, admin = start_desk(servers, imap)
        message_ids = []
        for i in range(3):
            raw, message_id = new_message(f"No move {tag} {i}", f"frank.{tag}@{CUSTOMER_DOMAIN}", f"Number {i}.\n")
            imap.append(raw)
            message_ids.append(message_id)
        done = wait_until(lambda: all_in_mailbox(imap, "Done", message_ids), TIMEOUT, "the messages in Done")
        assert all(m.seen for m in done)
        assert not in_mailbox(imap, "INBOX", message_ids)
        assert len(tickets_titled(server, admin, f"No move {tag} ")) == 3


@pytest.mark.parametrize("security", ["implicit", "starttls"])
def test_over_tls(servers, security):
    with IMAPServer(tls=True) as imap:
        tag = secrets.token_hex(4)
        server, admin = start_desk(servers, imap, security=security, IMAP_CA_FILE=str(imap.ca_file))
        raw, message_id = new_message(f"Over TLS {tag}", f"grace.{tag}@{CUSTOMER_DOMAIN}", "Encrypted.\n")
        imap.append(raw)
        wait_until(lambda: in_mailbox(imap, "Done", [message_id]), TIMEOUT, "the message in Done")
        assert len(tickets_titled(server, admin, f"Over TLS {tag}")) == 1


def test_two_servers_on_postgres_import_each_message_once(servers, postgres_url, imap):
    tag = secrets.token_hex(4)
    first = servers.make(database_url=postgres_url, extra_env=imap_env(imap))
    second = servers.make(database_url=postgres_url, extra_env=imap_env(imap), migrate=False)
    admin_email = first.create_user(f"imap_admin_{tag}", "admin")
    first.start()
    second.start()
    admin = first.login(admin_email)
    prefix = f"Two pollers {tag} "
    message_ids = []
    for i in range(20):
        raw, message_id = new_message(f"{prefix}{i:02d}", f"heidi{i % 4}.{tag}@{CUSTOMER_DOMAIN}", f"Number {i}.\n")
        imap.append(raw)
        message_ids.append(message_id)
    wait_until(lambda: all_in_mailbox(imap, "Done", message_ids), 60, "every message in Done")
    time.sleep(4 * float(POLL_SECONDS))
    # The database is shared with other tests: search for this run's tickets only.
    titles = collections.Counter(t["title"] for t in tickets_titled(first, admin, prefix, q=tag))
    assert sorted(titles) == [f"{prefix}{i:02d}" for i in range(20)] and set(titles.values()) == {1}, titles
    assert collections.Counter(m.message_id for m in in_mailbox(imap, "Done", message_ids)) == \
        collections.Counter(message_ids)
