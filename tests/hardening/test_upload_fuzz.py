"""The image upload must answer every body with a status, never by dying.

POST /api/tickets/{id}/images parses multipart/form-data that the client wrote. A part header whose
name held a byte >= 0x80 killed the whole server process, and every user's requests with it. These
tests send that body, then a few thousand random broken ones (multipart_fuzz.py), as a signed-in
customer on their own ticket. Every answer must be below 500, and a 201 only for an image the body
really carried; a 4xx must be the JSON error with a `reason`. At the end the process must still be
running and answering /api/health.

UPLOAD_FUZZ_SEED (fixed unless set; `random` draws one) and UPLOAD_FUZZ_CASES (default 2000) steer
the random part; a failure names the seed and the case, which replay it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess

import pytest
import requests

from conftest import assert_json_error, auth, fuzz_seed
from helpdesk_api import wait_healthy
from multipart_fuzz import IMAGE_SIGNATURES, Case, make_case, regression_case

CASES = int(os.environ.get("UPLOAD_FUZZ_CASES", "2000"))
MAX_REPORTED = 10


@pytest.fixture
def upload_target(servers):
    """A fresh server (the regression kills it), a customer's session and the URL of their ticket's images."""
    server = servers.make()
    server.start()
    token, _ = server.register("fuzz_customer")
    session = requests.Session()
    session.headers.update(auth(token))
    ticket = session.post(server.api + "/tickets", json={"title": "Upload fuzz", "description": "Images go here"},
                          timeout=30)
    assert ticket.status_code == 201, ticket.text
    return server, session, f"{server.api}/tickets/{ticket.json()['id']}/images"


def _answer(server, session: requests.Session, url: str, case: Case, replay: str) -> requests.Response:
    """The response to `case`; fails the test at once if the server died on it."""
    for _attempt in range(2):  # a keep-alive connection the server closed between requests is retried once
        try:
            return session.post(url, data=case.body, headers={"Content-Type": case.content_type}, timeout=30)
        except requests.ConnectionError as error:
            last_error = error
        if not wait_healthy(server.base, 20, alive=server.is_running):
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.process.wait(timeout=30)  # Swift's backtracer takes seconds to write the crash report
            pytest.fail(f"the server died (exit status {server.process.returncode}) on {case.describe()}\n"
                        f"replay: {replay}\n--- server log ---\n{server.crash_report()}")
    pytest.fail(f"no answer to {case.describe()}: {last_error}\nreplay: {replay}")


def _problem(server, session: requests.Session, case: Case, response: requests.Response) -> str | None:
    """What is wrong with the answer to `case`, if anything."""
    if response.status_code == 201:
        stored = session.get(f"{server.api}/images/{response.json()['id']}", timeout=30)
        if stored.status_code != 200:
            return f"201, but the image cannot be downloaded: {stored.status_code}"
        if not stored.content.startswith(IMAGE_SIGNATURES) or stored.content not in case.body:
            return f"201 for an image the body did not carry: {stored.content[:80]!r}"
        return None
    try:
        assert_json_error(response, range(400, 500))
    except AssertionError as error:
        return str(error)
    return None


def _assert_alive(server) -> None:
    assert server.is_running(), f"the server exited ({server.process.returncode}):\n{server.log_tail(30)}"
    assert wait_healthy(server.base, 10, alive=server.is_running), \
        f"the server no longer answers /api/health:\n{server.log_tail(30)}"


def test_non_ascii_part_header_name_is_a_4xx_and_the_server_lives(upload_target):
    server, session, url = upload_target
    case = regression_case()
    response = _answer(server, session, url, case, replay="the fixed regression body")
    assert_json_error(response, range(400, 500))
    _assert_alive(server)


def test_random_multipart_bodies_never_crash_the_server(upload_target):
    server, session, url = upload_target
    seed = fuzz_seed("UPLOAD_FUZZ_SEED", fixed=86)
    replay = f"UPLOAD_FUZZ_SEED={seed} UPLOAD_FUZZ_CASES={CASES}"
    print(f"upload fuzz: {replay}")
    problems = []
    for number in range(CASES):
        case = make_case(seed, number)
        response = _answer(server, session, url, case, replay)
        problem = _problem(server, session, case, response)
        if problem:
            problems.append(f"{case.describe(200)}\n    -> {problem}")
            if len(problems) == MAX_REPORTED:
                break
    _assert_alive(server)
    assert not problems, f"bad answers (replay: {replay}):\n" + "\n".join(problems)
