"""No 5xx from bad input: every malformed request is a 4xx with a JSON `reason`, and the server lives on."""

from __future__ import annotations

import json
import secrets

import pytest
import requests

from conftest import PNG_1X1, assert_json_error, auth

JSON = "application/json"


@pytest.fixture(scope="module")
def env(module_servers):
    server = module_servers.make()
    server.create_user("bad_admin", "admin")
    server.start()
    customer, customer_user = server.register("bad_customer")
    admin = server.login("bad_admin@hardening.test")
    ticket = requests.post(server.api + "/tickets", headers=auth(customer), timeout=30,
                           json={"title": "Target", "description": "For bad input"}).json()
    return {"server": server, "customer": customer, "admin": admin, "ticket": ticket["id"],
            "customer_id": customer_user["id"]}


def send(env, method, path, *, token="customer", data=None, content_type=JSON, headers=None, **kwargs):
    all_headers = dict(headers or {})
    if token:
        all_headers.update(auth(env[token]))
    if content_type is not None and data is not None:
        all_headers["Content-Type"] = content_type
    return requests.request(method, env["server"].api + path, data=data, headers=all_headers, timeout=60, **kwargs)


T = "{ticket}"  # replaced by the fixture ticket's id

# (name, method, path, body, expected statuses)
BODY_CASES = [
    ("malformed json", "POST", "/tickets", b'{"title": "a", "description": ', {400}),
    ("not json at all", "POST", "/tickets", b"title=a&description=b", {400}),
    ("empty body", "POST", "/tickets", b"", {400}),
    ("whitespace body", "POST", "/tickets", b"   ", {400}),
    ("json null", "POST", "/tickets", b"null", {400}),
    ("json array", "POST", "/tickets", b"[1, 2]", {400}),
    ("json string", "POST", "/tickets", b'"ticket"', {400}),
    ("title number", "POST", "/tickets", b'{"title": 1, "description": "b"}', {400}),
    ("title object", "POST", "/tickets", b'{"title": {"a": 1}, "description": "b"}', {400}),
    ("title 1e400", "POST", "/tickets", b'{"title": 1e400, "description": "b"}', {400}),
    ("priority array", "POST", "/tickets", b'{"title": "a", "description": "b", "priority": ["high"]}', {400}),
    ("priority unknown", "POST", "/tickets", b'{"title": "a", "description": "b", "priority": "whenever"}', {422}),
    ("blank title", "POST", "/tickets", b'{"title": "   ", "description": "b"}', {422}),
    ("invalid utf-8", "POST", "/tickets", b'{"title": "\xff\xfe\xfd", "description": "b"}', {400}),
    ("lone surrogate", "POST", "/tickets", b'{"title": "a\\ud800", "description": "b"}', {400}),
    ("deeply nested", "POST", "/tickets", b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b', "description": "b"}', {400}),
    ("patch assignee 1e400", "PATCH", f"/tickets/{T}", b'{"assignee_id": 1e400}', {400}),
    ("patch assignee huge", "PATCH", f"/tickets/{T}", b'{"assignee_id": 99999999999999999999}', {400}),
    ("patch assignee fraction", "PATCH", f"/tickets/{T}", b'{"assignee_id": 1.5}', {400}),
    ("patch assignee string", "PATCH", f"/tickets/{T}", b'{"assignee_id": "1"}', {400}),
    ("patch status number", "PATCH", f"/tickets/{T}", b'{"status": 2}', {400}),
    ("patch status unknown", "PATCH", f"/tickets/{T}", b'{"status": "solved"}', {422}),
    ("patch array", "PATCH", f"/tickets/{T}", b"[]", {400}),
    ("comment text number", "POST", f"/tickets/{T}/comments", b'{"text": 99999999999999999999}', {400}),
    ("comment internal string", "POST", f"/tickets/{T}/comments", b'{"text": "a", "internal": "yes"}', {400}),
    ("comment too long", "POST", f"/tickets/{T}/comments", json.dumps({"text": "x" * 10_001}).encode(), {422}),
    ("login email number", "POST", "/auth/login", b'{"email": 1e400, "password": "x"}', {400}),
    ("login missing password", "POST", "/auth/login", b'{"email": "a@b.test"}', {400}),
    ("register bad types", "POST", "/auth/register", b'{"username": [], "email": {}, "password": null}', {400}),
    ("register invalid", "POST", "/auth/register", b'{"username": "a", "email": "nope", "password": "short"}', {422}),
    ("password change types", "POST", "/auth/password", b'{"current_password": 1, "new_password": 2}', {400}),
]


@pytest.mark.parametrize("name,method,path,body,statuses", BODY_CASES, ids=[c[0] for c in BODY_CASES])
def test_bad_json_bodies_are_4xx(env, name, method, path, body, statuses):
    response = send(env, method, path.replace(T, str(env["ticket"])), data=body,
                    token=None if path.startswith("/auth/") and path != "/auth/password" else "customer")
    assert_json_error(response, statuses)


