"""Regression tests for defects found by probing a running server, one test per defect.

Self-contained (no conftest fixtures): each test starts its own server from $HELPDESK_BIN
(default .build/debug/helpdesk) with a fresh SQLite database, and asserts the fixed behaviour.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("HELPDESK_BIN") or str(REPO / ".build" / "debug" / "helpdesk")
PASSWORD = "correct horse battery staple"
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


class Server:
    def __init__(self, workdir: str):
        self.workdir = workdir
        self.env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        self.env.update({
            "SQLITE_PATH": os.path.join(workdir, "hd.sqlite"), "JWT_SECRET": secrets.token_hex(32),
            "BCRYPT_COST": "10", "THROTTLE_ENABLED": "true", "THROTTLE_LOGIN_MAX": "10",
            "PUBLIC_DIR": "/nonexistent", "OPENAPI_PATH": str(REPO / "openapi.yml"),
        })
        self.process: subprocess.Popen | None = None
        self.api = ""

    def run(self, *args: str, stdin: str | None = None) -> None:
        result = subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True,
                                env=self.env, cwd=self.workdir, timeout=120)
        assert result.returncode == 0, f"helpdesk {args[0]} failed: {result.stdout}{result.stderr}"

    def start(self) -> None:
        self.run("migrate")
        log_path = os.path.join(self.workdir, "server.log")
        for _attempt in range(3):  # the free port may be taken before the server binds it
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            self.api = f"http://127.0.0.1:{port}/api"
            with open(log_path, "ab") as log:
                self.process = subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                                                env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and self.process.poll() is None:
                if self.healthy():
                    return
                time.sleep(0.1)
            self.stop()
        raise AssertionError("the server did not become healthy:\n" + Path(log_path).read_text(errors="replace")[-3000:])

    def healthy(self) -> bool:
        try:
            return requests.get(self.api + "/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=15)

    def user(self, name: str, role: str = "customer") -> tuple[str, str]:
        """Creates a user with the CLI; returns (email, token)."""
        email = f"{name}@probe.test"
        self.run("create-user", "--username", name, "--email", email, "--role", role, "--password-stdin",
                 stdin=PASSWORD + "\n")
        return email, self.login(email)

    def login(self, email: str, password: str = PASSWORD) -> str:
        response = requests.post(self.api + "/auth/login", json={"email": email, "password": password}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def call(self, method: str, path: str, token: str, headers: dict | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}", **(headers or {})}
        return requests.request(method, self.api + path, headers=headers, timeout=60, **kwargs)

    def ticket(self, token: str, title: str = "Printer on fire") -> dict:
        response = self.call("POST", "/tickets", token, json={"title": title, "description": "help"})
        assert response.status_code == 201, response.text
        time.sleep(0.01)  # distinct created_at milliseconds
        return response.json()


@pytest.fixture
def server():
    with tempfile.TemporaryDirectory(prefix="probe-") as workdir:
        srv = Server(workdir)
        try:
            srv.start()
            yield srv
        finally:
            srv.stop()


def test_malformed_part_header_is_a_400_not_a_crash(server):
    _, token = server.user("alice")
    ticket = server.ticket(token)
    body = b"--XB\r\n\xc2\x86: x\r\n\r\nhello\r\n--XB--\r\n"
    response = server.call("POST", f"/tickets/{ticket['id']}/images", token, data=body,
                           headers={"Content-Type": "multipart/form-data; boundary=XB"})
    assert response.status_code == 400, response.text
    assert response.json().get("reason")
    assert server.healthy()


def test_parallel_wrong_logins_are_throttled_exactly(server):
    email, _ = server.user("alice")
    barrier = threading.Barrier(20)
    statuses: list[int] = []

    def attempt() -> None:
        barrier.wait()
        response = requests.post(server.api + "/auth/login", json={"email": email, "password": "wrong password!"},
                                 timeout=60)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [401] * 10 + [429] * 10


def test_internal_note_does_not_move_updated_at_for_the_customer(server):
    _, customer = server.user("alice")
    _, agent = server.user("agnes", "agent")
    ticket = server.ticket(customer)
    seen = lambda: server.call("GET", f"/tickets/{ticket['id']}", customer).json()["updated_at"]  # noqa: E731
    before = seen()
    time.sleep(0.02)
    note = server.call("POST", f"/tickets/{ticket['id']}/comments", agent, json={"text": "secret", "internal": True})
    assert note.status_code == 201, note.text
    assert seen() == before
    time.sleep(0.02)
    reply = server.call("POST", f"/tickets/{ticket['id']}/comments", agent, json={"text": "on it"})
    assert reply.status_code == 201, reply.text
    assert seen() != before


def test_cursor_does_not_reveal_other_customers_tickets(server):
    _, alice = server.user("alice")
    _, bob = server.user("bob")
    server.ticket(alice, "a1")
    b = server.ticket(bob, "b")
    server.ticket(alice, "a2")

    def page(raw: str) -> tuple[int, list]:
        cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
        response = server.call("GET", "/tickets", alice, params={"cursor": cursor, "limit": 10})
        return response.status_code, [t["id"] for t in response.json().get("items", [])]

    assert page(f"0:{b['id']}") == page(f"0:{b['id'] + 1000}")


def test_title_limit_counts_code_points_not_graphemes(server):
    _, token = server.user("alice")
    body = json.dumps({"title": "a" + "\u0301" * 300000, "description": "x"}, ensure_ascii=False).encode()
    response = server.call("POST", "/tickets", token, data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text[:300]


def test_wrong_current_passwords_are_throttled(server):
    _, token = server.user("alice")
    for _ in range(10):
        response = server.call("POST", "/auth/password", token,
                               json={"current_password": "not my password", "new_password": "a brand new password"})
        assert response.status_code == 422, response.text
    response = server.call("POST", "/auth/password", token,
                           json={"current_password": PASSWORD, "new_password": "a brand new password"})
    assert response.status_code == 429, response.text
    assert response.headers.get("Retry-After")


def test_deleted_ticket_ids_are_not_reused(server):
    _, admin = server.user("root", "admin")
    server.ticket(admin, "t1")
    t2 = server.ticket(admin, "t2")
    assert server.call("DELETE", f"/tickets/{t2['id']}", admin).status_code == 204
    t3 = server.ticket(admin, "t3")
    assert t3["id"] > t2["id"]


def test_logout_and_logout_all_end_sessions(server):
    email, first = server.user("alice")
    second = server.login(email)
    third = server.login(email)
    assert server.call("POST", "/auth/logout", first).status_code == 204
    assert server.call("GET", "/auth/me", first).status_code == 401
    assert server.call("GET", "/auth/me", second).status_code == 200
    assert server.call("POST", "/auth/logout-all", second).status_code == 204
    assert server.call("GET", "/auth/me", second).status_code == 401
    assert server.call("GET", "/auth/me", third).status_code == 401


def test_stored_filename_takes_the_detected_extension(server):
    _, token = server.user("alice")
    ticket = server.ticket(token)
    response = server.call("POST", f"/tickets/{ticket['id']}/images", token,
                           files={"image": ("evil.html", PNG_1X1, "text/html")})
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == "evil.png"
    image = server.call("GET", f"/images/{response.json()['id']}", token)
    assert image.status_code == 200
    assert unquote(image.headers.get("Content-Disposition", "")).endswith("''evil.png")


def test_me_is_not_cached(server):
    _, token = server.user("alice")
    response = server.call("GET", "/auth/me", token)
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") == "no-store"
