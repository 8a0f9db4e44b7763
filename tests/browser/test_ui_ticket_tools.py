"""The ticket page's team tools: tags typed by keyboard, the customer's other tickets beside the
ticket, and merging a ticket into another of the same customer. Customers see none of them,
except the banner on a merged ticket."""

import re

import pytest
from playwright.sync_api import expect

from helpers import comment, file_ticket


@pytest.fixture
def other_customer(server, request):
    token, user = server.register(f"tool2.{request.node.name[5:25].replace('_', '.')}")
    return {"token": token, "user": user}


def test_tags_are_typed_by_keyboard_kept_and_hidden_from_the_customer(open_page, server, agent, customer):
    ticket = file_ticket(server, customer["token"], "Invoice shows the wrong VAT rate")
    # A tag already in use, for the autocomplete to offer.
    earlier = file_ticket(server, customer["token"], "Old invoice question")
    status, body = server.call("PATCH", f"/api/tickets/{earlier['id']}", {"tags": ["invoicing-eu"]}, token=agent["token"])
    assert status == 200, body

    page = open_page(session=agent)
    page.goto(f"/tickets/{ticket['id']}")
    panel = page.get_by_role("region", name="Tags")
    expect(panel).to_contain_text("No tags yet.")
    box = page.get_by_label("Add tag")

    # Pick a suggestion with the arrow keys.
    box.press_sequentially("invo")
    suggestion = page.get_by_role("option", name=re.compile(r"^invoicing-eu"))
    expect(suggestion).to_be_visible()
    box.press("ArrowDown")
    expect(suggestion).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    chips = panel.get_by_role("list", name="Tags").get_by_role("link")
    expect(chips).to_have_text(["invoicing-eu"])
    expect(panel.get_by_role("status")).to_have_text("Tag invoicing-eu added")

    # A typed tag is trimmed and lower-cased; a bad one is refused before it is sent.
    box.press_sequentially("  VIP ")
    box.press("Enter")
    expect(chips).to_have_text(["invoicing-eu", "vip"])
    box.press_sequentially("two words")
    box.press("Enter")
    expect(panel.get_by_role("alert")).to_contain_text("1-32 letters")
    expect(box).to_have_attribute("aria-invalid", "true")
    box.fill("")
    expect(panel.get_by_role("alert")).to_have_count(0)

    # Backspace in the empty box takes the last tag off; the remove buttons take any.
    box.press_sequentially("refund")
    box.press("Enter")
    expect(chips).to_have_text(["invoicing-eu", "refund", "vip"])
    box.press("Backspace")
    expect(chips).to_have_text(["invoicing-eu", "refund"])
    expect(panel.get_by_role("status")).to_have_text("Tag vip removed")
    panel.get_by_role("button", name="Remove tag refund").click()
    expect(chips).to_have_text(["invoicing-eu"])
    expect(box).to_be_focused()
    box.press_sequentially("vip")
    box.press("Enter")
    expect(chips).to_have_text(["invoicing-eu", "vip"])

    page.reload()
    expect(chips).to_have_text(["invoicing-eu", "vip"])
    expect(panel.get_by_role("link", name="vip")).to_have_attribute("href", "/tickets?tag=vip")
    status, saved = server.call("GET", f"/api/tickets/{ticket['id']}", token=agent["token"])
    assert status == 200 and saved["tags"] == ["invoicing-eu", "vip"], saved

    # The customer sees their ticket without any of the team's tools.
    mine = open_page(session=customer)
    mine.goto(f"/tickets/{ticket['id']}")
    expect(mine.get_by_role("heading", level=1)).to_have_text(ticket["title"])
    expect(mine.get_by_role("region", name="Tags")).to_have_count(0)
    expect(mine.get_by_text("invoicing-eu")).to_have_count(0)
    expect(mine.get_by_label("Add tag")).to_have_count(0)
    expect(mine.get_by_role("button", name="Merge into…")).to_have_count(0)
    expect(mine.get_by_text("Other tickets from")).to_have_count(0)


