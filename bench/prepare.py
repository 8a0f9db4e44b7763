#!/usr/bin/env python3
"""Gets a running Helpdesk server ready for bench/run.sh (Python standard library only).

Signs in the demo agent and customer, checks once that every request a scenario will make answers
2xx, and writes the cursors for the deep-page scenario. Prints shell assignments for run.sh to source:
AGENT_TOKEN, CUSTOMER_TOKEN, MAX_ID, COMMENT_TICKET_IDS, LOGIN_EMAILS.

usage: prepare.py BASE_URL CURSOR_FILE
"""

import base64
import json
import random
import sys
import urllib.error
import urllib.request
from datetime import datetime

PASSWORD = "helpdesk-demo"
CURSOR_COUNT = 200
COMMENT_TICKETS = 8
LOGIN_ACCOUNTS = 20  # customer, customer2 … customer20 (the seed makes at least 5 customers)


def call(base, method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def expect(base, method, path, token=None, body=None, status=200):
    got, payload = call(base, method, path, token, body)
    if got != status:
        sys.exit(f"prepare.py: {method} {path} answered {got}, expected {status}: {payload}")
    return payload


def login(base, email):
    return expect(base, "POST", "/api/auth/login", body={"email": email, "password": PASSWORD})["token"]


def cursor_for(ticket):
    # The server's own cursor format: base64url("<created_at in ms>:<id>"), unpadded.
    created = datetime.fromisoformat(ticket["created_at"].replace("Z", "+00:00"))
    milliseconds = round(created.timestamp() * 1000)
    raw = f"{milliseconds}:{ticket['id']}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    base, cursor_file = sys.argv[1].rstrip("/"), sys.argv[2]
    agent = login(base, "agent@example.com")
    customer = login(base, "customer@example.com")

    newest = expect(base, "GET", "/api/tickets?limit=1", agent)["items"]
    if not newest:
        sys.exit("prepare.py: the database has no tickets")
    max_id = newest[0]["id"]

    # Every read scenario, once, so that a broken scenario fails here instead of measuring 4xx.
    for path in [
        "/api/tickets?limit=20",
        "/api/tickets?limit=20&status=open",
        "/api/tickets?limit=20&q=printer",
        "/api/tickets?limit=20&q=printer%20slow",
        "/api/tickets?limit=20&q=zzzqqq",
        "/api/tickets?limit=20&q=printer%20zzzqqq",
        f"/api/tickets/{max_id}",
        f"/api/tickets/{max_id}/comments",
    ]:
        expect(base, "GET", path, agent)
    expect(base, "GET", "/api/tickets?limit=20", customer)

    rng = random.Random(42)
    cursors = []
    for ticket_id in rng.sample(range(1, max_id + 1), min(CURSOR_COUNT, max_id)):
        ticket = expect(base, "GET", f"/api/tickets/{ticket_id}", agent)
        cursors.append(cursor_for(ticket))
    expect(base, "GET", f"/api/tickets?limit=20&cursor={cursors[0]}", agent)
    with open(cursor_file, "w") as out:
        out.write("\n".join(cursors) + "\n")

    step = max(1, max_id // COMMENT_TICKETS)
    comment_ids = sorted({min(max_id, 1 + i * step) for i in range(COMMENT_TICKETS)})

    accounts = ["customer@example.com"] + [f"customer{n}@example.com" for n in range(2, LOGIN_ACCOUNTS + 1)]
    # Only accounts that exist: the seed makes max(5, tickets/200) customers.
    emails = []
    for email in accounts:
        status, _ = call(base, "POST", "/api/auth/login", body={"email": email, "password": PASSWORD})
        if status == 200:
            emails.append(email)
    if not emails:
        sys.exit("prepare.py: no customer account could sign in")

    print(f"AGENT_TOKEN={agent}")
    print(f"CUSTOMER_TOKEN={customer}")
    print(f"MAX_ID={max_id}")
    print(f"COMMENT_TICKET_IDS={','.join(map(str, comment_ids))}")
    print(f"LOGIN_EMAILS={','.join(emails)}")


if __name__ == "__main__":
    main()
