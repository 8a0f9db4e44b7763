"""What the ticket pages say back: links in comments, confirmations and errors of the side panel,
"Send and close", the note after a deletion, and refused images."""

import json
import re

import pytest
from playwright.sync_api import expect

STATUS_PAGE = "https://status.example.com/incidents?id=7&view=full"
COMMENT = (f"Known outage (see {STATUS_PAGE}). Do not run javascript:alert(document.cookie) "
           "or open data:text/html,<script>alert(1)</script> — <b>thanks</b>!")


@pytest.fixture
def customer(server, request):
    token, user = server.register(f"fb.{request.node.name[5:25].replace('_', '.')}")
    return {"token": token, "user": user}


def file_ticket(server, token, title, priority="low"):
    status, ticket = server.call("POST", "/api/tickets", {"title": title, "description": "Details.", "priority": priority},
                                 token=token)
    assert status == 201, ticket
    return ticket


def test_addresses_in_comments_are_safe_links(open_page, server, customer):
    ticket = file_ticket(server, customer["token"], "Printer offline again")
    status, body = server.call("POST", f"/api/tickets/{ticket['id']}/comments", {"text": COMMENT},
                               token=customer["token"])
    assert status == 201, body
    page = open_page(session=customer)
    page.goto(f"/tickets/{ticket['id']}")
    comment = page.locator(".comment__text")
    expect(comment).to_have_text(COMMENT)

    link = comment.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_have_text(STATUS_PAGE)
    expect(link).to_have_attribute("href", STATUS_PAGE)
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(comment.locator("b, script")).to_have_count(0)


def test_side_panel_confirms_each_change_and_shows_errors_by_the_control(open_page, server, staff, customer):
    ticket = file_ticket(server, customer["token"], "Scanner saves blank pages")
    agent = server.sign_in(staff["agent"]["email"])
    page = open_page(session=agent, expected_statuses={404})
    page.goto(f"/tickets/{ticket['id']}")
    confirmation = page.locator(".side-card").get_by_role("status")

    page.get_by_label("Status").select_option("closed")
    expect(confirmation).to_have_text("Status changed to Closed")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_have_attribute("role", "status")
    page.get_by_label("Priority").select_option("high")
    expect(confirmation).to_have_text("Priority changed to High")
    page.get_by_label("Assignee").select_option(label=f"{staff['agent']['username']} (me)")
    expect(confirmation).to_have_text(f"Assigned to {staff['agent']['username']}")
    expect(confirmation).to_have_text("", timeout=9000)

    # The ticket goes away behind the agent's back: the refusal shows at the priority control.
    admin = server.sign_in(staff["admin"]["email"])
    assert server.call("DELETE", f"/api/tickets/{ticket['id']}", token=admin["token"])[0] in (200, 204)
    page.get_by_label("Priority").select_option("urgent")
    priority_field = page.locator(".field", has=page.get_by_label("Priority"))
    expect(priority_field.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Priority")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field", has=page.get_by_label("Status")).get_by_role("alert")).to_have_count(0)
    expect(page.locator(".side-card > .alert")).to_have_count(0)
    expect(confirmation).to_have_text("")


def test_send_and_close_replies_then_closes(open_page, server, staff, customer):
    ticket = file_ticket(server, customer["token"], "Badge reader beeps twice")
    agent = server.sign_in(staff["agent"]["email"])
    page = open_page(session=agent)
    page.goto(f"/tickets/{ticket['id']}")
    expect(page.get_by_role("button", name="Send and mark in progress")).to_be_visible()

    page.get_by_label("Reply", exact=True).fill("The reader firmware is updated; closing.")
    page.get_by_role("button", name="Send and close").click()
    expect(page.locator(".comment", has_text="The reader firmware is updated")).to_be_visible()
    expect(page.get_by_label("Status")).to_have_value("closed")
    expect(page.locator(".ticket-body .badge--status-closed")).to_be_visible()
    expect(page.locator(".reply").get_by_role("status")).to_have_text("Reply sent; status changed to Closed")
    expect(page.get_by_role("button", name="Send and close")).to_have_count(0)

    # Internal notes go out on their own.
    page.get_by_role("switch", name="Internal note").check()
    expect(page.get_by_role("button", name="Send and mark in progress")).to_have_count(0)

    status, fresh = server.call("GET", f"/api/tickets/{ticket['id']}", token=agent["token"])
    assert status == 200 and fresh["status"] == "closed", fresh


