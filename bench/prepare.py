#!/usr/bin/env python3
"""Gets a running Helpdesk server ready for bench/run.sh (Python standard library only).

Signs in the demo agent and customer, checks once that every request a scenario will make answers
2xx, and writes the cursors for the deep-page scenario. Prints shell assignments for run.sh to source:
AGENT_TOKEN, CUSTOMER_TOKEN, MAX_ID, COMMENT_TICKET_IDS, LOGIN_EMAILS.

The API calls come from the test harness (tests/harness/helpdesk_api.py). Cursors are opaque: they
are collected by walking the whole list through `next_cursor`, never built here.

usage: prepare.py BASE_URL CURSOR_FILE
"""

import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "harness"))
import helpdesk_api  # noqa: E402

PASSWORD = "helpdesk-demo"
CURSOR_COUNT = 200
MAX_PAGE_SIZE = 100  # the server's largest page: the fewest requests for a walk through the whole list
COMMENT_TICKETS = 8
LOGIN_ACCOUNTS = 20  # customer, customer2 … customer20 (the seed makes at least 5 customers)
TIMEOUT = 60.0


def expect(base, method, path, token=None):
    return helpdesk_api.expect(base, method, path, token=token, timeout=TIMEOUT)


def login(base, email):
    return helpdesk_api.sign_in(base, email, PASSWORD)["token"]


def collect_cursors(base, token, tickets, rng):
    """`next_cursor`s from pages at random depths over the whole list, found by walking all of it."""
    page_size = min(MAX_PAGE_SIZE, max(1, tickets // CURSOR_COUNT))  # smaller pages for a small table
    pages = max(1, math.ceil(tickets / page_size))
    wanted = set(rng.sample(range(pages), min(CURSOR_COUNT, pages)))
    cursors = []
    started = time.monotonic()
    for number, page in enumerate(helpdesk_api.ticket_pages(base, token, limit=page_size)):
        if number in wanted and page["next_cursor"]:
            cursors.append(page["next_cursor"])
    print(f"prepare.py: walked {number + 1} pages for {len(cursors)} cursors in "
          f"{time.monotonic() - started:.1f} s", file=sys.stderr)
    rng.shuffle(cursors)
    return cursors


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
        "/api/tickets?limit=20&tag=billing",
        "/api/tickets?limit=20&tag=escalated",
        "/api/tickets?limit=20&q=printer",
        "/api/tickets?limit=20&q=printer%20slow",
        "/api/tickets?limit=20&q=zzzqqq",
        "/api/tickets?limit=20&q=printer%20zzzqqq",
        f"/api/tickets/{max_id}",
        f"/api/tickets/{max_id}/comments",
    ]:
        expect(base, "GET", path, agent)
    expect(base, "GET", "/api/tickets?limit=20", customer)

    cursors = collect_cursors(base, agent, max_id, random.Random(42))
    if not cursors:
        sys.exit("prepare.py: the list has a single page, so there is no cursor to start deeper")
    expect(base, "GET", f"/api/tickets?limit=20&cursor={cursors[0]}", agent)
    with open(cursor_file, "w") as out:
        out.write("\n".join(cursors) + "\n")

    step = max(1, max_id // COMMENT_TICKETS)
    comment_ids = sorted({min(max_id, 1 + i * step) for i in range(COMMENT_TICKETS)})

    accounts = ["customer@example.com"] + [f"customer{n}@example.com" for n in range(2, LOGIN_ACCOUNTS + 1)]
    # Only accounts that exist: the seed makes max(5, tickets/200) customers.
    emails = []
    for email in accounts:
        status, _ = helpdesk_api.call(base, "POST", "/api/auth/login", {"email": email, "password": PASSWORD},
                                      timeout=TIMEOUT)
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
    try:
        main()
    except AssertionError as error:  # an unexpected status, from helpdesk_api.expect
        sys.exit(f"prepare.py: {error}")
