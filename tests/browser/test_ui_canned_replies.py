"""Canned replies: staff save them on their page and put them into a reply by typing "/" or with
the "Canned replies" button, their placeholders filled; admins share them, agents use shared ones
read-only; customers see none of it."""

import re

from playwright.sync_api import expect

from helpers import file_ticket

PLACEHOLDERS = ("{{customer.username}}", "{{ticket.id}}", "{{ticket.title}}", "{{agent.username}}")


def canned_replies(server, session):
    status, body = server.call("GET", "/api/canned-replies", token=session["token"])
    assert status == 200, body
    return body["items"]


def add_reply(page, title, body, shared=None):
    """Fills in the page's "New canned reply" form and waits for the reply in the list."""
    page.get_by_role("button", name="New canned reply").click()
    form = page.get_by_role("form", name="New canned reply")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Text").fill(body)
    if shared:
        form.get_by_role("switch", name="Shared with the team").check()
    form.get_by_role("button", name="Add canned reply").click()
    expect(page.get_by_role("status").filter(has_text=f"“{title}” was added.")).to_be_visible()
    expect(form).to_have_count(0)
    return page.get_by_role("list", name="Canned replies").get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=title, exact=True))


def test_agent_saves_a_reply_and_inserts_it_by_typing_a_slash(open_page, server, staff, customer):
    agent = server.sign_in(staff["agent"]["email"])
    ticket = file_ticket(server, customer["token"], "Canned: the VPN drops at lunch")
    page = open_page(session=agent, expected_statuses={422})
    page.goto("/tickets")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Canned replies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Canned replies")
    if not canned_replies(server, agent):
        expect(page.get_by_role("heading", name="No canned replies yet")).to_be_visible()
    help_text = page.get_by_role("region", name="Placeholders")
    for placeholder in PLACEHOLDERS:
        expect(help_text).to_contain_text(placeholder)

    # Empty fields are named before anything is sent; a title too long is the server's 422.
    page.get_by_role("button", name="New canned reply").click()
    form = page.get_by_role("form", name="New canned reply")
    expect(form.get_by_label("Title")).to_be_focused()
    expect(form.get_by_role("switch", name="Shared with the team")).to_have_count(0)
    form.get_by_role("button", name="Add canned reply").click()
    expect(form.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("Text")).to_have_attribute("aria-invalid", "true")
    form.get_by_label("Title").fill("x" * 101)
    form.get_by_label("Text").fill("Too long a title.")
    form.get_by_role("button", name="Add canned reply").click()
    expect(form.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field--invalid .field__error")).to_have_count(1)
    expect(form.get_by_label("Text")).not_to_have_attribute("aria-invalid", "true")
    form.get_by_role("button", name="Cancel").click()

    body = ("Hi {{customer.username}},\nplease restart the VPN client for ticket #{{ ticket.id }} "
            "({{ticket.title}}).\n{{agent.username}} {{signature}}")
    item = add_reply(page, "VPN restart steps", body)
    expect(item).to_contain_text("please restart the VPN client")
    expect(item.get_by_text("Shared", exact=True)).to_have_count(0)
    expect(item.get_by_role("button", name="Edit VPN restart steps")).to_be_visible()

    page.goto(f"/tickets/{ticket['id']}")
    reply = page.get_by_label("Reply", exact=True)
    expect(reply).to_have_attribute("aria-expanded", "false")
    listbox = page.get_by_role("listbox", name="Canned replies")

    # Escape closes the list and keeps what was typed.
    reply.click()
    page.keyboard.type("/vpn")
    expect(listbox.get_by_role("option", name=re.compile("VPN restart steps"))).to_be_visible()
    expect(reply).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(listbox).to_have_count(0)
    expect(reply).to_have_value("/vpn")
    expect(reply).to_have_attribute("aria-expanded", "false")
    reply.fill("")

    # "/" and part of the title, ArrowDown, Enter: the "/vpn" becomes the filled reply.
    page.keyboard.type("Hello! /vpn")
    option = listbox.get_by_role("option", name=re.compile("VPN restart steps"))
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(reply).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    filled = (f"Hello! Hi {customer['user']['username']},\nplease restart the VPN client for ticket #{ticket['id']} "
              f"(Canned: the VPN drops at lunch).\n{staff['agent']['username']} {{{{signature}}}}")
    expect(reply).to_have_value(filled)
    expect(reply).to_be_focused()
    expect(listbox).to_have_count(0)
    assert page.evaluate("document.activeElement.selectionStart") == len(filled)

    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".comment__text").last).to_have_text(filled)
    expect(reply).to_have_value("")
    expect(listbox).to_have_count(0)


