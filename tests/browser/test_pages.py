"""Loading pages directly, on a phone, by keyboard, and with a session that went stale."""

import re

import pytest
from playwright.sync_api import expect

from helpers import PASSWORD, expect_no_horizontal_scroll, png, sign_in

PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def customer_ticket(server):
    account = {"username": "mobile.mia", "email": "mia@example.com", "password": PASSWORD}
    status, session = server.call("POST", "/api/auth/register", account)
    assert status == 201, session
    status, ticket = server.call(
        "POST", "/api/tickets",
        {"title": "The mobile app logs me out every few minutes, even on Wi-Fi", "description": "Since Monday.",
         "priority": "urgent"},
        token=session["token"],
    )
    assert status == 201, ticket
    server.upload_image(ticket["id"], "logout.png", png(seed=2), session["token"])
    server.call("POST", f"/api/tickets/{ticket['id']}/comments", {"text": "It happens on iOS and Android."},
               token=session["token"])
    return {"account": account, "session": session, "ticket": ticket}


def test_deep_link_to_a_ticket_loads_it(open_page, customer_ticket):
    page = open_page(session=customer_ticket["session"])
    page.goto(f"/tickets/{customer_ticket['ticket']['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(customer_ticket["ticket"]["title"])
    expect(page.get_by_text("It happens on iOS and Android.")).to_be_visible()
    expect(page.locator(".thumb__image")).to_have_count(1)

    page.get_by_role("link", name="All tickets").click()
    expect(page.get_by_role("heading", name="My tickets")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(customer_ticket["ticket"]["title"])
    page.go_forward()
    expect(page.get_by_role("heading", name="My tickets")).to_be_visible()


def test_unknown_addresses_show_not_found(open_page, customer_ticket):
    page = open_page(session=customer_ticket["session"], expected_statuses={404})
    page.goto("/tickets/999999")
    expect(page.get_by_role("heading", name="Ticket #999999 was not found")).to_be_visible()
    page.goto("/no/such/page")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.get_by_role("link", name="Back to tickets").click()
    expect(page).to_have_url(re.compile(r"/tickets$"))


def test_customers_cannot_open_the_users_page(open_page, customer_ticket):
    page = open_page(session=customer_ticket["session"])
    page.goto("/users")
    expect(page.get_by_role("heading", name="You don’t have access to this page")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Users")).to_have_count(0)


def test_a_stale_token_signs_out_and_returns_after_login(open_page, customer_ticket):
    stale = {**customer_ticket["session"], "token": "not-a-valid-token"}
    page = open_page(session=stale, expected_statuses={401})
    ticket_id = customer_ticket["ticket"]["id"]
    page.goto(f"/tickets/{ticket_id}")
    expect(page).to_have_url(re.compile(rf"/login\?redirectTo=%2Ftickets%2F{ticket_id}$"))
    assert page.evaluate("localStorage.getItem('helpdesk.token')") is None
    sign_in(page, customer_ticket["account"])
    expect(page.get_by_role("heading", level=1)).to_have_text(customer_ticket["ticket"]["title"])


def test_wrong_password_is_reported_on_the_form(open_page, customer_ticket):
    page = open_page(expected_statuses={401})
    page.goto("/login")
    sign_in(page, {**customer_ticket["account"], "password": "not-the-password"})
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_registration_shows_field_errors_from_the_server(open_page):
    page = open_page(expected_statuses={422, 400})
    page.goto("/register")
    page.get_by_label("Username").fill("x")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    for label in ("Username", "Email", "Password"):
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field__error")).to_have_count(3)


def test_login_works_by_keyboard_alone(open_page, customer_ticket):
    page = open_page()
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    email = page.get_by_label("Email")
    for _ in range(6):
        if page.evaluate("document.activeElement?.type") == "email":
            break
        page.keyboard.press("Tab")
    expect(email).to_be_focused()
    outline = email.evaluate("element => getComputedStyle(element).boxShadow")
    assert outline != "none", "focused inputs need a visible focus ring"
    page.keyboard.type(customer_ticket["account"]["email"])
    page.keyboard.press("Tab")
    page.keyboard.type(customer_ticket["account"]["password"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My tickets")).to_be_visible()


def test_phone_layout_fits_375_pixels(open_page, customer_ticket):
    page = open_page(session=customer_ticket["session"], viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto("/tickets")
    expect(page.locator(".ticket-row").first).to_be_visible()
    expect(page.locator(".brand")).to_contain_text("Helpdesk")
    expect_no_horizontal_scroll(page)

    page.locator(".ticket-row__title").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".thumb__image")).to_have_count(1)
    expect_no_horizontal_scroll(page)

    page.goto("/tickets/new")
    expect(page.get_by_label("Title")).to_be_visible()
    expect_no_horizontal_scroll(page)

    page.goto("/login")
    expect(page).to_have_url(re.compile(r"/tickets$"))


def test_load_more_pages_through_the_cursor(open_page, demo):
    page = open_page(base_url=demo["server"].base, session=demo["agent"])
    page.goto("/tickets")
    rows = page.locator(".ticket-row")
    expect(rows).to_have_count(20)
    page.get_by_role("button", name="Load more").click()
    expect(rows).to_have_count(40)
    page.get_by_role("button", name="Load more").click()
    expect(rows).to_have_count(41)
    expect(page.get_by_role("button", name="Load more")).to_have_count(0)
    ids = page.locator(".ticket-row__id").all_inner_texts()
    assert len(set(ids)) == 41, "pages must not repeat tickets"


def test_status_filter_is_kept_in_the_address(open_page, demo):
    page = open_page(base_url=demo["server"].base, session=demo["agent"])
    page.goto("/tickets")
    page.get_by_role("button", name=re.compile(r"^In progress")).click()
    expect(page).to_have_url(re.compile(r"status=in_progress"))
    expect(page.get_by_label("Status", exact=True)).to_have_value("in_progress")
    expect(page.locator(".ticket-row .badge--status-open")).to_have_count(0)
    page.reload()
    expect(page.get_by_label("Status", exact=True)).to_have_value("in_progress")
    expect(page.locator(".ticket-row").first).to_contain_text("In progress")


def test_author_edits_the_ticket_text(open_page, customer_ticket):
    page = open_page(session=customer_ticket["session"])
    page.goto(f"/tickets/{customer_ticket['ticket']['id']}")
    page.get_by_role("button", name="Edit").click()
    page.get_by_label("Description").fill("Since Monday, on iOS 17 and Android 14.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Since Monday, on iOS 17 and Android 14.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(customer_ticket["ticket"]["title"])
