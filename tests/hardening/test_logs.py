"""The request log: one line per request with its id, method, path, status and duration; never a
password, a token, image bytes or the query string."""

from __future__ import annotations

import re
import secrets
import time

import pytest
import requests

from conftest import PNG_1X1, auth

SECRET_PASSWORD = "Pw-" + secrets.token_hex(8)
NEW_PASSWORD = "Pw2-" + secrets.token_hex(8)
IMAGE_MARKER = "IMGMARK" + secrets.token_hex(8)
QUERY_MARKER = "qmark" + secrets.token_hex(6)


@pytest.fixture(scope="module")
def logged(module_servers):
    """Runs a varied session against a fresh server, stops it, and returns what it logged."""
    server = module_servers.make()
    server.start()
    api = server.api
    sent: list[tuple[str, str, str, int]] = []  # (request id, method, path, status)
    tokens: list[str] = []

    def call(method, path, *, token=None, **kwargs):
        request_id = "log-" + secrets.token_hex(8)
        headers = {"X-Request-Id": request_id, **kwargs.pop("headers", {})}
        if token:
            headers.update(auth(token))
        response = requests.request(method, api + path, headers=headers, timeout=30, **kwargs)
        assert response.headers["X-Request-Id"] == request_id
        sent.append((request_id, method, "/api" + path.split("?")[0], response.status_code))
        return response

    registered = call("POST", "/auth/register", json={
        "username": "log_user", "email": "log_user@hardening.test", "password": SECRET_PASSWORD})
    token = registered.json()["token"]
    tokens.append(token)
    tokens.append(call("POST", "/auth/login", json={"email": "log_user@hardening.test",
                                                    "password": SECRET_PASSWORD}).json()["token"])
    call("POST", "/auth/login", json={"email": "log_user@hardening.test", "password": SECRET_PASSWORD + "x"})
    ticket = call("POST", "/tickets", token=token, json={"title": "Logged", "description": "d"}).json()["id"]
    image = PNG_1X1 + IMAGE_MARKER.encode() * 50
    call("POST", f"/tickets/{ticket}/images", token=token, files={"image": ("x.png", image, "image/png")})
    call("GET", f"/tickets?q={QUERY_MARKER}", token=token)
    call("GET", f"/tickets/{ticket}", token=token)
    call("GET", "/tickets/999999", token=token)
    call("GET", "/tickets", token="bogus-token-value")
    call("GET", "/no/such/path")
    changed = call("POST", "/auth/password", token=token,
                   json={"current_password": SECRET_PASSWORD, "new_password": NEW_PASSWORD})
    tokens.append(changed.json()["token"])
    call("GET", "/auth/me", token=tokens[-1])
    call("POST", "/tickets", token=tokens[-1], data=b"{broken", headers={"Content-Type": "application/json"})

    time.sleep(0.2)
    server.stop()  # flushes everything
    return server.log_text(), sent, tokens


def test_one_line_per_request_with_id_method_path_status_duration(logged):
    log, sent, _ = logged
    lines = log.splitlines()
    for request_id, method, path, status in sent:
        matching = [line for line in lines if f"request-id: {request_id}," in line or f"request-id: {request_id}]" in line]
        request_lines = [line for line in matching if re.search(r"\brequest\b \[", line)]
        assert len(request_lines) == 1, (request_id, matching)
        line = request_lines[0]
        assert f"method: {method}" in line, line
        assert f"path: {path}," in line or f"path: {path}]" in line, line
        assert f"status: {status}" in line, line
        assert re.search(r"duration_ms: \d+(\.\d+)?", line), line


def test_no_secrets_in_the_log(logged):
    log, _, tokens = logged
    for secret in (SECRET_PASSWORD, NEW_PASSWORD, SECRET_PASSWORD + "x"):
        assert secret not in log
    for token in tokens:
        assert token not in log
        assert token.split(".")[2] not in log  # not even the signature
    assert IMAGE_MARKER not in log
    assert "bogus-token-value" not in log
    assert QUERY_MARKER not in log  # the query string is not logged


def test_unsafe_request_ids_do_not_reach_the_log(servers):
    server = servers.make()
    server.start()
    forged = "x, status: 200, path: /forged"
    long_id = "L" * 500
    for value in (forged, long_id):
        response = requests.get(server.api + "/health", headers={"X-Request-Id": value}, timeout=30)
        assert response.status_code == 200 and response.headers["X-Request-Id"] != value
    server.stop()
    log = server.log_text()
    assert "path: /forged" not in log
    assert long_id not in log