def test_admin_shares_a_reply_that_agents_use_read_only(open_page, server, staff, customer):
    admin = server.sign_in(staff["admin"]["email"])
    agent = server.sign_in(staff["agent"]["email"])
    ticket = file_ticket(server, customer["token"], "Canned: invoices arrive twice")

    # The admin shares one, and changes and deletes a private one (deleting asks first).
    page = open_page(session=admin)
    page.goto("/canned-replies")
    shared = add_reply(page, "Team greeting", "Thanks {{customer.username}}, ticket {{ticket.id}} is with us.",
                       shared=True)
    expect(shared.get_by_text("Shared", exact=True)).to_be_visible()
    scratch = add_reply(page, "Admin scratch", "Draft.")
    scratch.get_by_role("button", name="Edit Admin scratch").click()
    edit = page.get_by_role("form", name="Edit “Admin scratch”")
    expect(edit.get_by_role("switch", name="Shared with the team")).not_to_be_checked()
    edit.get_by_label("Text").fill("Draft, changed.")
    edit.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").filter(has_text="“Admin scratch” was saved.")).to_be_visible()
    expect(scratch).to_contain_text("Draft, changed.")
    scratch.get_by_role("button", name="Delete Admin scratch").click()
    scratch.get_by_role("group", name="Delete “Admin scratch”?").get_by_role("button", name="Cancel").click()
    expect(scratch).to_be_visible()
    scratch.get_by_role("button", name="Delete Admin scratch").click()
    scratch.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="“Admin scratch” was deleted.")).to_be_visible()
    expect(scratch).to_have_count(0)
    assert [item["title"] for item in canned_replies(server, admin) if item["title"] == "Admin scratch"] == []

    # The agent sees it, read-only.
    page = open_page(session=agent)
    page.goto("/canned-replies")
    team = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Team greeting", exact=True))
    expect(team.get_by_text("Shared", exact=True)).to_be_visible()
    expect(team).to_contain_text("you can use it, but not change it")
    expect(team.get_by_role("button")).to_have_count(0)

    # The button opens the same list with a search box; Escape gives the focus back to the button.
    page.goto(f"/tickets/{ticket['id']}")
    reply = page.get_by_label("Reply", exact=True)
    reply.fill("Hello,\n")
    button = page.get_by_role("button", name="Canned replies")
    button.click()
    search = page.get_by_role("combobox", name="Search canned replies")
    expect(search).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(search).to_have_count(0)
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")

    button.click()
    page.keyboard.type("greeting")
    option = page.get_by_role("listbox", name="Canned replies").get_by_role("option", name=re.compile("Team greeting"))
    expect(option).to_contain_text("Shared")
    page.keyboard.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(reply).to_have_value(f"Hello,\nThanks {customer['user']['username']}, ticket {ticket['id']} is with us.")
    expect(reply).to_be_focused()
    expect(search).to_have_count(0)

    # The server refuses the agent a change to it all the same.
    team_id = next(item["id"] for item in canned_replies(server, agent) if item["title"] == "Team greeting")
    status, _ = server.call("PATCH", f"/api/canned-replies/{team_id}", {"title": "Mine now"}, token=agent["token"])
    assert status == 403


def test_customers_have_no_picker(open_page, server, customer):
    ticket = file_ticket(server, customer["token"], "Canned: customers type slashes too")
    page = open_page(session=customer, expected_statuses={403})
    asked = []
    page.on("request", lambda request: "/api/canned-replies" in request.url and asked.append(request.url))
    page.goto(f"/tickets/{ticket['id']}")
    reply = page.get_by_label("Reply", exact=True)
    reply.click()
    page.keyboard.type("/")
    page.keyboard.press("ArrowDown")
    page.keyboard.type("and/or /refund")
    expect(reply).to_have_value("/and/or /refund")
    expect(page.get_by_role("listbox")).to_have_count(0)
    assert reply.get_attribute("aria-expanded") is None
    expect(page.get_by_role("button", name="Canned replies")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Canned replies")).to_have_count(0)

    page.goto("/canned-replies")
    expect(page.get_by_role("heading", level=1)).to_have_text("You don’t have access to this page")
    assert asked == []
