"""Crash durability: SIGKILL the server in the middle of concurrent writes, start it again on the same
database, and find every write that was answered 201 (and, for SQLite, an intact file)."""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from conftest import auth

WRITERS = 32
MAX_WRITES_PER_WRITER = 300
KILL_AFTER_ACKS = 300
LOAD_DEADLINE = 90.0


def _load_then_kill(server, tokens: list[str], tag: str):
    """Writers create tickets and comment on them until the server dies; returns what was acknowledged."""
    api = server.api
    lock = threading.Lock()
    tickets: dict[int, str] = {}
    comments: dict[int, tuple[int, str]] = {}
    server_errors: list[str] = []
    stop = threading.Event()

    def writer(number: int) -> None:
        own: list[int] = []
        with requests.Session() as session:
            session.headers.update(auth(tokens[number % len(tokens)]))
            for i in range(MAX_WRITES_PER_WRITER):
                if stop.is_set():
                    return
                try:
                    if i % 3 == 2 and own:
                        text = f"{tag} comment w{number} r{i}"
                        response = session.post(f"{api}/tickets/{own[-1]}/comments", json={"text": text}, timeout=30)
                        if response.status_code == 201:
                            body = response.json()
                            with lock:
                                comments[body["id"]] = (body["ticket_id"], text)
                    else:
                        title = f"{tag} w{number} r{i}"
                        response = session.post(api + "/tickets", json={"title": title, "description": "durable"},
                                                timeout=30)
                        if response.status_code == 201:
                            body = response.json()
                            own.append(body["id"])
                            with lock:
                                tickets[body["id"]] = title
                    if response.status_code >= 500:
                        with lock:
                            server_errors.append(f"{response.status_code} {response.text[:200]}")
                except (requests.ConnectionError, requests.Timeout, ValueError):
                    # The server was killed: this write may or may not have landed; it was not acknowledged.
                    return

    deadline = time.monotonic() + LOAD_DEADLINE
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        futures = [pool.submit(writer, n) for n in range(WRITERS)]
        while time.monotonic() < deadline:
            with lock:
                if len(tickets) + len(comments) >= KILL_AFTER_ACKS:
                    break
            if all(f.done() for f in futures):
                break
            time.sleep(0.02)
        server.kill()  # SIGKILL, mid-load
        stop.set()
        for future in futures:
            future.result(timeout=60)
    assert not server_errors, server_errors[:10]
    assert len(tickets) >= 50, f"only {len(tickets)} tickets acknowledged before the kill"
    return tickets, comments


def _check_through_api(server, token: str, tickets: dict[int, str], comments: dict[int, tuple[int, str]]) -> None:
    with requests.Session() as session:
        session.headers.update(auth(token))
        missing = []
        for ticket_id, title in tickets.items():
            response = session.get(f"{server.api}/tickets/{ticket_id}", timeout=30)
            if response.status_code != 200 or response.json()["title"] != title:
                missing.append((ticket_id, response.status_code))
        assert not missing, f"{len(missing)} acknowledged tickets lost: {missing[:10]}"
        by_ticket: dict[int, set[int]] = {}
        for comment_id, (ticket_id, _) in comments.items():
            by_ticket.setdefault(ticket_id, set()).add(comment_id)
        for ticket_id, expected in by_ticket.items():
            response = session.get(f"{server.api}/tickets/{ticket_id}/comments", timeout=30)
            assert response.status_code == 200, response.text
            listed = {c["id"] for c in response.json()["items"]}
            assert expected <= listed, f"ticket {ticket_id}: acknowledged comments lost: {expected - listed}"


def _prepare(server, tag: str) -> tuple[str, list[str]]:
    agent_email = server.create_user(f"{tag}_agent", "agent")
    server.start()
    agent = server.login(agent_email)
    customers = [server.register(f"{tag}_c{i}")[0] for i in range(7)]
    return agent, [agent, *customers]


def test_sigkill_mid_load_sqlite(servers):
    server = servers.make()
    tag = "dur" + secrets.token_hex(3)
    agent, tokens = _prepare(server, tag)
    tickets, comments = _load_then_kill(server, tokens, tag)

    server.start()  # same database file, after the crash
    _check_through_api(server, agent, tickets, comments)
    assert server.stop() is not None

    with sqlite3.connect(f"file:{server.sqlite_path}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        stored_tickets = dict(db.execute("SELECT id, title FROM tickets").fetchall())
        stored_comments = dict(db.execute("SELECT id, ticket_id FROM comments").fetchall())
    assert all(stored_tickets.get(i) == title for i, title in tickets.items())
    assert all(stored_comments.get(i) == ticket for i, (ticket, _) in comments.items())


def test_sigkill_mid_load_postgres(servers, postgres_url):
    server = servers.make(database_url=postgres_url)
    tag = "dur" + secrets.token_hex(3)
    agent, tokens = _prepare(server, tag)
    tickets, comments = _load_then_kill(server, tokens, tag)

    server.start()
    _check_through_api(server, agent, tickets, comments)
    assert "status: 5" not in server.log_text()
