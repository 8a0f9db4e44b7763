"""Live updates, `GET /api/events` (Server-Sent Events), against one real server: on SQLite, and on
PostgreSQL when TEST_DATABASE_URL is set (there every event goes through LISTEN/NOTIFY).

A reader gets what the REST API would show them and nothing else: a customer their own tickets'
events without the internal notes, staff everything, another customer nothing; each event's `data` is
the object exactly as the REST API returns it to that reader. `Last-Event-ID` replays exactly what was
missed. Signing out, changing the password or losing a role ends an open stream at its next event.
Streams are read on threads with timeouts (tests/harness/sse.py): a missing event fails, never hangs.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import pytest
import requests

from conftest import PASSWORD, PNG_1X1, assert_json_error, auth
from sse import SSEEvent, SSEStream

WAIT = 5.0  # for an event that should come: far more than it takes
KEEP_ALIVE = 15.0


@dataclass
class Env:
    server: object
    tag: str
    admin: str
    agent: str
    alice: str  # a customer
    bob: str  # another customer
    database: str
    idle: SSEStream | None = None  # opened first and kept quiet, on SQLite: for the keep-alive test

    def call(self, method: str, path: str, token: str, body=None, status: int | None = None):
        got, payload = self.server.call(method, path, body, token)
        if status is not None:
            assert got == status, f"{method} {path}: {got} {payload}"
        return payload

    def stream(self, token: str | None, **options) -> SSEStream:
        return SSEStream(self.server.api + "/events", token, **options)

    def open(self, token: str, **options) -> SSEStream:
        stream = self.stream(token, **options)
        assert stream.status == 200, (stream.status, stream.body)
        stream.wait_connected(WAIT)
        return stream

    def ticket(self, token: str, title: str = "a ticket") -> dict:
        return self.call("POST", "/api/tickets", token, {"title": f"{self.tag} {title}", "description": "live"},
                         status=201)

    def comment(self, token: str, ticket_id: int, text: str, internal: bool = False) -> dict:
        return self.call("POST", f"/api/tickets/{ticket_id}/comments", token,
                         {"text": f"{self.tag} {text}", "internal": internal}, status=201)

    def rest_comment(self, token: str, ticket_id: int, comment_id: int) -> dict:
        items = self.call("GET", f"/api/tickets/{ticket_id}/comments", token, status=200)["items"]
        return next(c for c in items if c["id"] == comment_id)

    def rest_image(self, token: str, ticket_id: int, image_id: int) -> dict:
        items = self.call("GET", f"/api/tickets/{ticket_id}/images", token, status=200)["items"]
        return next(i for i in items if i["id"] == image_id)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def env(request, module_servers):
    database_url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    server = module_servers.make(database_url=database_url)
    tag = "ev" + secrets.token_hex(3)
    admin_email = server.create_user(f"{tag}_admin", "admin")
    agent_email = server.create_user(f"{tag}_agent", "agent")
    server.start()
    idle_token, _ = server.register(f"{tag}_idle")
    env = Env(server, tag, server.login(admin_email), server.login(agent_email),
              server.register(f"{tag}_alice")[0], server.register(f"{tag}_bob")[0], request.param)
    if request.param == "sqlite":
        env.idle = env.open(idle_token)
    yield env
    if env.idle is not None:
        env.idle.close()
    server.stop()


def is_comment(comment_id: int):
    return lambda e: e.event == "comment.created" and e.json()["comment"]["id"] == comment_id


def about(ticket_id: int):
    return lambda e: e.json().get("ticket_id") == ticket_id


def comment_ids(events: list[SSEEvent]) -> list[int]:
    return [e.json()["comment"]["id"] for e in events if e.event == "comment.created"]


def test_each_reader_sees_what_the_rest_api_shows_them(env):
    """The customer sees their ticket's public comment but not the internal note; the agent both;
    another customer neither. Each event's data is the comment exactly as REST returns it to them."""
    ticket = env.ticket(env.alice)
    bobs_ticket = env.ticket(env.bob, "bob's own")
    alice, bob, agent = env.open(env.alice), env.open(env.bob), env.open(env.agent)
    try:
        note = env.comment(env.agent, ticket["id"], "internal note", internal=True)
        # A screenshot on the internal note is as internal as the note.
        shot = requests.post(f"{env.server.api}/tickets/{ticket['id']}/images", headers=auth(env.agent),
                             files={"image": ("shot.png", PNG_1X1, "image/png")}, data={"comment_id": str(note["id"])},
                             timeout=30)
        assert shot.status_code == 201, shot.text
        shot = shot.json()
        # (Rendered when sent: an image deleted before its event goes out is skipped. So wait for it.)
        agent_events = agent.events_until(lambda e: e.event == "image.created", WAIT)
        env.call("DELETE", f"/api/images/{shot['id']}", env.agent, status=204)
        reply = env.comment(env.agent, ticket["id"], "public reply")
        # Comes after both in every stream that may see it: once it is there, nothing earlier is late.
        sentinel = env.comment(env.agent, bobs_ticket["id"], "for bob")

        agent_events += agent.events_until(is_comment(sentinel["id"]), WAIT)
        alice_events = alice.events_until(is_comment(reply["id"]), WAIT)
        bob_events = bob.events_until(is_comment(sentinel["id"]), WAIT)
        alice_events += alice.drain(quiet=0.3)

        assert comment_ids(agent_events) == [note["id"], reply["id"], sentinel["id"]]
        assert [e.event for e in agent_events if e.event.startswith("image.")] == ["image.created", "image.deleted"]
        agent_image = next(e for e in agent_events if e.event == "image.created").json()
        assert agent_image == {"ticket_id": ticket["id"], "image": shot}  # as the upload answered
        assert shot["comment_id"] == note["id"]
        assert comment_ids(alice_events) == [reply["id"]], "the customer must not get the internal note"
        assert [e for e in alice_events if e.event.startswith("image.")] == [], "the note's screenshot leaked"
        assert [e for e in alice_events if not about(ticket["id"])(e)] == [], "alice got another ticket's event"
        assert [e for e in bob_events if about(ticket["id"])(e)] == [], "bob got events of alice's ticket"

        for token, events in ((env.agent, agent_events), (env.alice, alice_events), (env.bob, bob_events)):
            for event in events:
                if event.event == "comment.created":
                    data = event.json()
                    expected = env.rest_comment(token, data["ticket_id"], data["comment"]["id"])
                    assert data == {"ticket_id": data["ticket_id"], "comment": expected}, event
        ids = [e.number for e in agent_events]
        assert ids == sorted(set(ids)), f"ids must only grow: {ids}"
    finally:
        for stream in (alice, bob, agent):
            stream.close()


