"""Screenshots for the README, light and dark, on the server filled by `helpdesk seed` (see conftest).

They are written to docs/screenshots/ on every run.
"""

import pytest
from playwright.sync_api import expect

from conftest import REPO

SCREENSHOTS = REPO / "docs" / "screenshots"
VIEWPORT = {"width": 1200, "height": 780}
SCHEMES = ("light", "dark")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_login_screenshot(open_page, demo, scheme):
    page = open_page(base_url=demo["server"].base, color_scheme=scheme, viewport=VIEWPORT)
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / f"login-{scheme}.png"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_dashboard_screenshot(open_page, demo, scheme):
    page = open_page(base_url=demo["server"].base, session=demo["agent"], color_scheme=scheme, viewport=VIEWPORT)
    page.goto("/tickets")
    expect(page.locator(".ticket-row").first).to_be_visible()
    expect(page.locator(".stats__chart canvas")).to_be_visible()
    page.wait_for_function("document.querySelector('.stats__chart canvas').width > 0")
    page.screenshot(path=str(SCREENSHOTS / f"dashboard-{scheme}.png"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_ticket_detail_screenshot(open_page, demo, scheme):
    page = open_page(base_url=demo["server"].base, session=demo["agent"], color_scheme=scheme, viewport=VIEWPORT)
    page.goto(f"/tickets/{demo['ticket']['id']}")
    expect(page.locator(".thumb__image")).to_have_count(2)
    expect(page.locator(".comment")).to_have_count(3)
    page.screenshot(path=str(SCREENSHOTS / f"ticket-{scheme}.png"), full_page=True)
