"""The users page for admins: searching, adding an account without a password, and
deactivating and reactivating one."""

import re

from playwright.sync_api import expect

from helpdesk_api import PASSWORD


def user_named(server, admin, username):
    status, users = server.call("GET", f"/api/users?q={username}", token=admin["token"])
    assert status == 200, users
    return next(user for user in users["items"] if user["username"] == username)


def test_search_add_deactivate_and_reactivate(open_page, server, staff):
    admin = server.sign_in(staff["admin"]["email"])
    server.register("uadm.hay")
    needle_token, _ = server.register("uadm.needle")
    page = open_page(session=admin, expected_statuses={401, 409, 422})
    page.goto("/users")
    expect(page.get_by_label("Role of uadm.hay")).to_be_visible()

    # Typing searches after a pause; the search is kept in the address.
    page.get_by_label("Search users").fill("needle")
    expect(page).to_have_url(re.compile(r"/users\?q=needle$"))
    expect(page.get_by_label("Role of uadm.needle")).to_be_visible()
    expect(page.get_by_label("Role of uadm.hay")).to_have_count(0)
    page.reload()
    expect(page.get_by_label("Search users")).to_have_value("needle")
    expect(page.get_by_label("Role of uadm.needle")).to_be_visible()
    expect(page.get_by_label("Role of uadm.hay")).to_have_count(0)

    # Adding a user without a password: field errors first, then the account and its mail.
    page.get_by_role("button", name="Add user").click()
    form = page.get_by_role("form", name="Add user")
    expect(form.get_by_text("gets an email with a link to set their own password")).to_be_visible()
    form.get_by_label("Username").fill("x")
    form.get_by_label("Email").fill("uadm.new@example.com")
    form.get_by_role("button", name="Add user").click()
    expect(form.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_text("3-32 characters")).to_be_visible()
    form.get_by_label("Username").fill("uadm.new")
    form.get_by_label("Role").select_option("agent")
    form.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("status").filter(
        has_text="uadm.new was added. They will get an email with a link to set their password.")).to_be_visible()
    expect(form).to_have_count(0)
    created = user_named(server, admin, "uadm.new")
    assert created["role"] == "agent" and created["active"] is True
    status, mail = server.call("GET", "/api/admin/emails", token=admin["token"])
    assert status == 200, mail
    assert any(email["to"] == "uadm.new@example.com" and email["kind"] == "password_reset" for email in mail["items"])

    # Deactivating asks first; Cancel changes nothing.
    needle_row = page.get_by_role("row").filter(has=page.get_by_label("Role of uadm.needle"))
    needle_row.get_by_role("button", name="Deactivate uadm.needle").click()
    dialog = page.get_by_role("dialog", name="Deactivate uadm.needle?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    assert user_named(server, admin, "uadm.needle")["active"] is True

    needle_row.get_by_role("button", name="Deactivate uadm.needle").click()
    dialog.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_role("status").filter(has_text="uadm.needle is deactivated.")).to_be_visible()
    expect(needle_row.get_by_text("Deactivated", exact=True).first).to_be_visible()
    expect(needle_row.get_by_role("button", name="Reactivate uadm.needle")).to_be_visible()
    assert user_named(server, admin, "uadm.needle")["active"] is False

    # Their token stops working at once, and signing in says why.
    status, body = server.call("GET", "/api/auth/me", token=needle_token)
    assert status == 401, body
    login = open_page(expected_statuses={401})
    login.goto("/login")
    login.get_by_label("Email").fill("uadm.needle@example.com")
    login.get_by_label("Password").fill(PASSWORD)
    login.get_by_role("button", name="Sign in").click()
    expect(login.get_by_role("alert")).to_contain_text("deactivated")
    expect(login).to_have_url(re.compile(r"/login"))

    # Reactivating applies at once; they can sign in again.
    needle_row.get_by_role("button", name="Reactivate uadm.needle").click()
    expect(page.get_by_role("status").filter(has_text="uadm.needle is active again.")).to_be_visible()
    expect(needle_row.get_by_role("button", name="Deactivate uadm.needle")).to_be_visible()
    assert server.sign_in("uadm.needle@example.com")["user"]["active"] is True

    # The last active admin cannot be deactivated: the refusal shows by their own control.
    status, admins = server.call("GET", "/api/users?role=admin", token=admin["token"])
    if sum(1 for user in admins["items"] if user["active"]) == 1:
        page.get_by_label("Search users").fill("")
        expect(page).to_have_url(re.compile(r"/users$"))
        me = page.get_by_role("row").filter(has=page.get_by_label(f"Role of {staff['admin']['username']}"))
        me.get_by_role("button", name=f"Deactivate {staff['admin']['username']}").click()
        page.get_by_role("dialog", name="Deactivate your own account?").get_by_role(
            "button", name="Deactivate").click()
        expect(me.get_by_role("alert")).to_contain_text("last active admin")
        expect(me.get_by_text("Active", exact=True)).to_be_visible()
        expect(page.locator(".page > .alert")).to_have_count(0)
