"""What happened last on a ticket: the "Recent activity" order, the "Last reply by" line, the
customers' "New reply" marker, and screenshots attached to a reply (an internal note's stay staff-only)."""

import re

import pytest
from playwright.sync_api import expect

from helpers import comment, expect_no_horizontal_scroll, file_ticket, paste_file, png

PHONE = {"width": 375, "height": 740}


def row(page, title):
    return page.locator(".ticket-row", has_text=title)


def order_of(page, *titles):
    """The titles in the order the list shows them, once it has finished loading."""
    expect(page.locator(".ticket-list")).not_to_have_class(re.compile(r"is-stale"))
    shown = page.locator(".ticket-row__title").all_inner_texts()
    return sorted(titles, key=shown.index)


def test_recent_activity_puts_the_latest_reply_first_and_says_who_wrote_it(open_page, server, customer, agent):
    older = file_ticket(server, customer["token"], "Activity: the VPN drops at noon")
    newer = file_ticket(server, customer["token"], "Activity: the badge printer is out of ribbon")
    page = open_page(session=agent)
    page.goto("/tickets")
    page.get_by_label("Sort by").select_option("activity")
    expect(page).to_have_url(re.compile(r"sort=activity"))
    expect(row(page, newer["title"])).to_contain_text("No replies yet")
    assert order_of(page, older["title"], newer["title"]) == [newer["title"], older["title"]]

    comment(server, agent["token"], older, "Which VPN client version do you run?")
    page.reload()
    expect(page.get_by_label("Sort by")).to_have_value("activity")
    replied = row(page, older["title"])
    expect(replied.locator(".ticket-row__activity")).to_have_text(
        re.compile(rf"^Last reply by {agent['user']['username']}\s*·\s*just now$"))
    assert order_of(page, older["title"], newer["title"]) == [older["title"], newer["title"]]

    # Staff see an internal note as the latest activity, marked as such.
    comment(server, agent["token"], newer, "Ribbon ordered; arrives Monday.", internal=True)
    page.reload()
    expect(row(page, newer["title"]).locator(".ticket-row__activity")).to_contain_text(
        f"Internal note by {agent['user']['username']}")
    assert order_of(page, older["title"], newer["title"]) == [newer["title"], older["title"]]

    # "Newest" is the default order again, and leaves the URL.
    page.get_by_label("Sort by").select_option("")
    expect(page).not_to_have_url(re.compile(r"sort="))
    assert order_of(page, older["title"], newer["title"]) == [newer["title"], older["title"]]

    # The customer sees neither the note nor its activity.
    mine = open_page(session=customer)
    mine.goto("/tickets?sort=activity")
    expect(row(mine, newer["title"]).locator(".ticket-row__activity")).to_have_text("No replies yet")
    expect(row(mine, older["title"]).locator(".ticket-row__activity")).to_contain_text(
        f"Last reply by {agent['user']['username']}")
    assert order_of(mine, older["title"], newer["title"]) == [older["title"], newer["title"]]


