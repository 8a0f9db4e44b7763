"""Browser tests against the real Helpdesk server on a throw-away SQLite database.

Environment:
  HELPDESK_BIN  server binary (default: .build/debug/helpdesk in the repository)
  CHROMIUM      browser binary (default: /usr/bin/chromium); Playwright never downloads one
"""

import contextlib
import json
import os
import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import sync_playwright

from helpdesk_api import PASSWORD
from helpdesk_server import REPO, HelpdeskServer, binary_from_env
from helpers import png

ARTIFACTS = REPO / "test-artifacts"
WEB_APP = REPO / "frontend" / "dist"

# Chromium logs every failed request as a console error; tests that expect one say so.
RESOURCE_ERROR = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


@contextlib.contextmanager
def running_server(workdir, extra_env=None):
    """A migrated server on a fresh SQLite database in `workdir`, serving the built web app;
    `extra_env` adds settings (e.g. how often the mail worker looks for due mail)."""
    binary = binary_from_env()
    if not os.access(binary, os.X_OK):
        pytest.exit(f"No server binary at {binary}: build it or set HELPDESK_BIN", returncode=2)
    if not (WEB_APP / "index.html").exists():
        pytest.exit("frontend/dist is missing: run `node frontend/build.mjs` first", returncode=2)

    env = {"PUBLIC_DIR": str(WEB_APP), "LOG_LEVEL": "warning", **(extra_env or {})}
    server = HelpdeskServer(binary, workdir, env, email_domain="example.com")
    server.migrate()
    try:
        server.start()
    except AssertionError as error:
        pytest.fail(str(error))
    try:
        yield server
    finally:
        server.stop()


def account(server, username, role):
    """A user made with `helpdesk create-user`, as the details the tests type into the forms."""
    email = server.create_user(username, role)
    return {"username": username, "email": email, "password": PASSWORD, "role": role}


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("helpdesk")) as server:
        yield server


@pytest.fixture(scope="session")
def staff(server):
    """An agent and an admin made with `helpdesk create-user`, as the task describes."""
    return {"agent": account(server, "agent.alex", "agent"), "admin": account(server, "admin.ada", "admin")}


@pytest.fixture
def customer(server, request):
    """A fresh customer for each test, named after it (its module's own prefix keeps names apart)."""
    prefix = request.module.__name__.removeprefix("test_ui_")[:4]
    token, user = server.register(f"{prefix}.{request.node.name[5:25].replace('_', '.')}")
    return {"token": token, "user": user}


@pytest.fixture
def agent(server, staff):
    return server.sign_in(staff["agent"]["email"])


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
        origin = base_url or server.base
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
        server.seed(40)
        agent_session = server.sign_in(server.create_user("maria.support", "agent"))
        status, customer = server.call("POST", "/api/auth/register", {
            "username": "jonas", "email": "jonas@example.com", "password": PASSWORD})
        assert status == 201, customer
        status, ticket = server.call("POST", "/api/tickets", {
            "title": "Payroll report export stops at 80 %",
            "description": "When I export the monthly payroll report the progress bar stops at 80 % "
                           "and nothing is downloaded.\n\nI tried Firefox and Chrome; same result.",
            "priority": "high",
        }, token=customer["token"])
        assert status == 201, ticket
        for seed, name in ((1, "progress-bar.png"), (4, "console-errors.png")):
            server.upload_image(ticket["id"], name, png(width=320, height=200, seed=seed), customer["token"])
        comments = [
            (agent_session, "Thanks Jonas! Which month were you exporting, and roughly how many employees?", False),
            (customer, "March, about 1,200 people.", False),
            (agent_session, "Reproduced with the March data set: the export job times out after 60 s.", True),
        ]
        for session, text, internal in comments:
            server.call("POST", f"/api/tickets/{ticket['id']}/comments", {"text": text, "internal": internal},
                        token=session["token"])
        server.call("PATCH", f"/api/tickets/{ticket['id']}",
                    {"status": "in_progress", "assignee_id": agent_session["user"]["id"]}, token=agent_session["token"])
        yield {"server": server, "agent": agent_session, "ticket": ticket}
