"""Session tokens: only an HS256 JWT signed with the server's secret, in its validity window, naming
one of the user's open sessions, gets in. Changing the password or signing out ends sessions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
import requests

from conftest import PASSWORD, assert_json_error, auth


@pytest.fixture(scope="module")
def env(module_servers):
    server = module_servers.make()
    server.start()
    token, user = server.register("tok_customer")
    # The claims below name the session this sign-up opened.
    user = dict(user, sid=jwt.decode(token, server.jwt_secret, algorithms=["HS256"])["sid"])
    return server, token, user


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw_token(header: dict, payload: dict, signature: bytes = b"") -> str:
    return ".".join([b64(json.dumps(header).encode()), b64(json.dumps(payload).encode()), b64(signature)])


def claims(user, **overrides):
    now = int(time.time())
    base = {"sub": str(user["id"]), "iat": now, "exp": now + 3600, "sid": user["sid"]}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def me(server, token):
    return requests.get(server.api + "/auth/me", headers=auth(token), timeout=30)


def test_a_correctly_crafted_token_works(env):
    """The control for the cases below: the crafting itself is right."""
    server, _, user = env
    token = jwt.encode(claims(user), server.jwt_secret, algorithm="HS256")
    response = me(server, token)
    assert response.status_code == 200 and response.json()["id"] == user["id"]


def test_issued_token_has_the_documented_claims(env):
    server, token, user = env
    decoded = jwt.decode(token, server.jwt_secret, algorithms=["HS256"])
    assert decoded["sub"] == str(user["id"])
    assert isinstance(decoded["sid"], str) and len(decoded["sid"]) >= 20
    assert decoded["exp"] > decoded["iat"] > time.time() - 120
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


BAD_TOKENS = {
    "expired": lambda s, u: jwt.encode(claims(u, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600), s, "HS256"),
    "not yet valid": lambda s, u: jwt.encode(claims(u, nbf=int(time.time()) + 3600), s, "HS256"),
    "wrong signature": lambda s, u: jwt.encode(claims(u), "f" * 64, "HS256"),
    "tampered payload": lambda s, u: _tampered(s, u),
    "alg none": lambda s, u: raw_token({"alg": "none", "typ": "JWT"}, claims(u)) ,
    "alg none no dot": lambda s, u: raw_token({"alg": "none", "typ": "JWT"}, claims(u)).rstrip("."),
    "HS512 same secret": lambda s, u: jwt.encode(claims(u), s, "HS512"),
    "HS384 same secret": lambda s, u: jwt.encode(claims(u), s, "HS384"),
    "RS256 header, junk signature": lambda s, u: raw_token({"alg": "RS256", "typ": "JWT"}, claims(u), b"\x01" * 256),
    "no exp": lambda s, u: jwt.encode(claims(u, exp=None), s, "HS256"),
    "no sid": lambda s, u: jwt.encode(claims(u, sid=None), s, "HS256"),
    "unknown sid": lambda s, u: jwt.encode(claims(u, sid="x" * 24), s, "HS256"),
    "sid as number": lambda s, u: jwt.encode(claims(u, sid=7), s, "HS256"),
    "sub not a number": lambda s, u: jwt.encode(claims(u, sub="admin"), s, "HS256"),
    "sub unknown user": lambda s, u: jwt.encode(claims(u, sub="999999"), s, "HS256"),
    "sub as integer": lambda s, u: jwt.encode(claims(u, sub=u["id"]), s, "HS256"),
    "garbage": lambda s, u: "garbage",
    "three dots": lambda s, u: "a.b.c",
    "empty parts": lambda s, u: "..",
    "not base64": lambda s, u: "!!!.***.???",
    "huge": lambda s, u: "a" * 8000,
}


def _tampered(secret, user):
    token = jwt.encode(claims(user), secret, "HS256")
    header, _, signature = token.split(".")
    return ".".join([header, b64(json.dumps(claims(user, sub="1")).encode()), signature])


def _hs256_signed_with_header_alg(secret, user, alg):
    """A token whose signature is a correct HMAC-SHA256 with the server's secret, but whose header
    names another algorithm."""
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims(user)).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


@pytest.mark.parametrize("name", list(BAD_TOKENS))
def test_bad_tokens_are_401(env, name):
    server, _, user = env
    token = BAD_TOKENS[name](server.jwt_secret, user)
    response = me(server, token)
    assert_json_error(response, 401)
    assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "bearer"])
def test_malformed_authorization_headers_are_401(env, header):
    server = env[0]
    response = requests.get(server.api + "/tickets", headers={"Authorization": header}, timeout=30)
    assert_json_error(response, 401)


def test_change_password_revokes_old_tokens(env):
    server = env[0]
    old_token, user = server.register("tok_changer")
    second_old_token = server.login(user["email"])
    new_password = "a-brand-new-passphrase"

    wrong = requests.post(server.api + "/auth/password", headers=auth(old_token), timeout=30,
                          json={"current_password": "not-it-at-all", "new_password": new_password})
    body = assert_json_error(wrong, 422)
    assert "current_password" in body["fields"]
    short = requests.post(server.api + "/auth/password", headers=auth(old_token), timeout=30,
                          json={"current_password": PASSWORD, "new_password": "short"})
    assert "new_password" in assert_json_error(short, 422)["fields"]
    assert me(server, old_token).status_code == 200  # failed attempts change nothing

    response = requests.post(server.api + "/auth/password", headers=auth(old_token), timeout=30,
                             json={"current_password": PASSWORD, "new_password": new_password})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) >= {"token", "user"} and body["user"]["id"] == user["id"]
    new_token = body["token"]
    old_sid = jwt.decode(old_token, server.jwt_secret, algorithms=["HS256"])["sid"]
    assert jwt.decode(new_token, server.jwt_secret, algorithms=["HS256"])["sid"] != old_sid

    for token in (old_token, second_old_token):
        assert_json_error(me(server, token), 401)
        assert_json_error(requests.get(server.api + "/tickets", headers=auth(token), timeout=30), 401)
    assert me(server, new_token).status_code == 200

    assert_json_error(requests.post(server.api + "/auth/login", timeout=30,
                                    json={"email": user["email"], "password": PASSWORD}), 401)
    assert server.login(user["email"], new_password)
    # A hand-made token for an ended session stays out as well.
    forged_old = jwt.encode(claims(dict(user, sid=old_sid)), server.jwt_secret, "HS256")
    assert_json_error(me(server, forged_old), 401)


@pytest.mark.parametrize("alg", ["RS256", "none", "HS512", "ES256"])
def test_header_alg_must_be_hs256(env, alg):
    server, _, user = env
    assert_json_error(me(server, _hs256_signed_with_header_alg(server.jwt_secret, user, alg)), 401)