def test_a_customer_sees_new_replies_until_opening_the_ticket(open_page, server, customer, agent):
    ticket = file_ticket(server, customer["token"], "Activity: shared drive is read-only")
    quiet = file_ticket(server, customer["token"], "Activity: keyboard misses keys")
    page = open_page(session=customer)
    page.goto("/tickets")
    expect(row(page, ticket["title"])).to_be_visible()
    expect(page.get_by_text("New reply")).to_have_count(0)

    comment(server, agent["token"], ticket, "Fixed the share permissions; try again please.")
    comment(server, agent["token"], quiet, "Checking the keyboard driver.", internal=True)
    page.reload()
    badge = row(page, ticket["title"]).locator(".badge--new-reply")
    expect(badge).to_have_text("New reply")
    expect(row(page, quiet["title"]).locator(".badge--new-reply")).to_have_count(0)
    expect(page).to_have_title("My tickets (1 new) · Helpdesk")

    row(page, ticket["title"]).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ticket["title"])
    page.get_by_role("link", name="All tickets").click()
    expect(row(page, ticket["title"])).to_contain_text("Last reply by")
    expect(badge).to_have_count(0)
    expect(page).to_have_title("My tickets · Helpdesk")

    # On a phone the row keeps its line and badge without scrolling sideways.
    comment(server, agent["token"], ticket, "Did that work?")
    phone = open_page(session=customer, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto("/tickets")
    expect(row(phone, ticket["title"]).locator(".badge--new-reply")).to_be_visible()
    expect_no_horizontal_scroll(phone)


def test_screenshots_attached_to_a_reply_show_under_it(open_page, server, customer):
    ticket = file_ticket(server, customer["token"], "Activity: the expense form rejects receipts")
    page = open_page(session=customer, expected_statuses={415})
    page.goto(f"/tickets/{ticket['id']}")
    reply_box = page.locator(".reply")
    reply = page.get_by_label("Reply", exact=True)
    reply.fill("Here is what the form says.")

    # By keyboard: the attach button comes right after the text.
    reply.focus()
    page.keyboard.press("Tab")
    expect(reply_box.get_by_role("button", name="Choose images…")).to_be_focused()

    # A paste in the reply box goes with the reply, not to the ticket's own screenshots.
    reply.focus()
    paste_file(page, png(seed=2))
    page.get_by_label("Attach screenshots").set_input_files(files=[
        {"name": "receipt-error.png", "mimeType": "image/png", "buffer": png(seed=4)},
        {"name": "not-really.png", "mimeType": "image/png", "buffer": b"this is not an image"},
    ])
    waiting = reply_box.get_by_role("list", name="Images to upload").get_by_role("listitem")
    expect(waiting).to_have_count(3)
    expect(page.locator(".panel", has=page.get_by_role("heading", name="Screenshots")).locator(".upload-item")).to_have_count(0)

    page.get_by_role("button", name="Send reply").click()
    sent = page.locator(".comment", has_text="Here is what the form says.")
    expect(sent).to_be_visible()
    expect(sent.get_by_role("button", name="Open receipt-error.png full size")).to_be_visible()
    expect(sent.locator(".thumb__image")).to_have_count(2)

    # The file the server refused keeps its reason by the file; the reply stands.
    failed = reply_box.locator(".upload-item--failed")
    expect(failed).to_contain_text("not-really.png")
    expect(failed.get_by_role("alert")).to_contain_text("Only PNG, JPEG, GIF and WebP images are accepted")
    expect(reply_box.get_by_role("alert").filter(has_text="Your reply was sent, but 1 screenshot was not attached.")).to_be_visible()
    expect(reply).to_have_value("")
    expect(page.locator(".comment", has_text="Here is what the form says.")).to_have_count(1)
    failed.get_by_role("button", name="Remove not-really.png").click()
    expect(reply_box.locator(".upload-item")).to_have_count(0)
    expect(reply_box.get_by_text("Your reply was sent")).to_have_count(0)

    # The ticket's panel lists them too, and the comment's thumbnail opens full size.
    expect(page.locator(".gallery:not(.gallery--compact) .thumb")).to_have_count(2)
    sent.get_by_role("button", name="Open receipt-error.png full size").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("img", name="receipt-error.png")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    status, comments = server.call("GET", f"/api/tickets/{ticket['id']}/comments", token=customer["token"])
    assert status == 200, comments
    status, images = server.call("GET", f"/api/tickets/{ticket['id']}/images", token=customer["token"])
    assert status == 200, images
    assert [image["comment_id"] for image in images["items"]] == [comments["items"][0]["id"]] * 2, images

    # Still usable on a phone, after a reload that brings everything from the server.
    phone = open_page(session=customer, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"/tickets/{ticket['id']}")
    expect(phone.locator(".comment .thumb__image")).to_have_count(2)
    expect_no_horizontal_scroll(phone)


def test_a_screenshot_on_an_internal_note_stays_with_staff(open_page, server, customer, agent):
    ticket = file_ticket(server, customer["token"], "Activity: the laptop fan is loud")
    page = open_page(session=agent)
    page.goto(f"/tickets/{ticket['id']}")
    page.get_by_role("switch", name="Internal note").check()
    page.get_by_label("Internal note (agents and admins only)").fill("Thermal log attached.")
    page.get_by_label("Attach screenshots").set_input_files(
        files=[{"name": "thermal-log.png", "mimeType": "image/png", "buffer": png(seed=3)}])
    page.get_by_role("button", name="Add internal note").click()
    note = page.locator(".comment--internal", has_text="Thermal log attached.")
    expect(note.get_by_role("button", name="Open thermal-log.png full size")).to_be_visible()
    expect(page.locator(".reply .upload-item")).to_have_count(0)

    page.goto("/tickets")
    expect(row(page, ticket["title"]).locator(".ticket-row__activity")).to_contain_text(
        f"Internal note by {agent['user']['username']}")

    status, images = server.call("GET", f"/api/tickets/{ticket['id']}/images", token=agent["token"])
    assert status == 200 and len(images["items"]) == 1, images
    image_id = images["items"][0]["id"]

    mine = open_page(session=customer)
    requested = []
    mine.on("request", lambda request: requested.append(request.url))
    mine.goto(f"/tickets/{ticket['id']}")
    expect(mine.get_by_text("No screenshots attached.")).to_be_visible()
    expect(mine.get_by_text("No replies yet.")).to_be_visible()
    expect(mine.get_by_text("thermal-log.png")).to_have_count(0)
    assert not [url for url in requested if f"/api/images/{image_id}" in url], requested

    status, listed = server.call("GET", f"/api/tickets/{ticket['id']}/images", token=customer["token"])
    assert status == 200 and listed["items"] == [], listed
    assert server.call("GET", f"/api/images/{image_id}", token=customer["token"])[0] == 404
