"""Role changes on the users page: making or ending an admin asks first, and a refusal shows by
the user's own control."""

import re

from playwright.sync_api import expect


def role_of(server, admin, username):
    status, users = server.call("GET", "/api/users", token=admin["token"])
    assert status == 200, users
    return next(user["role"] for user in users["items"] if user["username"] == username)


def test_admin_changes_ask_first_and_refusals_show_by_the_control(open_page, server, staff):
    admin = server.sign_in(staff["admin"]["email"])
    server.register("role.rita")
    page = open_page(session=admin, expected_statuses={409})
    page.goto("/users")
    rita = page.get_by_label("Role of role.rita")

    # Escape answers no: nothing is sent, the control keeps its value and focus.
    rita.focus()
    rita.select_option("admin")
    dialog = page.get_by_role("dialog", name="Make role.rita an admin?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(rita).to_have_value("customer")
    expect(rita).to_be_focused()
    assert role_of(server, admin, "role.rita") == "customer"

    # A change that does not touch admin rights applies on one pick.
    rita.select_option("agent")
    expect(page.get_by_role("status").filter(has_text="role.rita is now agent.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)

    # Confirmed by keyboard: Tab from Cancel to the confirming button.
    rita.select_option("admin")
    expect(dialog).to_be_visible()
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Make admin")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="role.rita is now admin.")).to_be_visible()
    expect(dialog).to_have_count(0)
    assert role_of(server, admin, "role.rita") == "admin"

    rita.select_option("customer")
    page.get_by_role("dialog", name="Remove admin rights from role.rita?").get_by_role(
        "button", name="Remove admin rights").click()
    expect(page.get_by_role("status").filter(has_text="role.rita is now customer.")).to_be_visible()

    # The last admin cannot step down; the server's reason shows at their own control.
    me = page.get_by_label(f"Role of {staff['admin']['username']}")
    me.select_option("agent")
    page.get_by_role("dialog", name="Remove admin rights from yourself?").get_by_role(
        "button", name="Remove admin rights").click()
    my_row = page.get_by_role("row").filter(has=me)
    expect(my_row.get_by_role("alert")).to_contain_text("last active admin")
    expect(me).to_have_value("admin")
    expect(me).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("row").filter(has=rita).get_by_role("alert")).to_have_count(0)
    expect(page.locator(".page > .alert")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/users$"))