def test_ticket_and_image_events_carry_the_rest_representation(env):
    """ticket.created / ticket.updated / image.created / image.deleted / ticket.deleted: data is what
    GET returns to that reader at that moment; another customer hears of none of it."""
    alice, bob, agent = env.open(env.alice), env.open(env.bob), env.open(env.agent)
    try:
        ticket = env.ticket(env.alice, "with an image")
        tid = ticket["id"]

        def check_ticket(kind: str) -> None:
            for token, stream in ((env.alice, alice), (env.agent, agent)):
                event = stream.events_until(lambda e: e.event == kind and about(tid)(e), WAIT)[-1]
                rest = env.call("GET", f"/api/tickets/{tid}", token, status=200)
                assert event.json() == {"ticket_id": tid, "ticket": rest}, (kind, token == env.agent)

        check_ticket("ticket.created")
        env.call("PATCH", f"/api/tickets/{tid}", env.agent, {"status": "in_progress", "priority": "high"}, status=200)
        check_ticket("ticket.updated")

        image = env.server.upload_image(tid, "dot.png", PNG_1X1, env.alice)
        for token, stream in ((env.alice, alice), (env.agent, agent)):
            event = stream.events_until(lambda e: e.event == "image.created" and about(tid)(e), WAIT)[-1]
            assert event.json() == {"ticket_id": tid, "image": env.rest_image(token, tid, image["id"])}

        env.call("DELETE", f"/api/images/{image['id']}", env.alice, status=204)
        for stream in (alice, agent):
            event = stream.events_until(lambda e: e.event == "image.deleted" and about(tid)(e), WAIT)[-1]
            assert event.json() == {"ticket_id": tid, "image_id": image["id"]}

        env.call("DELETE", f"/api/tickets/{tid}", env.admin, status=204)
        for stream in (alice, agent):
            event = stream.events_until(lambda e: e.event == "ticket.deleted" and about(tid)(e), WAIT)[-1]
            assert event.json() == {"ticket_id": tid}

        sentinel = env.comment(env.agent, env.ticket(env.bob, "sentinel")["id"], "sentinel")
        bob_events = bob.events_until(is_comment(sentinel["id"]), WAIT)
        assert [e for e in bob_events if about(tid)(e)] == [], "another customer heard of alice's ticket"
    finally:
        for stream in (alice, bob, agent):
            stream.close()


