"""The ticket list's team tools for agents: filtering by tag (kept in the address, shown as
chips), ticking rows (shift-click ranges, select all) and changing them all at once from the
action bar, exporting the filtered list as CSV, and the list of one customer's tickets. A
customer's list has none of them."""

import csv
import io
import re

from playwright.sync_api import expect

from helpers import file_ticket

CSV_HEADER = ["id", "title", "status", "priority", "author", "assignee", "tags", "created_at", "updated_at",
              "last_reply_at", "description"]


def tag(server, agent, ticket, *tags):
    status, body = server.call("PATCH", f"/api/tickets/{ticket['id']}", {"tags": list(tags)}, token=agent["token"])
    assert status == 200, body
    return body


def ticket_status(server, agent, ticket):
    status, body = server.call("GET", f"/api/tickets/{ticket['id']}", token=agent["token"])
    assert status == 200, body
    return body["status"]


def rows(page):
    return page.get_by_role("list", name="Tickets").get_by_role("listitem").filter(
        has=page.locator(".ticket-row__title"))


def row(page, ticket):
    return page.locator(".ticket-row").filter(has=page.get_by_role("link", name=ticket["title"], exact=True))


def test_filter_the_list_by_tag(open_page, server, customer, agent):
    billing = file_ticket(server, customer["token"], "Team list: invoice shows the wrong VAT")
    other = file_ticket(server, customer["token"], "Team list: password reset mail is late")
    tag(server, agent, billing, "tl-billing", "tl-vip")
    page = open_page(session=agent)
    page.goto("/tickets")
    expect(row(page, other)).to_be_visible()
    expect(row(page, billing).get_by_role("button", name="Add filter: tag tl-vip")).to_be_visible()

    # Suggestions come from the tags in use; the arrow keys pick one and Enter takes it.
    field = page.get_by_label("Filter by tag")
    field.fill("tl-bil")
    expect(page.get_by_role("option", name=re.compile(r"^tl-billing"))).to_be_visible()
    field.press("ArrowDown")
    expect(page.get_by_role("option", name=re.compile(r"^tl-billing"))).to_have_attribute("aria-selected", "true")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/tickets\?tag=tl-billing$"))
    expect(field).to_have_value("")
    expect(row(page, billing)).to_be_visible()
    expect(row(page, other)).to_have_count(0)
    expect(rows(page)).to_have_count(1)
    chips = page.get_by_role("list", name="Active filters")
    expect(chips).to_contain_text("Tag: tl-billing")

    # A reload keeps the filter; a typed tag joins it with Enter; a bad one is explained.
    page.reload()
    expect(rows(page)).to_have_count(1)
    field.fill("Not a tag!")
    field.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("A tag is 1-32")
    expect(page).to_have_url(re.compile(r"/tickets\?tag=tl-billing$"))
    field.fill("TL-nothing-has-this")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/tickets\?tag=tl-billing&tag=tl-nothing-has-this$"))
    expect(page.get_by_role("heading", name="No tickets match these filters")).to_be_visible()

    # Each chip removes its own tag.
    page.get_by_role("button", name="Remove filter: tag tl-nothing-has-this").click()
    expect(page).to_have_url(re.compile(r"/tickets\?tag=tl-billing$"))
    expect(row(page, billing)).to_be_visible()
    page.get_by_role("button", name="Remove filter: tag tl-billing").click()
    expect(page).to_have_url(re.compile(r"/tickets$"))
    expect(row(page, other)).to_be_visible()
    expect(chips).to_have_count(0)

    # A tag on a row filters by it.
    row(page, billing).get_by_role("button", name="Add filter: tag tl-vip").click()
    expect(page).to_have_url(re.compile(r"/tickets\?tag=tl-vip$"))
    expect(rows(page)).to_have_count(1)