def test_422_names_the_fields(env):
    response = send(env, "POST", "/tickets", data=b'{"title": " ", "description": "b", "priority": "asap"}')
    body = assert_json_error(response, 422)
    assert set(body["fields"]) == {"title", "priority"}


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/xml", "foo/bar", "multipart/form-data"])
def test_wrong_content_type_is_4xx(env, content_type):
    headers = {**auth(env["customer"])}
    if content_type:
        headers["Content-Type"] = content_type
    response = requests.post(env["server"].api + "/tickets", data=b'{"title": "a", "description": "b"}',
                             headers=headers, timeout=30)
    assert_json_error(response, {400, 415})
    if content_type in (None, "application/xml", "foo/bar"):
        assert response.status_code == 415


def test_unknown_fields_are_ignored(env):
    response = send(env, "POST", "/tickets", data=json.dumps({
        "title": "Extra fields", "description": "d", "status": "closed", "author_id": 1, "id": 999_999,
        "nested": {"deep": [1, 2, {"x": None}]}, "assignee_id": 12345,
    }).encode())
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert ticket["status"] == "open" and ticket["assignee_id"] is None and ticket["id"] != 999_999
    assert ticket["author_id"] == env["customer_id"]
    patched = send(env, "PATCH", f"/tickets/{ticket['id']}", data=b'{"title": "Renamed", "whatever": [1]}')
    assert patched.status_code == 200 and patched.json()["title"] == "Renamed"


@pytest.mark.parametrize("path", [
    "/tickets/abc", "/tickets/1e400", "/tickets/99999999999999999999", "/tickets/-1", "/tickets/0",
    "/tickets/%00", "/tickets/1.5", "/tickets/0x10", "/tickets/abc/comments", "/tickets/abc/images",
    "/images/abc", "/images/99999999999999999999", "/images/-5",
])
def test_non_numeric_or_unknown_ids_are_404(env, path):
    assert_json_error(send(env, "GET", path), 404)


@pytest.mark.parametrize("method,path", [
    ("PATCH", "/tickets/abc"), ("DELETE", "/tickets/abc"), ("POST", "/tickets/abc/comments"),
    ("DELETE", "/images/abc"), ("PATCH", "/users/abc"),
])
def test_non_numeric_ids_with_bodies_are_4xx(env, method, path):
    response = send(env, method, path, token="admin", data=b'{"role": "agent", "text": "x"}')
    assert_json_error(response, 404)


@pytest.mark.parametrize("query", [
    "status=solved", "priority=meh", "assignee_id=someone", "assignee_id=99999999999999999999",
    "limit=0", "limit=-1", "limit=1.5", "limit=abc", "limit=99999999999999999999", "limit=1e400",
    "cursor=not-a-cursor", "cursor=" + "A" * 65, "cursor=%FF%FE", "q=%FF%FE",
])
def test_bad_query_parameters_are_400(env, query):
    assert_json_error(send(env, "GET", "/tickets?" + query), 400)


@pytest.mark.parametrize("query", ["q=" + "word%20" * 3000, 'q=NEAR(a%20b)%20OR%20"x"%20*%20-%20^', "limit=1000", "q=%22%22%22"])
def test_odd_but_valid_queries_succeed(env, query):
    response = send(env, "GET", "/tickets?" + query)
    assert response.status_code == 200, response.text


def test_bad_user_role_filter_is_400(env):
    assert_json_error(send(env, "GET", "/users?role=root", token="admin"), 400)


def test_ten_megabyte_json_body_is_413(env):
    body = b'{"title": "' + b"a" * (10 * 1024 * 1024) + b'", "description": "b"}'
    assert_json_error(send(env, "POST", "/tickets", data=body), 413)
    # Also before authentication and on the sign-in route.
    assert_json_error(send(env, "POST", "/auth/login", token=None, data=body), 413)


def test_body_just_over_one_megabyte_is_413(env):
    body = json.dumps({"title": "t", "description": "d" * (1024 * 1024 + 10)}).encode()
    assert_json_error(send(env, "POST", "/tickets", data=body), 413)


# --- uploads ------------------------------------------------------------------------------------

def upload(env, files=None, data=None, content_type=None, token="customer"):
    headers = auth(env[token])
    if content_type:
        headers["Content-Type"] = content_type
    return requests.post(f"{env['server'].api}/tickets/{env['ticket']}/images", files=files, data=data,
                         headers=headers, timeout=60)