def test_last_event_id_replays_exactly_the_missed_events(env):
    """A reader that drops out and comes back with Last-Event-ID gets exactly the events it missed and
    may see, in order, then the live ones; for a customer the internal notes stay out."""
    ticket = env.ticket(env.alice, "replay")
    tid = ticket["id"]
    # The references: streams that stay connected throughout.
    reference = {"alice": env.open(env.alice), "agent": env.open(env.agent)}
    tokens = {"alice": env.alice, "agent": env.agent}
    dropped = {name: env.open(token) for name, token in tokens.items()}
    replays: list[SSEStream] = []
    try:
        first = env.comment(env.agent, tid, "seen by everyone before the drop")
        last_seen = {name: stream.events_until(is_comment(first["id"]), WAIT)[-1].id
                     for name, stream in dropped.items()}
        for stream in dropped.values():
            stream.close()

        # Missed while away: notes, replies, a change to the ticket, an image.
        env.comment(env.agent, tid, "note 1", internal=True)
        env.comment(env.alice, tid, "customer reply")
        env.call("PATCH", f"/api/tickets/{tid}", env.agent, {"status": "in_progress"}, status=200)
        env.comment(env.agent, tid, "note 2", internal=True)
        env.server.upload_image(tid, "dot.png", PNG_1X1, env.alice)
        final = env.comment(env.agent, tid, "agent reply")

        for name, token in tokens.items():
            missed = [e for e in reference[name].events_until(is_comment(final["id"]), WAIT)
                      if e.number > int(last_seen[name])]
            assert len(missed) >= (4 if name == "alice" else 6), [(e.id, e.event) for e in missed]
            if name == "alice":
                assert all(not (e.event == "comment.created" and e.json()["comment"]["internal"]) for e in missed)
            # From where the dropped stream stopped, and from the middle of what it missed.
            for since in (last_seen[name], missed[len(missed) // 2].id):
                replay = env.stream(token, last_event_id=since)
                replays.append(replay)
                assert replay.status == 200, replay.body
                expected = [(e.id, e.event) for e in missed if e.number > int(since)]
                got = replay.events_until(is_comment(final["id"]), WAIT) + replay.drain(quiet=0.4)
                assert [(e.id, e.event) for e in got] == expected, f"{name} replaying after {since}"
                for event, original in zip(got, (e for e in missed if e.number > int(since))):
                    if event.event == "comment.created":
                        assert event.data == original.data, "a replayed comment differs from the live one"

        # After the replay the streams go on live, without repeating anything.
        live = env.comment(env.agent, tid, "after the replay")
        for replay in replays:
            event = replay.next_event(WAIT)
            assert is_comment(live["id"])(event), event
    finally:
        for stream in [*reference.values(), *dropped.values(), *replays]:
            stream.close()


def _sign_out(env, user: dict) -> None:
    env.call("POST", "/api/auth/logout", user["token"], status=204)


def _change_password(env, user: dict) -> None:
    env.call("POST", "/api/auth/password", user["token"],
             {"current_password": user["password"], "new_password": "another-horse-battery"}, status=200)


def _lose_the_agent_role(env, user: dict) -> None:
    env.call("PATCH", f"/api/users/{user['id']}", env.admin, {"role": "customer"}, status=200)


@pytest.mark.parametrize("change", [_sign_out, _change_password, _lose_the_agent_role],
                         ids=["sign-out", "password-change", "role-change"])
def test_a_changed_session_ends_the_open_stream_at_its_next_event(env, change):
    """After the change the stream ends at the next event, without sending it: here an agent's note on
    the user's own ticket (which an agent could read, and a customer could not)."""
    name = f"{env.tag}_{change.__name__.strip('_')[:10]}"
    if change is _lose_the_agent_role:
        email = env.server.create_user(name, "agent")
        session = env.server.sign_in(email)
        token, user = session["token"], session["user"]
        ticket = env.ticket(env.alice, "seen by the demoted agent")
    else:
        token, user = env.server.register(name)
        ticket = env.ticket(token, "own ticket")
    stream = env.open(token)
    try:
        before = env.comment(env.agent, ticket["id"], "before the change")
        stream.events_until(is_comment(before["id"]), WAIT)

        change(env, {"token": token, "id": user["id"], "password": PASSWORD})
        env.comment(env.agent, ticket["id"], "after the change", internal=True)
        env.comment(env.agent, ticket["id"], "after the change, public")
        got = stream.wait_closed(WAIT)
        assert comment_ids(got) == [], f"the stream sent {comment_ids(got)} after the session changed"
    finally:
        stream.close()


def test_no_token_no_stream(env):
    response = requests.get(env.server.api + "/events", timeout=10)
    assert_json_error(response, 401)
    response = requests.get(env.server.api + "/events", headers=auth("not-a-token"), timeout=10)
    assert_json_error(response, 401)
    token, _ = env.server.register(f"{env.tag}_gone")
    env.call("POST", "/api/auth/logout", token, status=204)
    stream = env.stream(token)
    assert stream.status == 401, stream.body


def test_stream_headers(env):
    stream = env.open(env.alice)
    try:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        assert stream.headers.get("Cache-Control") == "no-store"
        assert stream.headers.get("X-Accel-Buffering") == "no"
        assert stream.parser.retry is not None and stream.parser.retry > 0
    finally:
        stream.close()


def test_keep_alive_comment_within_16_seconds(env):
    """A quiet stream gets a comment line every 15 s (proxies close silent connections). The stream
    was opened with the module's server, so the other tests have used up some of the wait; the ticker
    does not touch the database, so SQLite alone pays for the rest."""
    if env.idle is None:
        pytest.skip("the keep-alive is checked once, on SQLite")
    deadline = env.idle.opened_at + KEEP_ALIVE + 1.5
    comment = env.idle.wait_comment("keep-alive", max(0.1, deadline - time.monotonic()))
    waited = comment.received_at - env.idle.opened_at
    assert KEEP_ALIVE - 1.0 <= waited <= KEEP_ALIVE + 1.0, f"first keep-alive after {waited:.1f} s"
    assert not env.idle.closed
