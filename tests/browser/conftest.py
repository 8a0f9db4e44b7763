"""Browser tests against the real Helpdesk server on a throw-away SQLite database.

Environment:
  HELPDESK_BIN  server binary (default: .build/debug/helpdesk in the repository)
  CHROMIUM      browser binary (default: /usr/bin/chromium); Playwright never downloads one
"""

import contextlib
import json
import os
import re
import secrets
import socket
import string
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from helpers import PASSWORD, png

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
STARTUP_SECONDS = 90

# Chromium logs every failed request as a console error; tests that expect one say so.
RESOURCE_ERROR = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base_url: str
    binary: str
    env: dict
    log_path: Path

    def cli(self, *args, stdin=None):
        return subprocess.run(
            [self.binary, *args], env=self.env, input=stdin, capture_output=True, text=True, timeout=120, check=True
        )

    def api(self, method, path, body=None, token=None):
        """Calls the JSON API directly (for setting up data); returns (status, body)."""
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, json.loads(text) if text else None

    def upload(self, ticket_id, filename, content, token):
        boundary = "----helpdesk" + secrets.token_hex(8)
        body = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{filename}\"\r\n"
            "Content-Type: image/png\r\n\r\n"
        ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"{self.base_url}/api/tickets/{ticket_id}/images",
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode())

    def create_user(self, username, role, password=PASSWORD):
        email = f"{username}@example.com"
        self.cli("create-user", "--username", username, "--email", email, "--role", role, "--password-stdin",
                 stdin=password + "\n")
        return {"username": username, "email": email, "password": password, "role": role}

    def login(self, account):
        status, body = self.api("POST", "/api/auth/login", {"email": account["email"], "password": account["password"]})
        assert status == 200, body
        return body


def wait_until_healthy(server, process):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"helpdesk serve exited with {process.returncode}:\n{server.log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(server.base_url + "/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"helpdesk did not answer /api/health within {STARTUP_SECONDS} s:\n{server.log_path.read_text()[-4000:]}")


@contextlib.contextmanager
def running_server(workdir):
    """Migrates a fresh SQLite database in `workdir` and serves the built frontend from it."""
    binary = os.environ.get("HELPDESK_BIN", str(REPO / ".build" / "debug" / "helpdesk"))
    if not os.access(binary, os.X_OK):
        pytest.exit(f"No server binary at {binary}: build it or set HELPDESK_BIN", returncode=2)
    if not (REPO / "frontend" / "dist" / "index.html").exists():
        pytest.exit("frontend/dist is missing: run `node frontend/build.mjs` first", returncode=2)

    alphabet = string.ascii_letters + string.digits
    env = {
        **os.environ,
        "SQLITE_PATH": str(workdir / "hd.sqlite"),
        "PUBLIC_DIR": str(REPO / "frontend" / "dist"),
        "JWT_SECRET": "".join(secrets.choice(alphabet) for _ in range(64)),
        "THROTTLE_ENABLED": "false",
        "BCRYPT_COST": "4",
        "LOG_LEVEL": "warning",
    }
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", binary, env, workdir / "server.log")
    server.cli("migrate")

    with open(server.log_path, "w") as log:
        process = subprocess.Popen(
            [binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=workdir,
        )
    try:
        wait_until_healthy(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("helpdesk")) as server:
        yield server


@pytest.fixture(scope="session")
def staff(server):
    """An agent and an admin made with `helpdesk create-user`, as the task describes."""
    return {
        "agent": server.create_user("agent.alex", "agent"),
        "admin": server.create_user("admin.ada", "admin"),
    }


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"]
        )
        yield browser
        browser.close()


@dataclass
class TrackedPage:
    """A page plus the console errors it produced and the HTTP statuses the test expects to fail."""

    page: object
    expected_statuses: set = field(default_factory=set)
    errors: list = field(default_factory=list)

    def unexpected_errors(self):
        problems = []
        for text in self.errors:
            match = RESOURCE_ERROR.search(text)
            if match and int(match.group(1)) in self.expected_statuses:
                continue
            problems.append(text)
        return problems


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def open_page(browser, server, request):
    """Opens pages in fresh browser contexts. Every page must end the test with a clean console;
    when the test fails each page is saved to test-artifacts/."""
    tracked = []
    contexts = []

    def open_page(*, session=None, expected_statuses=(), base_url=None, **context_options):
        origin = base_url or server.base_url
        context_options.setdefault("viewport", {"width": 1280, "height": 800})
        context_options.setdefault("reduced_motion", "reduce")
        if session:
            context_options["storage_state"] = {
                "cookies": [],
                "origins": [{
                    "origin": origin,
                    "localStorage": [
                        {"name": "helpdesk.token", "value": session["token"]},
                        {"name": "helpdesk.user", "value": json.dumps(session["user"])},
                    ],
                }],
            }
        context = browser.new_context(base_url=origin, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        entry = TrackedPage(page, set(expected_statuses))
        page.on("console", lambda message: message.type == "error" and entry.errors.append(message.text))
        page.on("pageerror", lambda error: entry.errors.append(f"uncaught: {error}"))
        tracked.append(entry)
        page.tracked = entry
        return page

    yield open_page

    call_report = getattr(request.node, "report_call", None)
    if call_report is not None and call_report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for index, entry in enumerate(tracked):
            try:
                entry.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{index}.png"), full_page=True)
            except Exception as error:  # the page may be gone; the report says why the test failed
                print(f"could not save a screenshot: {error}")
    problems = [text for entry in tracked for text in entry.unexpected_errors()]
    for context in contexts:
        context.close()
    if call_report is not None and call_report.passed and problems:
        pytest.fail("browser console errors:\n" + "\n".join(problems))


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """A second server with `helpdesk seed` data and one hand-made ticket, for screenshots and paging."""
    with running_server(tmp_path_factory.mktemp("demo")) as server:
        server.cli("seed", "--tickets", "40")
        agent = server.create_user("maria.support", "agent")
        agent_session = server.login(agent)
        status, customer = server.api("POST", "/api/auth/register", {
            "username": "jonas", "email": "jonas@example.com", "password": PASSWORD})
        assert status == 201, customer
        status, ticket = server.api("POST", "/api/tickets", {
            "title": "Payroll report export stops at 80 %",
            "description": "When I export the monthly payroll report the progress bar stops at 80 % "
                           "and nothing is downloaded.\n\nI tried Firefox and Chrome; same result.",
            "priority": "high",
        }, token=customer["token"])
        assert status == 201, ticket
        for seed, name in ((1, "progress-bar.png"), (4, "console-errors.png")):
            server.upload(ticket["id"], name, png(width=320, height=200, seed=seed), customer["token"])
        comments = [
            (agent_session, "Thanks Jonas! Which month were you exporting, and roughly how many employees?", False),
            (customer, "March, about 1,200 people.", False),
            (agent_session, "Reproduced with the March data set: the export job times out after 60 s.", True),
        ]
        for session, text, internal in comments:
            server.api("POST", f"/api/tickets/{ticket['id']}/comments", {"text": text, "internal": internal},
                       token=session["token"])
        server.api("PATCH", f"/api/tickets/{ticket['id']}",
                   {"status": "in_progress", "assignee_id": agent_session["user"]["id"]}, token=agent_session["token"])
        yield {"server": server, "agent": agent_session, "ticket": ticket}
