"""Live updates in the web app, over the server's event stream: an agent's reply appears on the
customer's open page without a reload (and an internal note never does), the agents' list counts
new tickets instead of jumping, and after a server restart the page says it is offline, reconnects
by itself and misses nothing."""

import pytest
from playwright.sync_api import expect

from conftest import running_server
from helpers import comment, file_ticket, png

SOON = 5_000  # ms: "within a few seconds"
# While the server is down, Chromium logs each refused attempt to reconnect (without its URL).
REFUSED = "Failed to load resource: net::ERR_CONNECTION_REFUSED"


def wait_until_live(page):
    """Events are only sent to a stream once it is open: wait for it before changing anything."""
    expect(page.locator('.live-status[data-state="open"]')).to_have_count(1)


def open_live(open_page, path, session, **options):
    """A page at `path`, its live connection open, and marked so that a reload would show."""
    page = open_page(session=session, **options)
    page.goto(path)
    wait_until_live(page)
    page.evaluate("window.__notReloaded = true")
    return page


def open_ticket(open_page, ticket, session, **options):
    page = open_live(open_page, f"/tickets/{ticket['id']}", session, **options)
    expect(page.get_by_role("heading", level=1)).to_have_text(ticket["title"])
    return page


def assert_not_reloaded(page):
    assert page.evaluate("window.__notReloaded === true"), "the page was reloaded"


def comment_text(page, text):
    return page.locator(".comment__text", has_text=text)


def test_an_agents_reply_appears_on_the_customers_open_page(open_page, server, customer, agent):
    ticket = file_ticket(server, customer["token"], "Live: the scanner emails nothing")
    page = open_ticket(open_page, ticket, customer)
    reply_box = page.get_by_label("Reply", exact=True)
    reply_box.fill("Half-written answer")

    comment(server, agent["token"], ticket, "Which scanner model is it?")
    comment(server, agent["token"], ticket, "Staff only: the SMTP relay rejects it.", internal=True)
    comment(server, agent["token"], ticket, "And which address does it send to?")
    status, _ = server.call("PATCH", f"/api/tickets/{ticket['id']}", {"status": "in_progress"}, token=agent["token"])
    assert status == 200
    server.upload_image(ticket["id"], "scan-settings.png", png(seed=3), agent["token"])

    expect(comment_text(page, "Which scanner model is it?")).to_be_visible(timeout=SOON)
    expect(comment_text(page, "And which address does it send to?")).to_be_visible(timeout=SOON)
    details = page.get_by_role("complementary", name="Ticket details")
    expect(details.locator(".badge--status-in_progress")).to_be_visible(timeout=SOON)
    expect(page.get_by_role("button", name="Open scan-settings.png full size")).to_be_enabled(timeout=SOON)
    # The note was posted between the two replies: it would be there by now if it were sent.
    expect(page.get_by_text("SMTP relay")).to_have_count(0)
    expect(page.locator(".comment")).to_have_count(2)
    expect(reply_box).to_have_value("Half-written answer")
    assert_not_reloaded(page)

    # The customer's own reply shows once, not again when its event arrives.
    reply_box.fill("A Canon DR-C225.")
    page.get_by_role("button", name="Send reply").click()
    expect(comment_text(page, "A Canon DR-C225.")).to_have_count(1)
    page.wait_for_timeout(1_000)
    expect(comment_text(page, "A Canon DR-C225.")).to_have_count(1)
    expect(page.locator(".live-status")).to_have_text("")


def test_an_open_edit_form_keeps_its_text_when_someone_else_changes_the_ticket(open_page, server, customer, agent):
    ticket = file_ticket(server, customer["token"], "Live: printer queue stuck")
    page = open_ticket(open_page, ticket, customer)
    page.get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Title").fill("Live: printer queue stuck since Monday")

    status, _ = server.call("PATCH", f"/api/tickets/{ticket['id']}",
                            {"description": "Details, with the error code from the agent."}, token=agent["token"])
    assert status == 200
    expect(page.get_by_text("Updated by someone else")).to_be_visible(timeout=SOON)
    expect(page.get_by_label("Title")).to_have_value("Live: printer queue stuck since Monday")
    expect(page.get_by_label("Description")).to_have_value("Details.")


def test_the_agents_list_counts_new_tickets_and_updates_rows_in_place(open_page, server, customer, agent):
    shown = file_ticket(server, customer["token"], "Live: VPN asks for a token twice")
    page = open_live(open_page, "/tickets", agent)
    row = page.locator(".ticket-row", has_text=shown["title"])
    expect(row).to_be_visible()
    open_count = page.locator(".stats__tile--open .stats__count")
    expect(open_count).not_to_have_text("–")
    opened_before = int(open_count.inner_text())

    new = file_ticket(server, customer["token"], "Live: badge reader beeps red")
    show = page.get_by_role("button", name="1 new ticket — show")
    expect(show).to_be_visible(timeout=SOON)
    expect(page.locator(".ticket-row", has_text=new["title"])).to_have_count(0)
    expect(open_count).to_have_text(str(opened_before + 1), timeout=SOON)

    # A visible row changes where it is.
    status, _ = server.call("PATCH", f"/api/tickets/{shown['id']}",
                            {"priority": "urgent", "assignee_id": agent["user"]["id"]}, token=agent["token"])
    assert status == 200
    expect(row.locator(".badge--priority-urgent")).to_be_visible(timeout=SOON)
    expect(row).to_contain_text(f"assigned to {agent['user']['username']}")
    comment(server, customer["token"], shown, "It asks again after lunch.")
    expect(row.locator(".ticket-row__activity")).to_contain_text(
        f"Last reply by {customer['user']['username']}", timeout=SOON)

    show.click()
    expect(page.locator(".ticket-row", has_text=new["title"])).to_be_visible()
    expect(show).to_have_count(0)
    assert_not_reloaded(page)


def test_after_a_server_restart_the_page_reconnects_and_misses_nothing(open_page, tmp_path):
    with running_server(tmp_path) as own:
        agent = own.sign_in(own.create_user("live.restart.agent", "agent"))
        token, user = own.register("live.restart.customer")
        ticket = file_ticket(own, token, "Live: the Wi-Fi drops every hour")
        page = open_ticket(open_page, ticket, {"token": token, "user": user}, base_url=own.base)
        comment(own, agent["token"], ticket, "Before the restart: which floor?")
        expect(comment_text(page, "Before the restart")).to_be_visible(timeout=SOON)

        offline = page.get_by_role("status").filter(has_text="Offline — reconnecting…")
        own.fixed_port = own.port
        own.stop()
        expect(offline).to_be_visible(timeout=10_000)
        own.start()
        # Posted at once, most likely before the page is back: the stream replays it (Last-Event-ID).
        comment(own, agent["token"], ticket, "Right after the restart: is it better?")
        expect(offline).to_be_hidden(timeout=30_000)
        wait_until_live(page)
        comment(own, agent["token"], ticket, "Once reconnected: thanks for waiting.")
        expect(comment_text(page, "Right after the restart")).to_be_visible(timeout=SOON)
        expect(comment_text(page, "Once reconnected")).to_be_visible(timeout=SOON)
        expect(page.locator(".comment")).to_have_count(3)
        assert_not_reloaded(page)
        page.tracked.errors[:] = [text for text in page.tracked.errors if text != REFUSED]