def test_the_side_panel_lists_the_customers_other_tickets(open_page, server, agent, customer, other_customer):
    tickets = [file_ticket(server, customer["token"], f"Laptop question {number}") for number in range(1, 8)]
    stranger = file_ticket(server, other_customer["token"], "Someone else's VPN trouble")
    username = customer["user"]["username"]
    status, _ = server.call("PATCH", f"/api/tickets/{tickets[1]['id']}", {"status": "closed"}, token=agent["token"])
    assert status == 200

    page = open_page(session=agent)
    page.goto(f"/tickets/{tickets[3]['id']}")
    panel = page.get_by_role("complementary", name="The customer’s other tickets")
    expect(panel.get_by_role("heading")).to_have_text(f"Other tickets from {username}")
    links = panel.get_by_role("listitem").get_by_role("link")
    # The five latest others, newest first: not the open ticket, not the oldest, not anyone else's.
    expect(links).to_have_text([f"Laptop question {number}" for number in (7, 6, 5, 3, 2)])
    expect(panel.get_by_role("listitem").filter(has_text="Laptop question 2").locator(".badge--status-closed")).to_be_visible()
    expect(panel).not_to_contain_text(stranger["title"])
    everything = panel.get_by_role("link", name=f"All tickets from {username}")
    expect(everything).to_have_attribute("href", f"/tickets?author_id={customer['user']['id']}")

    links.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laptop question 7")
    expect(links).to_have_text([f"Laptop question {number}" for number in (6, 5, 4, 3, 2)])

    page.goto(f"/tickets/{stranger['id']}")
    expect(panel.get_by_role("heading")).to_have_text(f"Other tickets from {other_customer['user']['username']}")
    expect(panel).to_contain_text("No other tickets")


def test_merging_moves_the_conversation_and_marks_the_source(open_page, server, agent, customer, other_customer):
    target = file_ticket(server, customer["token"], "Printer on floor 3 jams")
    source = file_ticket(server, customer["token"], "Printer jams again (floor 3)")
    comment(server, customer["token"], source, "It shows error E-42 this time.")
    stranger = file_ticket(server, other_customer["token"], "My printer jams too")

    page = open_page(session=agent)
    page.goto(f"/tickets/{source['id']}")
    page.get_by_role("button", name="Merge into…").click()
    dialog = page.get_by_role("dialog", name=f"Merge #{source['id']} into another ticket")
    number = dialog.get_by_label("Ticket number to merge into")
    expect(number).to_be_focused()
    confirm = dialog.get_by_role("button", name=re.compile(r"^Merge"))

    # Another customer's ticket is named, and refused in plain words.
    number.fill(str(stranger["id"]))
    expect(dialog).to_contain_text(stranger["title"])
    expect(dialog).to_contain_text(f"from {other_customer['user']['username']}")
    expect(dialog).to_contain_text("Only tickets from the same customer can be merged")
    expect(confirm).to_be_disabled()

    # The customer's other ticket is offered; picking it shows what it is.
    dialog.get_by_role("button", name=re.compile(rf"#{target['id']} ")).click()
    expect(number).to_have_value(str(target["id"]))
    expect(dialog).to_contain_text(target["title"])
    expect(dialog).not_to_contain_text("Only tickets from the same customer")
    expect(confirm).to_have_text(f"Merge #{source['id']} into #{target['id']}")
    confirm.click()

    expect(page).to_have_url(re.compile(rf"/tickets/{target['id']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(target["title"])
    expect(page.get_by_role("status").filter(has_text=f"Merged #{source['id']} into #{target['id']}")).to_be_visible()
    expect(page.locator(".comment__text", has_text="It shows error E-42 this time.")).to_be_visible()

    page.goto(f"/tickets/{source['id']}")
    banner = page.get_by_role("note").filter(has_text=f"This ticket was merged into #{target['id']}")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("link", name=f"#{target['id']}")).to_have_attribute("href", f"/tickets/{target['id']}")
    expect(page.get_by_role("button", name="Merge into…")).to_have_count(0)

    # The customer sees where their conversation went.
    mine = open_page(session=customer)
    mine.goto(f"/tickets/{source['id']}")
    expect(mine.get_by_role("note")).to_contain_text(f"This ticket was merged into #{target['id']}")
    mine.get_by_role("note").get_by_role("link", name=f"#{target['id']}").click()
    expect(mine.get_by_role("heading", level=1)).to_have_text(target["title"])
    expect(mine.locator(".comment__text", has_text="It shows error E-42 this time.")).to_be_visible()
