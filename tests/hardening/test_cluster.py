"""A cluster: three `helpdesk serve` instances on one PostgreSQL behind Debian's nginx (started by
tests/harness/cluster.py with the configuration scripts/cluster.sh uses). Needs TEST_DATABASE_URL
(the Makefile runs the hardening tests inside scripts/with-postgres.sh) and nginx.

* every instance answers /api/health/live and /api/health/ready, and nginx spreads requests over them;
* a stream on instance 1 gets a comment posted through instance 3 within a second (PostgreSQL NOTIFY);
* the 11th failed sign-in for one email is 429 whichever instance it reaches (the throttle is shared);
* a role change, a deactivation or a sign-out on one instance applies to the next request on every
  other (each instance's session cache is emptied by PostgreSQL NOTIFY);
* under a write load through nginx one instance is SIGKILLed: every write answered 2xx is stored,
  the other instances go on answering, and streams through nginx reconnect with Last-Event-ID to a
  live instance and miss no event.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

import pytest
import requests

from cluster import Cluster, nginx_binary
from source_address import SourceAddressAdapter, loopback_aliases_work
from conftest import PASSWORD, assert_json_error, auth
from helpdesk_api import register
from sse import ReconnectingStream, SSEStream

LOGIN_MAX = 10
FANOUT_LIMIT = 1.0  # seconds from posting on one instance to the event on another's stream
# The load runs at least KILL_AFTER seconds and MIN_WRITES acknowledged writes before the kill, and as
# long again after it (each bounded by LOAD_LIMIT seconds): about 5 s on an idle machine.
KILL_AFTER = 2.0
MIN_WRITES = 20
LOAD_LIMIT = 10.0
WRITERS = 4
SETTLE = 1.0  # writes that start this long after the kill must all succeed (nginx skips the dead one)
CATCH_UP = 15.0  # for the streams to have every stored comment after the load


def _nginx_installed() -> bool:
    try:
        nginx_binary()
        return True
    except FileNotFoundError:
        return False


pytestmark = pytest.mark.skipif(not _nginx_installed(), reason="nginx is not installed (make deps-test installs it)")


@dataclass
class Env:
    cluster: Cluster
    tag: str
    admin: str
    agent: str
    customer: str


@pytest.fixture(scope="module")
def env(request, module_servers, postgres_url, tmp_path_factory):
    cluster = Cluster(
        module_servers.binary, tmp_path_factory.mktemp("cluster"), postgres_url,
        extra_env={
            "THROTTLE_ENABLED": "true",
            "THROTTLE_LOGIN_MAX": str(LOGIN_MAX),
            "THROTTLE_WINDOW_SECONDS": "900",
            # The tests register their customers through nginx, all from 127.0.0.1.
            "THROTTLE_REGISTER_MAX": "100000",
            "METRICS_ENABLED": "true",
        },
        make_server=lambda env: module_servers.make(extra_env=env, migrate=False),
    )
    tag = "cl" + secrets.token_hex(3)
    cluster.start()
    try:
        first = cluster.instances[0]
        admin_email = first.create_user(f"{tag}_admin", "admin")
        agent_email = first.create_user(f"{tag}_agent", "agent")
        customer = register(cluster.base, f"{tag}_cust", f"{tag}_cust@hardening.test")["token"]
        yield Env(cluster, tag, first.login(admin_email), first.login(agent_email), customer)
    finally:
        module = request.node.nodeid.split("::")[0]
        if module in request.session.__dict__.get("_hardening_failed_modules", set()) and cluster.nginx:
            print(f"\n--- nginx ---\n{cluster.nginx.log_tail(60)}")
            if cluster.nginx.access_log.exists():
                print("\n".join(cluster.nginx.access_log.read_text(errors="replace").splitlines()[-60:]))
        cluster.stop()


def _ticket(base: str, token: str, title: str) -> dict:
    response = requests.post(base + "/api/tickets", json={"title": title, "description": "cluster"},
                             headers=auth(token), timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def _comment(base: str, token: str, ticket_id: int, text: str, internal: bool = False) -> dict:
    response = requests.post(f"{base}/api/tickets/{ticket_id}/comments", json={"text": text, "internal": internal},
                             headers=auth(token), timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def _comments_on(base: str, token: str, ticket_id: int) -> dict[int, str]:
    response = requests.get(f"{base}/api/tickets/{ticket_id}/comments", headers=auth(token), timeout=10)
    assert response.status_code == 200, response.text
    return {c["id"]: c["text"] for c in response.json()["items"]}


def test_every_instance_is_live_and_ready_and_nginx_uses_them_all(env):
    for index, server in enumerate(env.cluster.instances):
        for path in ("/api/health/live", "/api/health/ready"):
            response = requests.get(server.base + path, timeout=5)
            assert response.status_code == 200, (index, path, response.text)
            assert response.json() == {"status": "ok"}
    answered = set()
    for _ in range(12):
        response = requests.get(env.cluster.api + "/health/ready", timeout=5)
        assert response.status_code == 200, response.text
        answered.add(env.cluster.instance_of(response.headers.get("X-Upstream")))
    assert answered == {0, 1, 2}, f"nginx sent requests to instances {answered}"


def test_a_stream_on_instance_1_gets_a_comment_posted_through_instance_3_within_a_second(env):
    first, second, third = env.cluster.instances
    ticket = _ticket(third.base, env.customer, f"{env.tag} fan-out")
    agent = SSEStream(first.api + "/events", env.agent)
    customer = SSEStream(second.api + "/events", env.customer)
    proxied = SSEStream(env.cluster.api + "/events", env.agent)  # and through nginx, unbuffered
    try:
        agent.wait_connected(5)
        customer.wait_connected(5)
        proxied.wait_connected(5)
        latencies, through_nginx = [], []
        for round_ in range(5):
            posted_at = time.monotonic()
            comment = _comment(third.base, env.agent, ticket["id"], f"{env.tag} round {round_}",
                               internal=round_ == 2)
            event = agent.events_until(
                lambda e: e.event == "comment.created" and e.json()["comment"]["id"] == comment["id"], 5)[-1]
            latencies.append(event.received_at - posted_at)
            event = proxied.events_until(
                lambda e: e.event == "comment.created" and e.json()["comment"]["id"] == comment["id"], 5)[-1]
            through_nginx.append(event.received_at - posted_at)
        print(f"\nfan-out latencies (s): {[round(x, 4) for x in latencies]}, "
              f"through nginx {[round(x, 4) for x in through_nginx]}")
        assert max(latencies) < FANOUT_LIMIT, f"post on instance 3 -> event on instance 1: {latencies}"
        assert max(through_nginx) < FANOUT_LIMIT, f"post on instance 3 -> event through nginx: {through_nginx}"
        # The policy holds on every instance: instance 2's customer stream has the public four, not the note.
        got = customer.events_until(lambda e: e.event == "comment.created"
                                    and e.json()["comment"]["text"].endswith("round 4"), 5)
        texts = [e.json()["comment"]["text"] for e in got if e.event == "comment.created"]
        assert texts == [f"{env.tag} round {n}" for n in (0, 1, 3, 4)]
    finally:
        for stream in (agent, customer, proxied):
            stream.close()


@dataclass
class Write:
    started: float
    finished: float = 0.0
    status: int | None = None  # None: no answer (the connection broke)
    comment_id: int | None = None
    ticket_id: int = 0
    text: str = ""
    error: str = ""


@dataclass
class Load:
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)


def _writer(api: str, token: str, tickets: list[int], number: int, load: Load) -> None:
    with requests.Session() as session:
        session.headers.update(auth(token))
        i = 0
        while not load.stop.is_set():
            ticket_id = tickets[(number + i) % len(tickets)]
            write = Write(time.monotonic(), ticket_id=ticket_id, text=f"load w{number} #{i}")
            try:
                response = session.post(f"{api}/tickets/{ticket_id}/comments", json={"text": write.text}, timeout=10)
                write.status = response.status_code
                if response.status_code == 201:
                    write.comment_id = response.json()["id"]
                else:
                    write.error = response.text[:200]
            except requests.RequestException as error:
                write.error = f"{type(error).__name__}: {error}"[:200]
            write.finished = time.monotonic()
            with load.lock:
                load.writes.append(write)
            i += 1


def test_kill_9_one_instance_under_write_load(env):
    cluster = env.cluster
    tickets = [_ticket(cluster.base, env.customer, f"{env.tag} load {n}")["id"] for n in range(4)]
    # Agents' streams through nginx: round-robin puts them on different instances.
    streams = [ReconnectingStream(cluster.api + "/events", env.agent) for _ in range(3)]
    load = Load()
    threads: list[threading.Thread] = []
    victim = None
    try:
        for stream in streams:
            stream.wait_connected(10)
        on = [cluster.instance_of(stream.upstream) for stream in streams]
        victim = on[0]
        assert victim is not None, f"no X-Upstream on the stream: {streams[0].connections}"

        threads = [threading.Thread(target=_writer, args=(cluster.api, env.agent, tickets, n, load), daemon=True)
                   for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        def run_until(since: float, enough) -> None:
            while time.monotonic() - since < LOAD_LIMIT:
                with load.lock:
                    writes = list(load.writes)
                if time.monotonic() - since >= KILL_AFTER and enough(writes):
                    return
                time.sleep(0.05)

        started = time.monotonic()
        run_until(started, lambda writes: sum(w.status == 201 for w in writes) >= MIN_WRITES)
        killed_at = time.monotonic()
        cluster.kill(victim)
        run_until(killed_at, lambda writes: sum(w.started > killed_at + SETTLE for w in writes) >= MIN_WRITES)
        load.stop.set()
        for thread in threads:
            thread.join(15)
        assert not any(t.is_alive() for t in threads), "a writer did not stop"

        # The writes: plenty on both sides of the kill; only those in flight at the kill may have failed.
        before = [w for w in load.writes if w.started < killed_at]
        settled = [w for w in load.writes if w.started > killed_at + SETTLE]
        assert len(before) >= MIN_WRITES // 2 and len(settled) >= MIN_WRITES // 2, (len(before), len(settled))
        failed_before = [w for w in before if w.status != 201 and w.finished < killed_at]
        assert not failed_before, failed_before[:5]
        failed_after = [w for w in settled if w.status != 201]
        assert not failed_after, f"{len(failed_after)} writes failed after the kill: {failed_after[:5]}"

        # The other instances keep answering.
        for index, server in enumerate(cluster.instances):
            if index == victim:
                continue
            assert requests.get(server.base + "/api/health/ready", timeout=5).status_code == 200
            response = requests.get(f"{server.api}/tickets/{tickets[0]}", headers=auth(env.agent), timeout=5)
            assert response.status_code == 200, response.text

        # Every write answered 201 is stored (asked through nginx, so of a live instance).
        stored: dict[int, str] = {}
        for ticket_id in tickets:
            stored.update(_comments_on(cluster.base, env.agent, ticket_id))
        acknowledged = {w.comment_id: w.text for w in load.writes if w.status == 201}
        lost = {i: t for i, t in acknowledged.items() if stored.get(i) != t}
        failures = [(round(w.started - killed_at, 3), w.status, w.error[:60]) for w in load.writes if w.status != 201]
        print(f"\nkill -9 instance {victim + 1}: {len(load.writes)} writes, {len(acknowledged)} answered 201, "
              f"{len(stored)} stored; streams on instances {[i + 1 for i in on]}; failed writes {failures}")
        assert not lost, f"{len(lost)} acknowledged comments are not stored: {list(lost.items())[:5]}"

        # Every stream has every stored comment once, in order, the victim's stream after reconnecting.
        def received(stream) -> list[int]:
            return [e.json()["comment"]["id"] for e in stream.snapshot()
                    if e.event == "comment.created" and e.json()["ticket_id"] in tickets]

        deadline = time.monotonic() + CATCH_UP
        for stream in streams:
            stream.wait_for(lambda _events, s=stream: set(stored) <= set(received(s)),
                            max(0.0, deadline - time.monotonic()))
        for number, stream in enumerate(streams):
            ids = received(stream)
            missing = set(stored) - set(ids)
            assert not missing, (f"stream {number} (on instance {on[number] + 1}) missed {len(missing)} of "
                                 f"{len(stored)} comments, e.g. {sorted(missing)[:5]}; {stream.connections}")
            assert set(ids) == set(stored), f"stream {number}: comments that are not stored: {set(ids) - set(stored)}"
            event_ids = [e.number for e in stream.snapshot()]
            assert event_ids == sorted(set(event_ids)), f"stream {number}: repeated or out-of-order events"
        reconnected = streams[0].connections
        assert len(reconnected) >= 2, f"the victim's stream never reconnected: {reconnected}"
        after = [c for c in reconnected[1:] if c.status == 200]
        assert after and all(cluster.instance_of(c.upstream) != victim for c in after), reconnected
        assert reconnected[-1].last_event_id is not None, "the reconnect did not send Last-Event-ID"
    finally:
        load.stop.set()
        for stream in streams:
            stream.close()
        # Back on its old port, the instance rejoins (and the tests after this one have three again).
        if victim is not None:
            cluster.restart(victim)
    assert requests.get(cluster.instances[victim].base + "/api/health/ready", timeout=5).status_code == 200


def test_sigterm_ends_streams_and_exits_while_the_others_take_over(env):
    """SIGTERM drains: the open event stream ends (it does not hold the shutdown open), the process
    exits cleanly, and a client following the stream through nginx carries on at another instance."""
    cluster = env.cluster
    followers = [ReconnectingStream(cluster.api + "/events", env.agent) for _ in range(3)]
    index = None
    try:
        for follower in followers:
            follower.wait_connected(10)
        # Each has an event, so that it reconnects with Last-Event-ID whenever that happens.
        ticket = _ticket(cluster.base, env.customer, f"{env.tag} sigterm")
        for follower in followers:
            assert follower.wait_for(lambda events: any(e.json().get("ticket_id") == ticket["id"] for e in events), 5)
        index = cluster.instance_of(followers[0].upstream)
        server = cluster.instances[index]
        direct = SSEStream(server.api + "/events", env.agent)
        direct.wait_connected(5)
        started = time.monotonic()
        status = server.stop()
        took = time.monotonic() - started
        assert status == 0 and took < 10, f"exit status {status} after {took:.1f} s"
        direct.wait_closed(1)
        comment = _comment(cluster.base, env.agent, ticket["id"], f"{env.tag} after sigterm")
        assert followers[0].wait_for(lambda events: any(
            e.event == "comment.created" and e.json()["comment"]["id"] == comment["id"] for e in events), 10), \
            followers[0].connections
        assert cluster.instance_of(followers[0].upstream) != index
        assert followers[0].connections[-1].last_event_id is not None
    finally:
        for follower in followers:
            follower.close()
        if index is not None:
            cluster.restart(index)


def _session_cache(server) -> tuple[bool, float]:
    """Whether the instance's session cache is on (its PostgreSQL listener is connected), and its hits."""
    text = requests.get(server.base + "/metrics", timeout=5).text
    values = {line.split()[0]: float(line.split()[1]) for line in text.splitlines()
              if line.startswith("helpdesk_session_cache_")}
    return values.get("helpdesk_session_cache_on") == 1, values.get("helpdesk_session_cache_hits", 0)


