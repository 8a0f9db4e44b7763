"""One support request from start to finish, walked by a customer, an agent and an admin.

The tests run in file order and share `story`; each step builds on the one before.
"""

import re

import pytest
from playwright.sync_api import expect

from helpers import PASSWORD, drop_file, open_user_menu, paste_file, png, sign_in, ticket_id_from_url

TITLE = "Invoice PDF export crashes the browser tab"
DESCRIPTION = "Clicking Export on any invoice freezes the tab. Screenshots attached."
REPLY = "Thanks for the report! We have reproduced it and a fix is on its way."
NOTE = "Looks like the PDF worker runs out of memory above 40 pages."


@pytest.fixture(scope="module")
def story():
    return {"customer": {"username": "carla", "email": "carla@example.com", "password": PASSWORD}}


def test_customer_registers_and_opens_a_ticket_with_screenshots(open_page, story):
    customer = story["customer"]
    page = open_page()
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/register$"))

    page.get_by_label("Username").fill(customer["username"])
    page.get_by_label("Email").fill(customer["email"])
    page.get_by_label("Password").fill(customer["password"])
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/tickets$"))
    expect(page.get_by_role("heading", name="You have no tickets yet")).to_be_visible()
    expect(page.locator(".user-menu__toggle")).to_contain_text(customer["username"])

    page.get_by_role("link", name="New ticket").first.click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Priority").select_option("high")

    page.get_by_label("Description").focus()
    paste_file(page, png(seed=1))
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "export-dialog.png", "mimeType": "image/png", "buffer": png(seed=3)}]
    )
    uploads = page.get_by_role("list", name="Images to upload").get_by_role("listitem")
    expect(uploads).to_have_count(2)
    expect(uploads.first).to_contain_text(re.compile(r"pasted-.*\.png"))

    page.get_by_role("button", name="Create ticket").click()
    expect(page).to_have_url(re.compile(r"/tickets/\d+$"))
    story["ticket_id"] = ticket_id_from_url(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    thumbnails = page.locator(".thumb__image")
    expect(thumbnails).to_have_count(2)
    expect(thumbnails.first).to_have_attribute("src", re.compile(r"^blob:"))

    page.get_by_role("button", name="Open export-dialog.png full size").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("img", name="export-dialog.png")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    page.get_by_role("link", name="All tickets").click()
    row = page.locator(".ticket-row", has_text=TITLE)
    expect(row).to_contain_text("Open")
    expect(row).to_contain_text("High")
    expect(row).to_contain_text("unassigned")
    expect(page.locator(".stats__tile--open .stats__count")).to_have_text("1")


def test_wrong_files_are_refused_before_upload(open_page, server, story):
    session = server.sign_in(story["customer"]["email"], story["customer"]["password"])
    page = open_page(session=session)
    page.goto("/tickets/new")

    page.locator("input[type=file]").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}]
    )
    expect(page.get_by_role("alert")).to_contain_text("notes.txt is not a PNG, JPEG, GIF or WebP image.")

    drop_file(page, ".dropzone", b"\0" * (5 * 1024 * 1024 + 1), "huge.png", "image/png")
    expect(page.get_by_role("alert")).to_contain_text("images can be at most 5 MiB")
    expect(page.get_by_role("list", name="Images to upload")).to_have_count(0)


def test_server_rejection_of_an_image_is_shown(open_page, server, story):
    session = server.sign_in(story["customer"]["email"], story["customer"]["password"])
    page = open_page(session=session, expected_statuses={415})
    page.goto(f"/tickets/{story['ticket_id']}")
    expect(page.locator(".thumb__image")).to_have_count(2)

    # Named and typed as a PNG, so it passes the client check; the server looks at the bytes.
    page.get_by_label("Add screenshots").set_input_files(
        files=[{"name": "fake.png", "mimeType": "image/png", "buffer": b"this is not an image"}]
    )
    failed = page.locator(".upload-item--failed")
    expect(failed).to_contain_text("fake.png")
    expect(failed.get_by_role("alert")).to_contain_text("Only PNG, JPEG, GIF and WebP images are accepted")
    failed.get_by_role("button", name="Remove fake.png").click()
    expect(failed).to_have_count(0)

    # The author may delete their own screenshots, after confirming.
    page.get_by_role("button", name="Delete export-dialog.png").click()
    page.get_by_role("group", name="Delete export-dialog.png?").get_by_role("button", name="Delete").click()
    expect(page.locator(".thumb__image")).to_have_count(1)
    expect(page.get_by_role("button", name="Open export-dialog.png full size")).to_have_count(0)


