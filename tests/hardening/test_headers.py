"""Security headers on every kind of response, request ids, and CORS only when configured."""

from __future__ import annotations

import re

import pytest
import requests

from conftest import PNG_1X1, auth

INDEX_HTML = b"<!doctype html><title>Helpdesk</title><div id=app></div>"
APP_JS = b"console.log('helpdesk');"


@pytest.fixture(scope="module")
def site(module_servers):
    server = module_servers.make()
    public = server.workdir / "public"
    (public / "assets").mkdir(parents=True)
    (public / "index.html").write_bytes(INDEX_HTML)
    (public / "assets" / "app-1234.js").write_bytes(APP_JS)
    server.env["PUBLIC_DIR"] = str(public)
    server.start()
    token, _ = server.register("hdr_customer")
    ticket = requests.post(server.api + "/tickets", headers=auth(token), timeout=30,
                           json={"title": "Headers", "description": "d"}).json()
    image = requests.post(f"{server.api}/tickets/{ticket['id']}/images", headers=auth(token), timeout=30,
                          files={"image": ("a.png", PNG_1X1, "image/png")}).json()
    return server, token, ticket["id"], image["id"]


def assert_security_headers(response: requests.Response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = [d.strip() for d in csp.split(";")]
    assert "default-src 'self'" in directives, csp
    assert "img-src 'self' blob: data:" in directives, csp
    assert "frame-ancestors 'none'" in directives, csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "no-referrer"
    assert response.headers.get("X-Request-Id"), response.headers


def _cases(site):
    server, token, ticket, image = site
    api = server.api
    big = b'{"title": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    return {
        "api success": ("GET", api + "/health", {}, None, 200),
        "api success signed in": ("GET", f"{api}/tickets/{ticket}", auth(token), None, 200),
        "image bytes": ("GET", f"{api}/images/{image}", auth(token), None, 200),
        "openapi": ("GET", api + "/openapi.yml", {}, None, 200),
        "created": ("POST", api + "/tickets", {**auth(token), "Content-Type": "application/json"},
                    b'{"title": "t", "description": "d"}', 201),
        "no content": ("DELETE", f"{api}/images/{image}", auth(token), None, 204),
        "unauthorized": ("GET", api + "/tickets", {}, None, 401),
        "bad token": ("GET", api + "/tickets", auth("garbage"), None, 401),
        "bad request": ("POST", api + "/tickets", {**auth(token), "Content-Type": "application/json"}, b"{", 400),
        "validation": ("POST", api + "/tickets", {**auth(token), "Content-Type": "application/json"},
                       b'{"title": " ", "description": "d"}', 422),
        "forbidden": ("GET", api + "/users", auth(token), None, 403),
        "too large": ("POST", api + "/tickets", {**auth(token), "Content-Type": "application/json"}, big, 413),
        "unsupported": ("POST", api + "/tickets", {**auth(token), "Content-Type": "foo/bar"}, b"x", 415),
        "api 404": ("GET", api + "/no/such/thing", {}, None, 404),
        "api 404 post": ("POST", api + "/no/such/thing", {}, None, 404),
        "api 404 ticket": ("GET", f"{api}/tickets/999999", auth(token), None, 404),
        "spa index": ("GET", server.base + "/", {}, None, 200),
        "spa deep link": ("GET", server.base + "/tickets/42", {}, None, 200),
        "static asset": ("GET", server.base + "/assets/app-1234.js", {}, None, 200),
        "missing asset": ("GET", server.base + "/assets/missing.js", {}, None, 404),
        "non-GET outside api": ("POST", server.base + "/somewhere", {}, None, 404),
    }


