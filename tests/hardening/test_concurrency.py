"""64 clients write tickets and comments at once against SQLite: no 5xx, no "database is locked",
and every write the server answered 201 is there afterwards, through the API and in the file."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from conftest import auth

CLIENTS = 64
REQUESTS_PER_CLIENT = 20
USERS = 16
TEST_DEADLINE = 240.0


def test_concurrent_writes_on_sqlite(servers):
    server = servers.make()
    agents = [server.create_user(f"conc_agent{i}", "agent") for i in range(2)]
    server.start()
    api = server.api
    agent_tokens = [server.login(email) for email in agents]
    customer_tokens = [server.register(f"conc_customer{i}")[0] for i in range(USERS - len(agents))]
    tokens = agent_tokens + customer_tokens

    # A few tickets every agent comments on, so that writers meet on the same rows.
    shared = [requests.post(api + "/tickets", headers=auth(agent_tokens[0]), timeout=30,
                            json={"title": f"Shared {i}", "description": "Contended"}).json()["id"] for i in range(4)]

    lock = threading.Lock()
    tickets: dict[int, str] = {}          # id -> title
    comments: dict[int, tuple[int, str]] = {}  # id -> (ticket id, text)
    problems: list[str] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + TEST_DEADLINE

    def client(number: int) -> None:
        rng = random.Random(number)
        token = tokens[number % len(tokens)]
        is_agent = number % len(tokens) < len(agent_tokens)
        own: list[int] = []
        with requests.Session() as session:
            session.headers.update(auth(token))
            for i in range(REQUESTS_PER_CLIENT):
                if time.monotonic() > deadline:
                    problems.append(f"client {number}: out of time")
                    return
                if i % 2 == 0 or not (own or is_agent):
                    title = f"c{number}-r{i}"
                    response = session.post(api + "/tickets", json={"title": title, "description": "load"}, timeout=60)
                    kind = "ticket"
                else:
                    ticket = rng.choice(shared + own) if is_agent else rng.choice(own)
                    text = f"comment c{number}-r{i}"
                    response = session.post(f"{api}/tickets/{ticket}/comments",
                                            json={"text": text, "internal": is_agent and i % 4 == 1}, timeout=60)
                    kind = "comment"
                with lock:
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if "database is locked" in response.text.lower():
                        problems.append(f"client {number}: locked: {response.text[:200]}")
                    if response.status_code != 201:
                        problems.append(f"client {number}: {kind} -> {response.status_code} {response.text[:200]}")
                        continue
                    body = response.json()
                    if kind == "ticket":
                        tickets[body["id"]] = title
                        own.append(body["id"])
                    else:
                        comments[body["id"]] = (body["ticket_id"], text)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for future in [pool.submit(client, n) for n in range(CLIENTS)]:
            future.result(timeout=TEST_DEADLINE + 60)

    assert not problems, f"{len(problems)} problems, statuses {statuses}: {problems[:10]}"
    assert statuses == {201: CLIENTS * REQUESTS_PER_CLIENT}, statuses
    assert len(tickets) + len(comments) == CLIENTS * REQUESTS_PER_CLIENT

    # Through the API: every ticket by id, every comment in its ticket's list.
    admin = agent_tokens[0]
    with requests.Session() as session:
        session.headers.update(auth(admin))
        for ticket_id, title in tickets.items():
            response = session.get(f"{api}/tickets/{ticket_id}", timeout=30)
            assert response.status_code == 200 and response.json()["title"] == title, (ticket_id, response.text)
        by_ticket: dict[int, set[int]] = {}
        for comment_id, (ticket_id, _) in comments.items():
            by_ticket.setdefault(ticket_id, set()).add(comment_id)
        for ticket_id, expected in by_ticket.items():
            listed = {c["id"] for c in session.get(f"{api}/tickets/{ticket_id}/comments", timeout=30).json()["items"]}
            assert expected <= listed, (ticket_id, expected - listed)

    log = server.log_text()
    assert "database is locked" not in log.lower()
    assert "status: 5" not in log

    # In the file itself, after a clean stop.
    assert server.stop() is not None
    with sqlite3.connect(f"file:{server.sqlite_path}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored_tickets = dict(db.execute("SELECT id, title FROM tickets").fetchall())
        stored_comments = dict(db.execute("SELECT id, ticket_id FROM comments").fetchall())
    for ticket_id, title in tickets.items():
        assert stored_tickets.get(ticket_id) == title, ticket_id
    for comment_id, (ticket_id, _) in comments.items():
        assert stored_comments.get(comment_id) == ticket_id, comment_id
