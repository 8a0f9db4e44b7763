"""Login and registration throttling, with a small limit and a 2-second window so that the test is quick.

The server counts failed sign-ins per email *and* per client address, so from one address the address
bucket always fills first. To watch the email bucket on its own, some requests come from other
loopback source addresses (127.0.0.2, 127.0.0.3, ...): the server still listens on 127.0.0.1 only.
"""

from __future__ import annotations

import time

import pytest
import requests

from source_address import SourceAddressAdapter, loopback_aliases_work
from conftest import PASSWORD, assert_json_error

LOGIN_MAX = 3
REGISTER_MAX = 3
WINDOW = 2.0


def client(source: str = "127.0.0.1") -> requests.Session:
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(source))
    return session


needs_aliases = pytest.mark.skipif(not loopback_aliases_work(), reason="cannot bind 127.0.0.2 as a source address")

_next_alias = iter(range(2, 250))


def fresh_address() -> str:
    return f"127.0.0.{next(_next_alias)}"


@pytest.fixture(scope="module")
def server(module_servers):
    server = module_servers.make(extra_env={
        "THROTTLE_ENABLED": "true",
        "THROTTLE_LOGIN_MAX": str(LOGIN_MAX),
        "THROTTLE_REGISTER_MAX": str(REGISTER_MAX),
        "THROTTLE_WINDOW_SECONDS": str(int(WINDOW)),
    })
    for name in ("alice", "bob", "carol", "dave", "erin"):
        server.create_user(f"thr_{name}", "customer")
    server.start()
    return server


def login(server, session, email, password):
    return session.post(server.api + "/auth/login", json={"email": email, "password": password}, timeout=30)


def assert_throttled(response) -> int:
    assert_json_error(response, 429)
    retry_after = response.headers.get("Retry-After")
    assert retry_after is not None and retry_after.isdigit(), response.headers
    assert 1 <= int(retry_after) <= WINDOW + 1
    return int(retry_after)


def wait_for_window() -> None:
    time.sleep(WINDOW + 0.3)


def test_failed_logins_for_one_email_are_throttled_then_allowed_after_the_window(server):
    email = "thr_alice@hardening.test"
    local = client()
    for _ in range(LOGIN_MAX):
        assert_json_error(login(server, local, email, "wrong-password"), 401)
    # Even the right password is refused now.
    assert_throttled(login(server, local, email, PASSWORD))
    assert_throttled(login(server, local, email, "wrong-password"))
    wait_for_window()
    assert login(server, local, email, PASSWORD).status_code == 200


@needs_aliases
def test_email_bucket_applies_from_any_address(server):
    email = "thr_bob@hardening.test"
    first = client(fresh_address())
    for _ in range(LOGIN_MAX):
        assert_json_error(login(server, first, email, "wrong-password"), 401)
    # Another address, right password: still throttled, because the email is.
    assert_throttled(login(server, client(fresh_address()), email, PASSWORD))
    # Another email from yet another address is not affected.
    assert login(server, client(fresh_address()), "thr_carol@hardening.test", PASSWORD).status_code == 200
    wait_for_window()
    assert login(server, client(fresh_address()), email, PASSWORD).status_code == 200


@needs_aliases
def test_success_resets_the_email_counter(server):
    email = "thr_dave@hardening.test"
    first = client(fresh_address())
    for _ in range(LOGIN_MAX - 1):
        assert_json_error(login(server, first, email, "wrong-password"), 401)
    assert login(server, first, email, PASSWORD).status_code == 200
    # From a fresh address (whose own bucket is empty): had the success not reset the email count,
    # the second of these failures would already be a 429.
    second = client(fresh_address())
    for _ in range(LOGIN_MAX - 1):
        assert_json_error(login(server, second, email, "wrong-password"), 401)
    assert login(server, client(fresh_address()), email, PASSWORD).status_code == 200


@needs_aliases
def test_failed_logins_from_one_address_are_throttled_across_emails(server):
    address = client(fresh_address())
    for number in range(LOGIN_MAX):
        assert_json_error(login(server, address, f"nobody{number}@hardening.test", "wrong-password"), 401)
    assert_throttled(login(server, address, "thr_erin@hardening.test", PASSWORD))
    # The same account from elsewhere is fine: the email itself has no failures.
    assert login(server, client(fresh_address()), "thr_erin@hardening.test", PASSWORD).status_code == 200


def _register(server, session, username, email=None, password=PASSWORD):
    return session.post(server.api + "/auth/register", timeout=30, json={
        "username": username, "email": email or f"{username}@hardening.test", "password": password})


@needs_aliases
def test_registration_is_throttled_per_address(server):
    source = fresh_address()
    session = client(source)
    # An invalid body is not counted.
    assert_json_error(_register(server, session, "x", email="not-an-email", password="short"), 422)
    for number in range(REGISTER_MAX):
        response = _register(server, session, f"thr_reg_{number}")
        assert response.status_code == 201, response.text
    retry_after = assert_throttled(_register(server, session, "thr_reg_blocked"))
    assert retry_after >= 1
    # Another address may still register.
    assert _register(server, client(fresh_address()), "thr_reg_other").status_code == 201
    # After the window, this address may register again.
    wait_for_window()
    assert _register(server, session, "thr_reg_after").status_code == 201


def test_registration_throttle_from_the_main_address(server):
    """The same rule from 127.0.0.1 itself, for environments without loopback aliases."""
    session = client()
    wait_for_window()  # nothing left over from earlier tests on this address
    statuses = [_register(server, session, f"thr_main_{n}").status_code for n in range(REGISTER_MAX)]
    assert statuses == [201] * REGISTER_MAX
    assert_throttled(_register(server, session, "thr_main_blocked"))
    wait_for_window()
    assert _register(server, session, "thr_main_after").status_code == 201