def test_a_role_change_deactivation_or_sign_out_on_one_instance_applies_to_the_next_request_on_every_other(env):
    """Each instance caches who is behind a session; a change on one must reach the others' caches
    (PostgreSQL NOTIFY) before their next request. Every instance answers once first, so each has
    the session cached when the change happens."""
    first, second, third = env.cluster.instances
    emails = {name: first.create_user(f"{env.tag}_{name}", "agent") for name in ("demoted", "off", "out")}
    tokens = {name: first.login(email) for name, email in emails.items()}
    hits_before = [_session_cache(server)[1] for server in (first, second, third)]
    for token in tokens.values():
        for server in (first, second, third):
            for _ in range(2):
                assert requests.get(server.api + "/tags", headers=auth(token), timeout=5).status_code == 200
    for server, before in zip((first, second, third), hits_before):
        on, hits = _session_cache(server)
        assert on and hits >= before + 3, (server.base, on, before, hits)  # the second of each pair

    def user_id(name):
        response = requests.get(first.api + "/users", params={"q": f"{env.tag}_{name}"}, headers=auth(env.admin),
                                timeout=5)
        return next(u["id"] for u in response.json()["items"] if u["username"] == f"{env.tag}_{name}")

    changed = requests.patch(f"{first.api}/users/{user_id('demoted')}", json={"role": "customer"},
                             headers=auth(env.admin), timeout=5)
    assert changed.status_code == 200, changed.text
    for server in (second, third, first):
        assert_json_error(requests.get(server.api + "/tags", headers=auth(tokens["demoted"]), timeout=5), 403)

    changed = requests.patch(f"{second.api}/users/{user_id('off')}", json={"active": False},
                             headers=auth(env.admin), timeout=5)
    assert changed.status_code == 200, changed.text
    for server in (first, third, second):
        assert_json_error(requests.get(server.api + "/auth/me", headers=auth(tokens["off"]), timeout=5), 401)

    assert requests.post(third.api + "/auth/logout", headers=auth(tokens["out"]), timeout=5).status_code == 204
    for server in (first, second, third):
        assert_json_error(requests.get(server.api + "/auth/me", headers=auth(tokens["out"]), timeout=5), 401)


