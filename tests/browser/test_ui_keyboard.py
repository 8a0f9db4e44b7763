"""Finding one's way by keyboard and by tab: tab titles, keyboard shortcuts for staff, and where
focus goes after "Load more"."""

import re

from playwright.sync_api import expect

from helpers import PASSWORD


def test_tabs_are_titled_after_their_page(open_page, server, staff, demo):
    page = open_page(base_url=demo["server"].base, session=demo["agent"], expected_statuses={404})
    page.goto("/tickets")
    expect(page).to_have_title("Tickets · Helpdesk")
    ticket = demo["ticket"]
    page.goto(f"/tickets/{ticket['id']}")
    expect(page).to_have_title(f"#{ticket['id']} {ticket['title']} · Helpdesk")
    page.get_by_role("link", name="New ticket").first.click()
    expect(page).to_have_title("New ticket · Helpdesk")
    page.goto("/account")
    expect(page).to_have_title("Account · Helpdesk")
    page.goto("/tickets/99999999")
    expect(page).to_have_title("Ticket #99999999 was not found · Helpdesk")

    admin = open_page(session=server.sign_in(staff["admin"]["email"]))
    admin.goto("/users")
    expect(admin).to_have_title("Users · Helpdesk")
    admin.goto("/admin/audit")
    expect(admin).to_have_title("Audit log · Helpdesk")

    visitor = open_page()
    visitor.goto("/login")
    expect(visitor).to_have_title("Sign in · Helpdesk")
    visitor.get_by_role("link", name="Register").click()
    expect(visitor).to_have_title("Create account · Helpdesk")


def test_load_more_moves_focus_to_the_first_new_row(open_page, demo):
    page = open_page(base_url=demo["server"].base, session=demo["agent"])
    page.goto("/tickets")
    rows = page.locator(".ticket-row")
    expect(rows).to_have_count(20)

    page.get_by_role("button", name="Load more").click()
    expect(rows).to_have_count(40)
    expect(rows.nth(20).get_by_role("link")).to_be_focused()

    # By keyboard, on the last page: the button goes away, focus does not fall back to the page.
    page.get_by_role("button", name="Load more").focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(41)
    expect(page.get_by_role("button", name="Load more")).to_have_count(0)
    expect(rows.nth(40).get_by_role("link")).to_be_focused()


def test_staff_work_through_the_list_by_keyboard(open_page, demo):
    page = open_page(base_url=demo["server"].base, session=demo["agent"])
    page.goto("/tickets")
    rows = page.locator(".ticket-row")
    expect(rows).to_have_count(20)

    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bis-highlighted\b"))
    expect(rows.nth(0).get_by_role("link")).to_be_focused()
    for key in ("j", "j", "k"):
        page.keyboard.press(key)
    expect(rows.nth(1)).to_have_class(re.compile(r"\bis-highlighted\b"))
    expect(rows.nth(1).get_by_role("link")).to_be_focused()
    expect(page.locator(".ticket-row.is-highlighted")).to_have_count(1)

    # Enter opens the highlighted ticket, also once focus has left the row.
    title = rows.nth(1).locator(".ticket-row__title").inner_text()
    page.get_by_role("heading", name="Tickets", exact=True).click()
    expect(rows.nth(1).get_by_role("link")).not_to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    ticket_url = page.url

    # "r" goes to the reply box; what is typed there is text, not shortcuts. The box (and its
    # shortcut) comes with the conversation, which loads after the heading: wait for it first.
    reply = page.get_by_label("Reply", exact=True)
    expect(reply).to_be_visible()
    page.keyboard.press("r")
    expect(reply).to_be_focused()
    page.keyboard.type("g t e j?")
    expect(reply).to_have_value("g t e j?")
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page.url == ticket_url
    reply.fill("")

    page.get_by_role("heading", level=1).click()
    page.keyboard.press("e")
    expect(page.get_by_label("Title")).to_be_focused()
    expect(page.get_by_label("Title")).to_have_value(title)
    page.get_by_role("button", name="Cancel").click()

    # "?" lists the shortcuts in a dialog that Escape closes.
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    expect(help_dialog).to_contain_text("Open the highlighted ticket")
    expect(help_dialog.get_by_role("button", name="Close")).to_be_focused()
    page.keyboard.press("g")
    page.keyboard.press("t")
    assert page.url == ticket_url, "shortcuts do not act behind an open dialog"
    page.keyboard.press("Escape")
    expect(help_dialog).to_have_count(0)

    page.keyboard.press("g")
    page.keyboard.press("t")
    expect(page).to_have_url(re.compile(r"/tickets$"))
    expect(page).to_have_title("Tickets · Helpdesk")


def test_customers_have_no_shortcuts(open_page, server):
    status, session = server.call("POST", "/api/auth/register", {
        "username": "keys.kim", "email": "kim@example.com", "password": PASSWORD})
    assert status == 201, session
    status, ticket = server.call("POST", "/api/tickets", {"title": "Keyboard test ticket", "description": "x"},
                                 token=session["token"])
    assert status == 201, ticket
    page = open_page(session=session)
    page.goto("/tickets")
    expect(page.locator(".ticket-row")).to_have_count(1)
    page.keyboard.press("j")
    page.keyboard.press("?")
    expect(page.locator(".ticket-row.is-highlighted")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page).to_have_title("My tickets · Helpdesk")
