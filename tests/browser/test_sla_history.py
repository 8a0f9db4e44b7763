"""Ticket history and SLAs in the web app: the history between the replies, due badges, the SLA
filter and order, the admin's SLA page, and what a customer does not see.

The module sets a round-the-clock SLA so due times do not depend on when the tests run, files its
tickets at the start, and puts the original configuration back at the end. The tests run in file
order; the last one waits until the urgent ticket's one-minute first-response target has passed.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from helpers import png

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROUND_THE_CLOCK = {
    "timezone": "UTC",
    "business_hours": {day: [["00:00", "24:00"]] for day in WEEKDAYS},
    "holidays": [],
    "targets": {
        "urgent": {"first_response_minutes": 1, "resolution_minutes": 600},
        "high": {"first_response_minutes": 600, "resolution_minutes": 1200},
        "normal": {"first_response_minutes": 600, "resolution_minutes": 1200},
        "low": {"first_response_minutes": None, "resolution_minutes": None},
    },
}
BREACHING = "Checkout page answers 502 for every customer"
STEADY = "Dark mode colours are slightly off in the sidebar"
TRIAGED = "Password reset email arrives after an hour"


def file_ticket(server, token, title, priority):
    status, ticket = server.call("POST", "/api/tickets", {"title": title, "description": "Details to follow.",
                                                          "priority": priority}, token=token)
    assert status == 201, ticket
    return ticket


@pytest.fixture(scope="module")
def story(server, staff):
    admin = server.sign_in(staff["admin"]["email"])
    status, original = server.call("GET", "/api/sla", token=admin["token"])
    assert status == 200, original
    status, body = server.call("PUT", "/api/sla", ROUND_THE_CLOCK, token=admin["token"])
    assert status == 200, body

    token, customer = server.register("sla.sofia")
    breaching = file_ticket(server, token, BREACHING, "urgent")
    breaches_at = time.monotonic() + 62
    steady = file_ticket(server, token, STEADY, "normal")
    triaged = file_ticket(server, token, TRIAGED, "normal")
    yield {
        "admin": admin,
        "customer": {"token": token, "user": customer},
        "breaching": breaching,
        "breaches_at": breaches_at,
        "steady": steady,
        "triaged": triaged,
    }
    status, body = server.call("PUT", "/api/sla", original, token=admin["token"])
    assert status == 200, body


def agent_session(server, staff):
    return server.sign_in(staff["agent"]["email"])


def test_customer_sees_no_history_and_no_due_badge(open_page, story):
    page = open_page(session=story["customer"])
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"/tickets/{story['triaged']['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TRIAGED)
    expect(page.get_by_text("No replies yet.")).to_be_visible()
    expect(page.locator(".history-line")).to_have_count(0)
    expect(page.get_by_role("switch", name="Show history")).to_have_count(0)
    expect(page.locator(".badge--sla")).to_have_count(0)

    page.get_by_role("link", name="All tickets").click()
    expect(page.locator(".ticket-row", has_text=BREACHING)).to_be_visible()
    expect(page.locator(".badge--sla")).to_have_count(0)
    expect(page.get_by_label("SLA")).to_have_count(0)
    expect(page.get_by_label("Sort by")).to_be_visible()
    expect(page.get_by_label("Sort by").locator("option[value=due]")).to_have_count(0)
    expect(page.get_by_role("group", name="SLA counts")).to_have_count(0)
    assert not [url for url in requested if "/history" in url or "sla=" in url or "sort=" in url], requested


def test_agent_changes_priority_and_sees_it_in_the_history(open_page, server, staff, story):
    agent = staff["agent"]["username"]
    page = open_page(session=agent_session(server, staff))
    page.goto(f"/tickets/{story['triaged']['id']}")
    lines = page.locator(".history-line")
    expect(lines.first).to_contain_text("sla.sofia created the ticket")
    expect(page.locator(".ticket-body .badge--sla")).to_contain_text(re.compile(r"due in \d+ h"))

    page.get_by_label("Priority").select_option("high")
    changed = lines.filter(has_text=f"{agent} changed priority from Normal to High")
    expect(changed).to_be_visible()
    expect(changed).to_contain_text("just now")

    page.get_by_label("Add screenshots").set_input_files(
        files=[{"name": "shot.png", "mimeType": "image/png", "buffer": png(seed=2)}]
    )
    expect(lines.filter(has_text=f"{agent} added image shot.png")).to_be_visible()

    page.get_by_label("Reply", exact=True).fill("We are looking into the mail queue.")
    page.get_by_role("button", name="Send reply").click()
    thread = page.locator(".thread > li")
    expect(thread.last).to_contain_text("We are looking into the mail queue.")
    expect(thread).to_have_count(4)
    expect(thread.nth(1)).to_contain_text("changed priority")

    # Hiding the history is remembered across a reload; the conversation stays.
    page.get_by_role("switch", name="Show history").uncheck()
    expect(lines).to_have_count(0)
    page.reload()
    expect(page.locator(".comment")).to_have_count(1)
    expect(page.get_by_role("switch", name="Show history")).not_to_be_checked()
    expect(lines).to_have_count(0)
    page.get_by_role("switch", name="Show history").check()
    expect(lines).to_have_count(3)


def test_admin_edits_the_sla_configuration(open_page, server, story):
    page = open_page(session=story["admin"], expected_statuses={422})
    page.goto("/tickets")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="SLA").click()
    expect(page.get_by_role("heading", name="SLA", level=1)).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("UTC")
    expect(page.get_by_label("Monday hours 1 from")).to_have_value("00:00")

    page.get_by_label("Time zone").fill("Mars/Olympus_Mons")
    page.get_by_label("Monday hours 1 from").fill("18:00")
    page.get_by_label("Monday hours 1 to").fill("08:00")
    page.get_by_role("button", name="Save configuration").click()

    expect(page.get_by_role("alert").filter(has_text="Please correct the highlighted fields.")).to_be_visible()
    monday = page.get_by_role("group", name="Monday")
    expect(monday.locator(".field__error")).to_contain_text("start before they end")
    expect(page.get_by_label("Monday hours 1 from")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("group", name="Tuesday").locator(".field__error")).to_have_count(0)
    expect(page.get_by_label("Time zone")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field", has=page.get_by_label("Time zone")).locator(".field__error")).to_contain_text(
        "IANA time zone")

    page.get_by_label("Time zone").fill("Europe/Berlin")
    page.get_by_label("Monday hours 1 from").fill("08:00")
    page.get_by_label("Monday hours 1 to").fill("18:00")
    expect(monday.locator(".field__error")).to_have_count(0)
    page.get_by_role("button", name="Remove Sunday hours 1").click()
    expect(page.get_by_role("group", name="Sunday")).to_contain_text("Closed")
    page.get_by_role("button", name="Add holiday").click()
    page.get_by_label("Holiday 1", exact=True).fill("2030-12-25")
    page.get_by_label("Low first response minutes").fill("2880")
    expect(page.get_by_text("48 h of business time")).to_be_visible()
    page.get_by_role("button", name="Save configuration").click()
    expect(page.get_by_role("status").filter(has_text="SLA configuration saved.")).to_be_visible()

    status, config = server.call("GET", "/api/sla", token=story["admin"]["token"])
    assert status == 200, config
    assert config["timezone"] == "Europe/Berlin"
    assert config["business_hours"]["mon"] == [["08:00", "18:00"]]
    assert config["business_hours"]["sun"] == []
    assert config["holidays"] == ["2030-12-25"]
    assert config["targets"]["low"] == {"first_response_minutes": 2880, "resolution_minutes": None}

    page.reload()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    expect(page.get_by_label("Holiday 1", exact=True)).to_have_value("2030-12-25")


def test_agent_list_shows_due_badges_and_filters_by_sla(open_page, server, staff, story):
    wait = story["breaches_at"] - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    page = open_page(session=agent_session(server, staff))
    page.goto("/tickets")
    breaching = page.locator(".ticket-row", has_text=BREACHING)
    steady = page.locator(".ticket-row", has_text=STEADY)
    expect(breaching.locator(".badge--sla-breached")).to_contain_text(re.compile(r"breached (\d+ min ago|just now)"))
    expect(steady.locator(".badge--sla-ok")).to_contain_text(re.compile(r"due in \d+ h"))
    expect(page.get_by_role("group", name="SLA counts").get_by_role("button", name=re.compile(r"^Breached"))).to_contain_text(
        re.compile(r"[1-9]"))

    page.get_by_label("SLA", exact=True).select_option("breached")
    expect(page).to_have_url(re.compile(r"sla=breached"))
    expect(breaching).to_be_visible()
    expect(steady).to_have_count(0)
    expect(page.locator(".ticket-row").filter(has_not=page.locator(".badge--sla-breached"))).to_have_count(0)

    page.get_by_label("SLA", exact=True).select_option("at_risk")
    expect(page).to_have_url(re.compile(r"sla=at_risk"))
    expect(breaching).to_have_count(0)
    expect(steady).to_have_count(0)

    page.get_by_label("SLA", exact=True).select_option("")
    page.get_by_label("Sort by").select_option("due")
    expect(page).to_have_url(re.compile(r"sort=due"))
    expect(page.locator(".ticket-row").first).to_contain_text(BREACHING)
    titles = page.locator(".ticket-row__title").all_inner_texts()
    assert titles.index(BREACHING) < titles.index(STEADY), titles

    page.reload()
    expect(page.get_by_label("Sort by")).to_have_value("due")
    expect(page.locator(".ticket-row").first).to_contain_text(BREACHING)
