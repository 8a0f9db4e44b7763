"""Fixtures for the hardening tests: a real Helpdesk server binary, started on 127.0.0.1.

The binary comes from $HELPDESK_BIN (default .build/debug/helpdesk). It is copied once per session
to a temporary directory, because the build rebuilds it in place.

Every server gets its own temporary directory (SQLite file, working directory, log file). When a test
fails, the logs of the servers it used are copied to $HARDENING_LOG_DIR (default
<tmp>/helpdesk-hardening-logs/<test name>/) and their tail is printed in the test report.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "openapi.yml"
DEFAULT_BIN = REPO / ".build" / "debug" / "helpdesk"
LOG_DIR = Path(os.environ.get("HARDENING_LOG_DIR") or Path(tempfile.gettempdir()) / "helpdesk-hardening-logs")

PASSWORD = "correct-horse-battery"
STARTUP_TIMEOUT = 60.0
COMMAND_TIMEOUT = 120.0

# Settings the server reads that a developer's shell might carry; the tests set what they need.
_SCRUBBED_ENV = (
    "DATABASE_URL", "SQLITE_PATH", "JWT_SECRET", "JWT_SECRET_FILE", "BCRYPT_COST", "OPENAPI_PATH",
    "PUBLIC_DIR", "CORS_ORIGINS", "THROTTLE_ENABLED", "THROTTLE_WINDOW_SECONDS", "THROTTLE_LOGIN_MAX",
    "THROTTLE_REGISTER_MAX", "TOKEN_TTL_SECONDS", "LOG_LEVEL",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HelpdeskServer:
    """One server process plus the database and settings it runs with; can be killed and restarted."""

    def __init__(self, binary: Path, workdir: Path, env: dict[str, str]):
        self.binary = binary
        self.workdir = workdir
        self.env = env
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.log_path = workdir / "server.log"
        self.command_log_path = workdir / "commands.log"
        self.starts = 0

    # --- settings -------------------------------------------------------------------------------

    @property
    def base(self) -> str:
        assert self.port is not None, "server not started"
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return self.base + "/api"

    @property
    def sqlite_path(self) -> Path | None:
        if "DATABASE_URL" in self.env:
            return None
        return Path(self.env["SQLITE_PATH"])

    @property
    def jwt_secret(self) -> str:
        return self.env["JWT_SECRET"]

    # --- commands -------------------------------------------------------------------------------

    def command(self, *args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(self.binary), *args], input=stdin, capture_output=True, text=True, env=self.env,
            cwd=self.workdir, timeout=COMMAND_TIMEOUT,
        )
        with open(self.command_log_path, "a", encoding="utf-8", errors="replace") as log:
            log.write(f"$ helpdesk {' '.join(args)}  -> {result.returncode}\n{result.stdout}{result.stderr}\n")
        if check and result.returncode != 0:
            raise AssertionError(
                f"helpdesk {' '.join(args)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def migrate(self) -> None:
        self.command("migrate")

    def seed(self, tickets: int) -> None:
        self.command("seed", "--tickets", str(tickets))

    def create_user(self, username: str, role: str, password: str = PASSWORD, email: str | None = None) -> str:
        email = email or f"{username}@hardening.test"
        self.command("create-user", "--username", username, "--email", email, "--role", role, "--password-stdin",
                     stdin=password + "\n")
        return email

    # --- process --------------------------------------------------------------------------------

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        last_error = ""
        for _attempt in range(3):
            self.port = free_port()
            log = open(self.log_path, "ab")
            log.write(f"\n===== start #{self.starts + 1} on port {self.port} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [str(self.binary), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
            log.close()
            self.starts += 1
            if self._wait_healthy():
                return
            last_error = self.log_tail(40)
            self._terminate(signal.SIGKILL)
        raise AssertionError(f"the server did not become healthy:\n{last_error}")

    def _wait_healthy(self) -> bool:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                if requests.get(self.api + "/health", timeout=2).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.1)
        return False

    def _terminate(self, sig: int, timeout: float = 15.0) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=timeout)

    def stop(self) -> int | None:
        """A graceful stop (SIGTERM, then SIGKILL after 15 s); returns the exit status."""
        return self._terminate(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: no chance to flush or close anything."""
        self._terminate(signal.SIGKILL)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def restart(self) -> None:
        self.stop()
        self.start()

    # --- logs and helpers -----------------------------------------------------------------------

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def login(self, email: str, password: str = PASSWORD) -> str:
        response = requests.post(self.api + "/auth/login", json={"email": email, "password": password}, timeout=30)
        assert response.status_code == 200, f"login {email}: {response.status_code} {response.text}"
        return response.json()["token"]

    def register(self, username: str, password: str = PASSWORD) -> tuple[str, dict]:
        email = f"{username}@hardening.test"
        response = requests.post(
            self.api + "/auth/register", json={"username": username, "email": email, "password": password}, timeout=30)
        assert response.status_code == 201, f"register {username}: {response.status_code} {response.text}"
        body = response.json()
        return body["token"], body["user"]