def test_path_traversal_filename_is_stored_safely(env):
    for raw in ["../../etc/passwd.png", "..\\..\\windows\\win.ini.png", "/abs/path/../x.png", "....png",
                "a\x01b<c>:|?*.png", "..", "/", ""]:
        response = upload(env, files={"image": (raw, PNG_1X1, "image/png")})
        assert response.status_code in (201, 400), (raw, response.status_code, response.text)
        if response.status_code == 400:
            # An empty filename may make the multipart part not count as a file at all.
            assert_json_error(response, 400)
            continue
        name = response.json()["filename"]
        assert name and "/" not in name and "\\" not in name and not name.startswith("."), (raw, name)
        assert not any(ch in name for ch in '\x00\x01<>:|?*"'), (raw, name)
        if raw == "../../etc/passwd.png":
            assert name == "passwd.png"
        download = requests.get(f"{env['server'].api}/images/{response.json()['id']}",
                                headers=auth(env["customer"]), timeout=30)
        assert download.status_code == 200 and download.content == PNG_1X1
        disposition = download.headers["Content-Disposition"]
        assert disposition.startswith("inline; filename*=UTF-8''") and "/" not in disposition


def test_empty_file_is_400(env):
    assert_json_error(upload(env, files={"image": ("empty.png", b"", "image/png")}), 400)


def test_non_image_is_415(env):
    assert_json_error(upload(env, files={"image": ("evil.png", b"<script>alert(1)</script>", "image/png")}), 415)
    assert_json_error(upload(env, files={"image": ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")}), 415)


def test_upload_with_wrong_content_type_is_415(env):
    assert_json_error(upload(env, data=PNG_1X1, content_type="image/png"), 415)
    assert_json_error(upload(env, data=b'{"image": "x"}', content_type=JSON), 415)
    assert_json_error(upload(env, data=b"xx", content_type="multipart/form-data"), {400, 415})


def test_wrong_field_name_is_400(env):
    assert_json_error(upload(env, files={"file": ("a.png", PNG_1X1, "image/png")}), 400)


@pytest.mark.parametrize("body", [
    b'--XX\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n' + PNG_1X1[:20],
    b'--XX\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n',
    b'--XX\r\nContent-Disposition: form-da',
    b"--XX",
    b"--XX--\r\n",
    b"\x00\xff" * 100,
], ids=["mid-file", "mid-headers", "mid-header-line", "boundary-only", "no-parts", "garbage"])
def test_truncated_multipart_is_400(env, body):
    assert_json_error(upload(env, data=body, content_type="multipart/form-data; boundary=XX"), 400)


def test_empty_multipart_body_is_4xx(env):
    assert_json_error(upload(env, data=b"", content_type="multipart/form-data; boundary=XX"), {400, 422})


def test_empty_multipart_body_is_400(env):
    assert_json_error(upload(env, data=b"", content_type="multipart/form-data; boundary=XX"), 400)


def test_image_over_5_mib_is_413(env):
    big = PNG_1X1 + b"\0" * (5 * 1024 * 1024)
    assert_json_error(upload(env, files={"image": ("big.png", big, "image/png")}), 413)


def test_upload_body_over_6_mb_is_413(env):
    big = PNG_1X1 + b"\0" * (7 * 1024 * 1024)
    assert_json_error(upload(env, files={"image": ("huge.png", big, "image/png")}), 413)


def test_server_survived_without_errors(env):
    server = env["server"]
    assert server.is_running()
    assert requests.get(server.api + "/health", timeout=10).status_code == 200
    log = server.log_text()
    errors = [line for line in log.splitlines() if "status: 5" in line or "[ ERROR ]" in line]
    assert not errors, errors[:10]


def test_nul_characters_round_trip_or_are_rejected(env):
    for title in ["a\u0000b", "\u0000"]:
        response = send(env, "POST", "/tickets", data=json.dumps({"title": title, "description": "nul"}).encode())
        assert response.status_code in (201, 400, 422), response.text
        if response.status_code == 201:
            assert response.json()["title"] == title
            stored = send(env, "GET", f"/tickets/{response.json()['id']}").json()
            assert stored["title"] == title


def test_nul_characters_on_postgres_are_not_5xx(servers, postgres_url):
    server = servers.make(database_url=postgres_url)
    server.start()
    token, _ = server.register("nul" + secrets.token_hex(4))
    api = server.api
    cases = [
        ("POST", "/auth/login", None, {"email": "a\u0000b@hardening.test", "password": "whatever-123"}),
        ("POST", "/auth/register", None, {"username": "nul" + secrets.token_hex(4),
                                          "email": "n\u0000" + secrets.token_hex(4) + "@hardening.test",
                                          "password": "whatever-123"}),
        ("POST", "/tickets", token, {"title": "a\u0000b", "description": "nul"}),
    ]
    failures = []
    for method, path, bearer, body in cases:
        response = requests.request(method, api + path, json=body, headers=auth(bearer) if bearer else {}, timeout=30)
        if response.status_code >= 500:
            failures.append(f"{method} {path} -> {response.status_code}")
    assert not failures, failures
