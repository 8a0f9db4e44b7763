"""Mail in the web app: a forgotten password reset through the link in the mail, the account's
switch for email notifications, and the admin's outbox page with its status filter and Retry.

The module runs a server of its own, so its outbox holds only this module's mail. Without SMTP_URL
the server writes each message as `<MAIL_DIR>/<outbox id>-<kind>.eml`; MAIL_DIR keeps its default,
`mail/` in the server's working directory (the harness keeps a developer's mail settings out), and the
tests read the messages there. To make messages fail, a test puts a plain file where that directory
was, so that no message can be written (a permission change would not stop a server running as
root); it puts the directory back after.
"""

import email
import email.policy
import re
import time
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from conftest import account, running_server

NEW_PASSWORD = "a-brand-new-passphrase"
MAIL_TIMEOUT = 20.0
# The token is base64url; a sentence may follow the link, so a full stop ends it.
RESET_PATH = re.compile(r"/reset-password\?token=[A-Za-z0-9_%=-]+")


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory):
    # The worker looks for due mail five times a second; a failed send is retried after 1 s, twice.
    settings = {"MAIL_POLL_SECONDS": "0.2", "MAIL_RETRY_SECONDS": "1,1"}
    with running_server(tmp_path_factory.mktemp("mail"), settings) as server:
        yield server


def mail_dir(server):
    return server.workdir / "mail"


def read_messages(server, kind, to):
    """The .eml files of `kind` addressed to `to`, parsed, oldest first."""
    directory = mail_dir(server)
    if not directory.is_dir():
        return []
    messages = []
    for path in sorted(directory.glob(f"*-{kind}.eml"), key=lambda path: int(path.name.split("-", 1)[0])):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if to in str(message.get("To", "")):
            messages.append(message)
    return messages