CASE_NAMES = ["api success", "api success signed in", "image bytes", "openapi", "created", "no content",
              "unauthorized", "bad token", "bad request", "validation", "forbidden", "too large", "unsupported",
              "api 404", "api 404 post", "api 404 ticket", "spa index", "spa deep link", "static asset",
              "missing asset", "non-GET outside api"]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_response_has_security_headers(site, name):
    method, url, headers, body, status = _cases(site)[name]
    if name == "no content":  # delete an image of its own, not the one the other cases read
        server, token, ticket, _ = site
        fresh = requests.post(f"{server.api}/tickets/{ticket}/images", headers=auth(token), timeout=30,
                              files={"image": ("b.png", PNG_1X1, "image/png")}).json()
        url = f"{server.api}/images/{fresh['id']}"
    response = requests.request(method, url, headers=headers, data=body, timeout=30)
    assert response.status_code == status, (name, response.status_code, response.text[:300])
    assert_security_headers(response)
    assert "Access-Control-Allow-Origin" not in response.headers
    if status >= 400 and "/api/" in url:
        assert response.headers["Content-Type"].startswith("application/json")
        assert response.json()["error"] is True


def test_spa_and_assets_serve_the_files(site):
    server = site[0]
    index = requests.get(server.base + "/tickets/42", timeout=30)
    assert index.content == INDEX_HTML and index.headers["Content-Type"].startswith("text/html")
    asset = requests.get(server.base + "/assets/app-1234.js", timeout=30)
    assert asset.content == APP_JS and "immutable" in asset.headers.get("Cache-Control", "")
    # Unknown API paths are a JSON 404, never the web app.
    api_miss = requests.get(server.api + "/nowhere", timeout=30)
    assert api_miss.status_code == 404 and api_miss.headers["Content-Type"].startswith("application/json")


def test_request_id_is_echoed_when_plain_and_made_up_otherwise(site):
    server = site[0]
    plain = "hardening-req_42.a"
    response = requests.get(server.api + "/health", headers={"X-Request-Id": plain}, timeout=30)
    assert response.headers["X-Request-Id"] == plain
    error = requests.get(server.api + "/tickets", headers={"X-Request-Id": plain + "-err"}, timeout=30)
    assert error.status_code == 401 and error.headers["X-Request-Id"] == plain + "-err"
    for unsafe in ["has space", "x" * 65, "new\\nline", "quote\"", "ünïcode"]:
        response = requests.get(server.api + "/health", headers={"X-Request-Id": unsafe.encode("utf-8")}, timeout=30)
        assert response.status_code == 200
        made_up = response.headers["X-Request-Id"]
        assert made_up != unsafe and re.fullmatch(r"[A-Za-z0-9._-]{1,64}", made_up), made_up
    ids = {requests.get(server.api + "/health", timeout=30).headers["X-Request-Id"] for _ in range(20)}
    assert len(ids) == 20


def _preflight(server, origin):
    return requests.options(server.api + "/tickets", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})


def test_no_cors_headers_without_cors_origins(site):
    server = site[0]
    preflight = _preflight(server, "http://example.test")
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert_security_headers(preflight)
    simple = requests.get(server.api + "/health", headers={"Origin": "http://example.test"}, timeout=30)
    assert "Access-Control-Allow-Origin" not in simple.headers


def test_cors_allows_only_the_configured_origin(servers):
    server = servers.make(extra_env={"CORS_ORIGINS": "http://example.test"})
    server.start()
    allowed = _preflight(server, "http://example.test")
    assert allowed.status_code in (200, 204), allowed.text
    assert allowed.headers.get("Access-Control-Allow-Origin") == "http://example.test"
    assert "POST" in allowed.headers.get("Access-Control-Allow-Methods", "")
    assert "authorization" in allowed.headers.get("Access-Control-Allow-Headers", "").lower()
    assert_security_headers(allowed)

    refused = _preflight(server, "http://evil.test")
    assert refused.headers.get("Access-Control-Allow-Origin", "") in ("", "null"), refused.headers
    assert "http://evil.test" not in refused.headers.get("Access-Control-Allow-Origin", "")

    simple = requests.get(server.api + "/health", headers={"Origin": "http://example.test"}, timeout=30)
    assert simple.headers.get("Access-Control-Allow-Origin") == "http://example.test"
    assert "x-request-id" in simple.headers.get("Access-Control-Expose-Headers", "").lower()
    other = requests.get(server.api + "/health", headers={"Origin": "http://evil.test"}, timeout=30)
    assert "http://evil.test" not in other.headers.get("Access-Control-Allow-Origin", "")
    assert_security_headers(other)