# --- the throttle, last: it fills throttle buckets ------------------------------------------------------

_addresses = (f"127.0.0.{n}" for n in range(60, 250))


def _login_from(server, email: str, password: str) -> requests.Response:
    """A sign-in from a loopback address of its own, so that only the email's bucket counts it."""
    with requests.Session() as session:
        session.mount("http://", SourceAddressAdapter(next(_addresses)))
        return session.post(server.api + "/auth/login", json={"email": email, "password": password}, timeout=10)


@pytest.mark.skipif(not loopback_aliases_work(), reason="cannot bind 127.0.0.2 as a source address")
def test_the_11th_failed_sign_in_is_429_on_every_instance(env):
    email = f"{env.tag}_thr@hardening.test"
    register(env.cluster.base, f"{env.tag}_thr", email)
    instances = env.cluster.instances
    for attempt in range(LOGIN_MAX):
        response = _login_from(instances[attempt % 3], email, "wrong-password")
        assert response.status_code == 401, (attempt + 1, response.status_code, response.text)
    for index, server in enumerate(instances):
        for password in ("wrong-password", PASSWORD):
            response = _login_from(server, email, password)
            assert_json_error(response, 429)
            assert response.headers.get("Retry-After", "").isdigit(), (index, response.headers)
    # The email's bucket, not the addresses': another account signs in from a fresh address.
    other = f"{env.tag}_thr2@hardening.test"
    register(env.cluster.base, f"{env.tag}_thr2", other)
    assert _login_from(instances[0], other, PASSWORD).status_code == 200