def _binary_source() -> Path:
    return Path(os.environ.get("HELPDESK_BIN") or DEFAULT_BIN)


@pytest.fixture(scope="session")
def helpdesk_bin(tmp_path_factory) -> Path:
    source = _binary_source()
    if not source.is_file():
        pytest.fail(f"no server binary at {source} (set HELPDESK_BIN)")
    target = tmp_path_factory.mktemp("bin") / "helpdesk"
    shutil.copy2(source, target)
    target.chmod(0o755)
    return target


class ServerFactory:
    """Makes servers for one test (or module) and cleans them up, saving their logs on failure."""

    def __init__(self, binary: Path, tmp_root: Path):
        self.binary = binary
        self.tmp_root = tmp_root
        self.servers: list[HelpdeskServer] = []

    def make(self, *, database_url: str | None = None, extra_env: dict[str, str] | None = None,
             migrate: bool = True) -> HelpdeskServer:
        workdir = Path(tempfile.mkdtemp(prefix="srv-", dir=self.tmp_root))
        env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}
        env.update({
            "SQLITE_PATH": str(workdir / "hd.sqlite"),
            "JWT_SECRET": secrets.token_hex(32),
            "BCRYPT_COST": "4",
            "OPENAPI_PATH": str(SPEC_PATH),
            "PUBLIC_DIR": str(workdir / "nonexistent"),
            "THROTTLE_ENABLED": "false",
        })
        if database_url:
            env["DATABASE_URL"] = database_url
        env.update(extra_env or {})
        server = HelpdeskServer(self.binary, workdir, env)
        self.servers.append(server)
        if migrate:
            server.migrate()
        return server

    def close(self, failed: bool, name: str) -> None:
        for server in self.servers:
            if server.is_running():
                server.stop()
        if not failed:
            return
        target = LOG_DIR / name.replace("/", "_").replace("::", "__")
        target.mkdir(parents=True, exist_ok=True)
        for index, server in enumerate(self.servers):
            for path in (server.log_path, server.command_log_path):
                if path.exists():
                    shutil.copy2(path, target / f"server{index}-{path.name}")
            print(f"\n--- server {index} log tail (full log in {target}) ---\n{server.log_tail(80)}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        item.session.__dict__.setdefault("_hardening_failed", set()).add(item.nodeid)
        module = item.nodeid.split("::")[0]
        item.session.__dict__.setdefault("_hardening_failed_modules", set()).add(module)


@pytest.fixture
def servers(request, helpdesk_bin, tmp_path):
    """Per-test server factory: `servers.make(...)` then `.start()`."""
    factory = ServerFactory(helpdesk_bin, tmp_path)
    yield factory
    failed = request.node.nodeid in request.session.__dict__.get("_hardening_failed", set())
    factory.close(failed, request.node.nodeid)


@pytest.fixture(scope="module")
def module_servers(request, helpdesk_bin, tmp_path_factory):
    """Per-module server factory, for modules whose tests share one server."""
    factory = ServerFactory(helpdesk_bin, tmp_path_factory.mktemp("module"))
    yield factory
    module = request.node.nodeid.split("::")[0]
    failed = module in request.session.__dict__.get("_hardening_failed_modules", set())
    factory.close(failed, request.node.nodeid)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    return url


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_json_error(response: requests.Response, statuses) -> dict:
    """A 4xx from the allowed set, with the JSON `ErrorResponse` body."""
    if isinstance(statuses, int):
        statuses = {statuses}
    assert response.status_code in statuses, f"expected {sorted(statuses)}, got {response.status_code}: {response.text[:500]}"
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    body = response.json()
    assert body.get("error") is True, body
    assert isinstance(body.get("reason"), str) and body["reason"], body
    return body


# A tiny valid PNG (1x1, transparent).
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
