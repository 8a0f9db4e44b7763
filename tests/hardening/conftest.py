"""Fixtures for the hardening tests: real Helpdesk server binaries, started on 127.0.0.1.

Starting, stopping and signing in live in tests/harness (shared with the browser tests and the
benchmark); this file adds what is particular to pytest here. The binary comes from $HELPDESK_BIN
(default .build/debug/helpdesk) and is copied once per session, because the build rebuilds it in place.

Every server gets its own temporary directory (SQLite file, working directory, log file). When a test
fails, the logs of the servers it used are copied to $HARDENING_LOG_DIR (default
<tmp>/helpdesk-hardening-logs/<test name>/) and their tail is printed in the test report.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

import pytest
import requests

from helpdesk_api import PASSWORD
from helpdesk_server import SPEC_PATH, HelpdeskServer, binary_from_env, copy_binary

__all__ = ["PASSWORD", "SPEC_PATH", "PNG_1X1", "assert_json_error", "auth", "fuzz_seed"]

LOG_DIR = Path(os.environ.get("HARDENING_LOG_DIR") or Path(tempfile.gettempdir()) / "helpdesk-hardening-logs")
EMAIL_DOMAIN = "hardening.test"


@pytest.fixture(scope="session")
def helpdesk_bin(tmp_path_factory) -> Path:
    try:
        return copy_binary(binary_from_env(), tmp_path_factory.mktemp("bin"))
    except FileNotFoundError as error:
        pytest.fail(str(error))


class ServerFactory:
    """Makes servers for one test (or module) and cleans them up, saving their logs on failure."""

    def __init__(self, binary: Path, tmp_root: Path):
        self.binary = binary
        self.tmp_root = tmp_root
        self.servers: list[HelpdeskServer] = []

    def make(self, *, database_url: str | None = None, extra_env: dict[str, str] | None = None,
             migrate: bool = True) -> HelpdeskServer:
        workdir = Path(tempfile.mkdtemp(prefix="srv-", dir=self.tmp_root))
        env = {"DATABASE_URL": database_url} if database_url else {}
        env.update(extra_env or {})
        server = HelpdeskServer(self.binary, workdir, env, email_domain=EMAIL_DOMAIN)
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


def fuzz_seed(variable: str, fixed: int) -> int:
    """The seed of a fuzz test: `fixed`, so that `make test` runs the same cases every time, unless
    $variable names one (to replay a failure) or says `random` (as `make fuzz` does)."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return fixed
    if raw == "random":
        return random.SystemRandom().randrange(2**31)
    return int(raw)


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