def test_bulk_close_three_tickets(open_page, server, customer, agent):
    tickets = [file_ticket(server, customer["token"], f"Bulkclose {name} printer") for name in
               ("one", "two", "three", "four")]
    newest_first = list(reversed(tickets))
    page = open_page(session=agent, expected_statuses={404})
    page.goto("/tickets?q=Bulkclose")
    expect(rows(page)).to_have_count(4)
    select_all = page.get_by_label("Select all on this page")
    box = {ticket["id"]: page.get_by_label(f"Select ticket #{ticket['id']}") for ticket in tickets}

    # A box ticked by keyboard, then a shift-click ticks the range down to "two".
    box[newest_first[0]["id"]].focus()
    page.keyboard.press("Space")
    expect(box[newest_first[0]["id"]]).to_be_checked()
    box[newest_first[2]["id"]].click(modifiers=["Shift"])
    for ticket in newest_first[:3]:
        expect(box[ticket["id"]]).to_be_checked()
    expect(box[newest_first[3]["id"]]).not_to_be_checked()
    assert select_all.evaluate("box => box.indeterminate")
    bar = page.get_by_role("form", name="Change selected tickets")
    expect(bar.get_by_text("3 selected")).to_be_visible()

    # A refusal says why and keeps the selection (the server is made to refuse once).
    page.route("**/api/tickets/bulk", lambda route: route.fulfill(
        status=404, content_type="application/json", body='{"error":true,"reason":"Ticket 999 not found."}'))
    bar.get_by_label("Set status").select_option("closed")
    bar.get_by_role("button", name="Apply to 3").click()
    expect(bar.get_by_role("alert")).to_contain_text("Nothing was changed: Ticket 999 not found.")
    expect(bar.get_by_text("3 selected")).to_be_visible()
    page.unroute("**/api/tickets/bulk")

    bar.get_by_role("button", name="Apply to 3").click()
    expect(page.get_by_role("status").filter(has_text="Closed 3 tickets")).to_be_visible()
    expect(bar).to_have_count(0)
    expect(select_all).to_be_focused()
    for ticket in newest_first[:3]:
        expect(row(page, ticket).locator(".badge--status-closed")).to_be_visible()
        assert ticket_status(server, agent, ticket) == "closed"
    assert ticket_status(server, agent, newest_first[3]) == "open"
    expect(row(page, newest_first[3]).locator(".badge--status-open")).to_be_visible()

    # Select all, then more changes at once: a tag and the assignee; the rows update in place.
    select_all.check()
    expect(bar.get_by_text("4 selected")).to_be_visible()
    bar.get_by_label("Add tag").fill("bulk-done")
    bar.get_by_label("Assign to").select_option(label=f"Me ({agent['user']['username']})")
    bar.get_by_role("button", name="Apply to 4").click()
    expect(page.get_by_role("status").filter(
        has_text=f"Updated 4 tickets: assigned to {agent['user']['username']}, tag bulk-done added")).to_be_visible()
    for ticket in tickets:
        expect(row(page, ticket).get_by_role("button", name="Add filter: tag bulk-done")).to_be_visible()
        expect(row(page, ticket)).to_contain_text(f"assigned to {agent['user']['username']}")

    # Other filters let go of the selection; "Clear selection" does too.
    box[tickets[0]["id"]].check()
    expect(bar).to_be_visible()
    bar.get_by_role("button", name="Clear selection").click()
    expect(bar).to_have_count(0)
    box[tickets[0]["id"]].check()
    page.get_by_label("Status", exact=True).select_option("closed")
    expect(rows(page)).to_have_count(3)
    expect(bar).to_have_count(0)
    expect(page.get_by_label(f"Select ticket #{tickets[1]['id']}")).not_to_be_checked()


def test_export_the_filtered_list_as_csv(open_page, server, customer, agent):
    exported = [file_ticket(server, customer["token"], f"Export me {n}") for n in (1, 2)]
    left_out = file_ticket(server, customer["token"], "Export me not")
    for ticket in exported:
        tag(server, agent, ticket, "tl-export")
    page = open_page(session=agent)
    page.goto("/tickets?tag=tl-export")
    expect(rows(page)).to_have_count(2)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    download = download_info.value
    assert re.fullmatch(r"tickets-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename), download.suggested_filename
    with open(download.path(), encoding="utf-8", newline="") as file:
        table = list(csv.reader(io.StringIO(file.read())))
    assert table[0] == CSV_HEADER
    assert sorted(int(line[0]) for line in table[1:]) == sorted(ticket["id"] for ticket in exported)
    assert left_out["id"] not in [int(line[0]) for line in table[1:]]
    assert all(line[6] == "tl-export" for line in table[1:])
    expect(page.get_by_role("button", name="Export CSV")).to_be_enabled()

    # A failed export says why and can be tried again.
    page.route("**/api/tickets/export.csv*", lambda route: route.fulfill(
        status=503, content_type="application/json", body='{"error":true,"reason":"The database is busy."}'))
    page.tracked.expected_statuses.add(503)
    page.get_by_role("button", name="Export CSV").click()
    expect(page.get_by_role("alert")).to_contain_text("The export failed: The database is busy.")


def test_one_customers_tickets(open_page, server, customer, agent):
    theirs = file_ticket(server, customer["token"], "Customer filter: the scanner is offline")
    other_token, _ = server.register("team.someone.else")
    someone_elses = file_ticket(server, other_token, "Customer filter: not this one")
    page = open_page(session=agent)
    page.goto(f"/tickets?author_id={customer['user']['id']}")
    expect(row(page, theirs)).to_be_visible()
    expect(row(page, someone_elses)).to_have_count(0)
    chips = page.get_by_role("list", name="Active filters")
    expect(chips).to_contain_text(f"Customer: {customer['user']['username']}")

    # The customer filter goes into the export as well.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    with open(download_info.value.path(), encoding="utf-8", newline="") as file:
        table = list(csv.reader(file))
    assert {line[4] for line in table[1:]} == {customer["user"]["username"]}

    page.get_by_role("button", name=f"Remove filter: customer {customer['user']['username']}").click()
    expect(page).to_have_url(re.compile(r"/tickets$"))
    expect(row(page, someone_elses)).to_be_visible()


def test_customers_have_none_of_the_team_tools(open_page, server, customer):
    file_ticket(server, customer["token"], "Team list: a customer's own ticket")
    page = open_page(session=customer)
    page.goto("/tickets?tag=anything&author_id=1")
    expect(page.get_by_role("heading", name="My tickets")).to_be_visible()
    expect(rows(page)).to_have_count(1)
    expect(page.get_by_label("Filter by tag")).to_have_count(0)
    expect(page.get_by_label("Select all on this page")).to_have_count(0)
    expect(page.get_by_role("checkbox")).to_have_count(0)
    expect(page.get_by_role("button", name="Export CSV")).to_have_count(0)
    expect(page.get_by_role("list", name="Active filters")).to_have_count(0)