def test_agent_finds_the_ticket_answers_and_takes_it(open_page, staff, story):
    agent = staff["agent"]
    page = open_page()
    page.goto("/tickets")
    expect(page).to_have_url(re.compile(r"/login\?redirectTo=%2Ftickets$"))
    sign_in(page, agent)
    expect(page).to_have_url(re.compile(r"/tickets$"))

    page.get_by_label("Search").fill("PDF export")
    expect(page).to_have_url(re.compile(r"q=PDF\+export"))
    rows = page.locator(".ticket-row")
    expect(rows).to_have_count(1)
    page.get_by_label("Search").fill("no such words anywhere")
    expect(page.get_by_role("heading", name="No tickets match these filters")).to_be_visible()
    page.get_by_label("Search").fill("PDF export")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    page.get_by_role("switch", name="Internal note").check()
    page.get_by_label("Internal note (agents and admins only)").fill(NOTE)
    page.get_by_role("button", name="Add internal note").click()
    note = page.locator(".comment--internal", has_text=NOTE)
    expect(note).to_be_visible()
    expect(note).to_contain_text("Internal note")

    page.get_by_label("Reply", exact=True).fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    reply = page.locator(".comment", has_text=REPLY)
    expect(reply).to_be_visible()
    expect(reply).not_to_have_class(re.compile("comment--internal"))
    expect(page.locator(".thread > .comment")).to_have_count(2)

    page.get_by_label("Assignee").select_option(label=f"{agent['username']} (me)")
    expect(page.get_by_label("Assignee")).to_be_enabled()
    page.get_by_label("Status").select_option("in_progress")
    expect(page.locator(".ticket-body .badge--status-in_progress")).to_have_text("In progress")

    page.reload()
    expect(page.get_by_label("Status")).to_have_value("in_progress")
    expect(page.get_by_label("Assignee").locator("option:checked")).to_have_text(f"{agent['username']} (me)")

    page.goto("/tickets?assignee=me")
    expect(page.get_by_label("Assignee")).to_have_value("me")
    expect(page.locator(".ticket-row", has_text=TITLE)).to_contain_text(f"assigned to {agent['username']}")


def test_customer_sees_the_reply_but_not_the_note_and_closes(open_page, story):
    customer = story["customer"]
    page = open_page()
    page.goto(f"/tickets/{story['ticket_id']}")
    expect(page).to_have_url(re.compile(rf"/login\?redirectTo=%2Ftickets%2F{story['ticket_id']}$"))
    sign_in(page, customer)
    expect(page).to_have_url(re.compile(rf"/tickets/{story['ticket_id']}$"))

    expect(page.get_by_text(REPLY)).to_be_visible()
    expect(page.get_by_text(NOTE)).to_have_count(0)
    expect(page.locator(".comment--internal")).to_have_count(0)
    expect(page.get_by_role("switch", name="Internal note")).to_have_count(0)
    expect(page.get_by_label("Status")).to_have_count(0)

    page.get_by_role("button", name="Close ticket").click()
    expect(page.locator(".ticket-body .badge--status-closed")).to_have_text("Closed")
    expect(page.get_by_role("button", name="Reopen ticket")).to_be_visible()

    open_user_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_admin_promotes_a_customer_to_agent(open_page, staff, story):
    admin = staff["admin"]
    page = open_page(expected_statuses={409})
    page.goto("/login")
    sign_in(page, admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()

    page.get_by_label(f"Role of {story['customer']['username']}").select_option("agent")
    expect(page.get_by_role("status").filter(has_text="carla is now agent.")).to_be_visible()

    # Demoting the only admin is refused with the server's reason (after confirming: it removes admin rights).
    page.get_by_label(f"Role of {admin['username']}").select_option("customer")
    page.get_by_role("dialog").get_by_role("button", name="Remove admin rights").click()
    expect(page.get_by_role("alert")).to_contain_text("last active admin")
    expect(page.get_by_label(f"Role of {admin['username']}")).to_have_value("admin")


def test_promoted_agent_gets_agent_tools(open_page, server, story):
    session = server.sign_in(story["customer"]["email"], story["customer"]["password"])
    assert session["user"]["role"] == "agent"
    page = open_page(session=session)
    page.goto(f"/tickets/{story['ticket_id']}")
    expect(page.get_by_label("Status")).to_have_value("closed")
    expect(page.get_by_text(NOTE)).to_be_visible()


def test_admin_deletes_a_ticket_after_confirming(open_page, server, staff):
    admin_session = server.sign_in(staff["admin"]["email"], staff["admin"]["password"])
    status, ticket = server.call("POST", "/api/tickets", {"title": "Duplicate of another ticket", "description": "x"},
                                token=admin_session["token"])
    assert status == 201, ticket
    page = open_page(session=admin_session)
    page.goto(f"/tickets/{ticket['id']}")
    page.get_by_role("button", name="Delete ticket").click()
    page.get_by_role("group").get_by_role("button", name="Delete ticket").click()
    expect(page).to_have_url(re.compile(r"/tickets$"))
    assert server.call("GET", f"/api/tickets/{ticket['id']}", token=admin_session["token"])[0] == 404


def test_changing_the_password_keeps_the_user_signed_in(open_page, server):
    account = {"username": "pat", "email": "pat@example.com", "password": PASSWORD}
    status, session = server.call("POST", "/api/auth/register", account)
    assert status == 201, session
    page = open_page(session=session)
    page.goto("/account")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("another-secret-77")
    page.get_by_label("Repeat new password").fill("another-secret-77")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed.")).to_be_visible()
    page.goto("/tickets")
    expect(page.get_by_role("heading", name="My tickets")).to_be_visible()
    assert server.call("GET", "/api/auth/me", token=session["token"])[0] == 401