def test_a_failed_status_change_keeps_the_reply_and_retries_only_the_status(open_page, server, staff, customer):
    ticket = file_ticket(server, customer["token"], "Docking station drops the second screen")
    agent = server.sign_in(staff["agent"]["email"])
    page = open_page(session=agent, expected_statuses={503})
    page.goto(f"/tickets/{ticket['id']}")

    def refuse_status_change(route):
        if route.request.method == "PATCH":
            route.fulfill(status=503, content_type="application/json",
                          body=json.dumps({"error": True, "reason": "The server is busy."}))
        else:
            route.continue_()

    address = re.compile(rf"/api/tickets/{ticket['id']}$")
    page.route(address, refuse_status_change)
    page.get_by_label("Reply", exact=True).fill("Looking into it with the vendor.")
    page.get_by_role("button", name="Send and mark in progress").click()

    problem = page.get_by_role("alert").filter(has_text="Your reply was sent")
    expect(problem).to_contain_text("could not be set to In progress: The server is busy.")
    expect(page.locator(".comment", has_text="Looking into it with the vendor.")).to_have_count(1)
    expect(page.get_by_label("Reply", exact=True)).to_have_value("")
    expect(page.get_by_label("Status")).to_have_value("open")

    page.unroute(address)
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    problem.get_by_role("button", name="Try the status change again").click()
    expect(problem).to_have_count(0)
    expect(page.get_by_label("Status")).to_have_value("in_progress")
    assert posts == [], "the reply is not sent again"

    status, comments = server.call("GET", f"/api/tickets/{ticket['id']}/comments", token=agent["token"])
    assert status == 200, comments
    assert [comment["text"] for comment in comments["items"]] == ["Looking into it with the vendor."]


def test_the_list_says_which_ticket_was_deleted(open_page, server, staff):
    admin = server.sign_in(staff["admin"]["email"])
    ticket = file_ticket(server, admin["token"], "Spam: cheap printer ink")
    page = open_page(session=admin)
    page.goto(f"/tickets/{ticket['id']}")
    page.get_by_role("button", name="Delete ticket").click()
    page.get_by_role("group").get_by_role("button", name="Delete ticket").click()
    expect(page).to_have_url(re.compile(r"/tickets$"))

    notice = page.get_by_role("status").filter(has_text=f"Ticket #{ticket['id']} deleted")
    expect(notice).to_be_visible()
    notice.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text(f"Ticket #{ticket['id']} deleted")).to_have_count(0)
    page.reload()
    expect(page.locator(".ticket-row").first).to_be_visible()
    expect(page.get_by_text(f"Ticket #{ticket['id']} deleted")).to_have_count(0)


def test_each_refused_image_keeps_its_own_message(open_page, customer):
    page = open_page(session=customer)
    page.goto("/tickets/new")
    files = page.locator("input[type=file]")
    files.set_input_files(files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}])
    files.set_input_files(files=[{"name": "huge.png", "mimeType": "image/png", "buffer": b"\0" * (6 * 1024 * 1024)}])

    messages = page.locator(".upload-rejections > li")
    expect(messages).to_have_count(2)
    expect(messages.nth(0)).to_contain_text("notes.txt is not a PNG, JPEG, GIF or WebP image.")
    expect(messages.nth(1)).to_contain_text("huge.png is 6 MiB; images can be at most 5 MiB.")

    page.get_by_role("button", name="Dismiss the message about notes.txt").click()
    expect(messages).to_have_count(1)
    expect(messages.first).to_contain_text("huge.png")
    expect(page.get_by_role("list", name="Images to upload")).to_have_count(0)


def test_status_cards_are_labelled_as_unfiltered_totals(open_page, demo):
    page = open_page(base_url=demo["server"].base, session=demo["agent"])
    page.goto("/tickets")
    cards = page.get_by_role("region", name=re.compile(r"^All tickets"))
    expect(cards.get_by_role("heading")).to_have_text("All tickets · Totals, not filtered")
    expect(cards.locator(".stats__scope")).not_to_have_class(re.compile(r"is-filtered"))
    open_card = cards.get_by_role("button", name=re.compile(r"^Open")).locator(".stats__count")
    # The counts arrive after the page: read one only once it is a number, not the "–" placeholder.
    expect(open_card).to_have_text(re.compile(r"^\s*\d"))
    open_count = open_card.inner_text()

    page.get_by_label("Priority").select_option("urgent")
    expect(page).to_have_url(re.compile(r"priority=urgent"))
    expect(cards.locator(".stats__scope")).to_have_class(re.compile(r"is-filtered"))
    expect(cards.get_by_role("button", name=re.compile(r"^Open")).locator(".stats__count")).to_have_text(open_count)