def text_of(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def wait_for_reset_path(server, address, seen=0):
    """The path and query of the link in the (seen + 1)-th password-reset mail to `address`."""
    deadline = time.monotonic() + MAIL_TIMEOUT
    while time.monotonic() < deadline:
        messages = read_messages(server, "password_reset", address)
        if len(messages) > seen:
            # A file still being written may not hold the link yet.
            match = RESET_PATH.search(text_of(messages[seen]))
            if match:
                return match.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no password-reset mail to {address} in {mail_dir(server)}:\n{server.log_tail(20)}")


def outbox(server, admin_token, status=""):
    query = f"?status={status}" if status else ""
    code, body = server.call("GET", f"/api/admin/emails{query}", token=admin_token)
    assert code == 200, body
    return body["items"]


def wait_for_emails(server, admin_token, ticket_id, status, count):
    """The outbox rows about `ticket_id`, once `count` of them have `status`."""
    deadline = time.monotonic() + MAIL_TIMEOUT
    while time.monotonic() < deadline:
        rows = [row for row in outbox(server, admin_token) if row["ticket_id"] == ticket_id]
        if len([row for row in rows if row["status"] == status]) >= count:
            return rows
        time.sleep(0.2)
    raise AssertionError(f"the mail about ticket #{ticket_id} did not become {status}: {rows}\n{server.log_tail(20)}")


@contextmanager
def mail_cannot_be_written(server):
    directory = mail_dir(server)
    away = directory.with_name("mail.away")
    if directory.is_dir():
        directory.rename(away)
    directory.write_text("not a directory: mail cannot be written here\n")
    try:
        yield
    finally:
        directory.unlink()
        if away.is_dir():
            away.rename(directory)


def file_ticket(server, token, title):
    code, ticket = server.call("POST", "/api/tickets", {"title": title, "description": "Details to follow.",
                                                        "priority": "normal"}, token=token)
    assert code == 201, ticket
    return ticket


def test_forgotten_password_is_reset_through_the_mailed_link(open_page, mail_server):
    token, user = mail_server.register("mail.mila")
    address = user["email"]
    page = open_page(base_url=mail_server.base, expected_statuses={400, 422})

    page.goto("/login")
    page.get_by_role("link", name="Forgot password?").click()
    expect(page).to_have_url(re.compile(r"/forgot-password$"))
    expect(page).to_have_title("Forgot password · Helpdesk")

    # Whether or not the address has an account, the page says the same: the server's words.
    code, answer = mail_server.call("POST", "/api/auth/password-reset", {"email": "nobody.here@example.com"})
    assert code == 202, answer
    neutral = answer["status"]
    page.get_by_label("Email").fill("nobody.here@example.com")
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("status").filter(has_text=neutral)).to_be_visible()

    page.get_by_label("Email").fill(address)
    page.get_by_role("button", name="Send the link again").click()
    reset_path = wait_for_reset_path(mail_server, address)
    expect(page.get_by_role("status")).to_have_text(neutral)

    page.goto(reset_path)
    expect(page).to_have_title("Reset password · Helpdesk")
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()

    # A mismatch is caught here; a password too short is the server's field error.
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat new password").fill(NEW_PASSWORD + "!")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("The passwords do not match.")).to_be_visible()

    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Repeat new password").fill("short")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert").filter(has_text="Please correct the highlighted fields.")).to_be_visible()
    expect(page.get_by_label("New password", exact=True)).to_have_attribute("aria-invalid", "true")

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()

    expect(page).to_have_url(re.compile(r"/tickets$"))
    expect(page.get_by_role("heading", name="My tickets", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Your password has been changed")).to_be_visible()
    expect(page.locator(".user-menu__name")).to_have_text("mail.mila")

    # The session from before the reset has ended; the new password signs in.
    assert mail_server.call("GET", "/api/auth/me", token=token)[0] == 401
    assert mail_server.sign_in(address, NEW_PASSWORD)["user"]["id"] == user["id"]

    # The link works once: used again it says why, with the way to a new one.
    page.goto(reset_path)
    page.get_by_label("New password", exact=True).fill("another-new-passphrase")
    page.get_by_label("Repeat new password").fill("another-new-passphrase")
    page.get_by_role("button", name="Set new password").click()
    problem = page.get_by_role("alert").filter(has=page.get_by_role("link", name="Ask for a new link"))
    expect(problem).to_be_visible()
    problem.get_by_role("link", name="Ask for a new link").click()
    expect(page).to_have_url(re.compile(r"/forgot-password$"))


def test_email_notifications_switch_saves_at_once_and_stays_after_reload(open_page, mail_server):
    token, user = mail_server.register("mail.nora")
    page = open_page(base_url=mail_server.base, session={"token": token, "user": user})
    page.goto("/account")
    switch = page.get_by_role("switch", name="Email notifications")
    expect(switch).to_be_checked()

    switch.uncheck()
    expect(page.get_by_role("status").filter(has_text="Email notifications are off.")).to_be_visible()
    code, me = mail_server.call("GET", "/api/auth/me", token=token)
    assert code == 200 and me["email_notifications"] is False, me

    page.reload()
    expect(switch).not_to_be_checked()

    switch.check()
    expect(page.get_by_role("status").filter(has_text="Email notifications are on.")).to_be_visible()
    page.reload()
    expect(switch).to_be_checked()


def test_admin_sees_the_outbox_filters_it_and_retries_a_failed_email(open_page, mail_server):
    admin = account(mail_server, "mail.admin", "admin")
    admin_session = mail_server.sign_in(admin["email"])
    admin_token = admin_session["token"]
    customer_token, customer = mail_server.register("mail.carl")

    delivered = file_ticket(mail_server, customer_token, "Invoices show the wrong currency")
    wait_for_emails(mail_server, admin_token, delivered["id"], "sent", 2)
    with mail_cannot_be_written(mail_server):
        broken = file_ticket(mail_server, customer_token, "Printer on the third floor prints blank pages")
        failed = wait_for_emails(mail_server, admin_token, broken["id"], "failed", 2)
    to_admin = next(row for row in failed if row["to"] == admin["email"])
    to_customer = next(row for row in failed if row["to"] == customer["email"])

    page = open_page(base_url=mail_server.base, session=admin_session)
    page.goto("/tickets")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Emails").click()
    expect(page).to_have_url(re.compile(r"/admin/emails$"))
    expect(page).to_have_title("Emails · Helpdesk")
    expect(page.get_by_role("heading", name="Emails", level=1)).to_be_visible()

    rows = page.locator("tbody tr")
    expect(rows).to_have_count(len(outbox(mail_server, admin_token)))
    row = rows.filter(has_text=to_admin["subject"]).filter(has_text=admin["email"])
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"[#{broken['id']}]")
    expect(row).to_contain_text("New ticket")
    expect(row.get_by_role("link", name=f"#{broken['id']}")).to_have_attribute("href", f"/tickets/{broken['id']}")
    expect(row.locator(".badge--email-failed")).to_have_text("Failed")
    expect(row.locator("td[data-label='Attempts']")).to_have_text(str(to_admin["attempts"]))
    expect(row.locator("td[data-label='Last error']")).not_to_have_text("—")
    receipt = rows.filter(has_text=delivered["title"]).filter(has_text=customer["email"])
    expect(receipt).to_contain_text("Request received")
    expect(receipt.locator(".badge--email-sent")).to_have_text("Sent")
    expect(receipt.locator("td[data-label='Sent'] time")).to_have_count(1)
    expect(receipt.get_by_role("button", name="Retry")).to_have_count(0)

    # The filter is kept in the address, like the ticket filters.
    page.get_by_label("Status").select_option("failed")
    expect(page).to_have_url(re.compile(r"/admin/emails\?status=failed$"))
    expect(rows).to_have_count(2)
    expect(page.locator("tbody .badge--email-failed")).to_have_count(2)
    page.reload()
    expect(page.get_by_label("Status")).to_have_value("failed")
    expect(rows).to_have_count(2)

    # Retry updates the row where it is; the other failed message stays as it was.
    row.get_by_role("button", name="Retry").click()
    expect(row.locator(".badge--email-pending")).to_have_text("Pending")
    expect(row.locator("td[data-label='Attempts']")).to_have_text("0")
    expect(page.get_by_role("status").filter(has_text=f"The email to {admin['email']} will be sent again")).to_be_visible()
    other = rows.filter(has_text=customer["email"])
    expect(other.locator(".badge--email-failed")).to_have_text("Failed")
    expect(rows).to_have_count(2)

    wait_for_emails(mail_server, admin_token, broken["id"], "sent", 1)
    assert (mail_dir(mail_server) / f"{to_admin['id']}-ticket_created.eml").is_file()

    page.get_by_label("Status").select_option("sent")
    expect(page).to_have_url(re.compile(r"/admin/emails\?status=sent$"))
    expect(rows).to_have_count(len(outbox(mail_server, admin_token, "sent")))
    expect(rows.filter(has_text=admin["email"]).filter(has_text=broken["title"]).locator(".badge--email-sent")).to_have_count(1)
    expect(page.locator("tbody .badge--email-failed")).to_have_count(0)

    page.get_by_label("Status").select_option("pending")
    expect(page.get_by_role("heading", name="No pending emails")).to_be_visible()
    page.get_by_role("button", name="Show all emails").click()
    expect(page).to_have_url(re.compile(r"/admin/emails$"))
    expect(page.get_by_label("Status")).to_have_value("")
    expect(rows.filter(has_text=to_customer["subject"]).filter(has_text=customer["email"]).locator(
        ".badge--email-failed")).to_have_count(1)
