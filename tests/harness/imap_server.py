"""A throw-away Dovecot IMAP server on 127.0.0.1, for tests that fetch real mail.

    with IMAPServer() as imap:                 # plain IMAP on a free port (IMAP_URL with ?tls=none)
        server_env = {"IMAP_URL": imap.url()}  # imap://helpdesk:<password>@127.0.0.1:<port>/INBOX?tls=none
        imap.append(raw_bytes)                 # into INBOX; returns the new UID
        imap.messages("Done")                  # [StoredMessage(uid, flags, raw)], read without changing them
        wait_until(lambda: imap.messages("Done"), 30, "mail in Done")
    IMAPServer(tls=True)                       # also STARTTLS on that port and an imaps port, signed by a
                                               # throw-away CA (imap.ca_file, for IMAP_CA_FILE)

Debian's `dovecot` binary (package dovecot-imapd; installed through scripts/ensure-apt.sh when missing)
runs in the foreground with a configuration written into a temporary directory: never the system's
/etc/dovecot. One user from a passwd-file, Maildir mail, sockets, state and log all live in that
directory, which `close()` deletes. Run as root, Dovecot's own processes use its packaged accounts
(`dovecot`, `dovenull`, else `nobody`) and the mail belongs to `nobody`; run as anyone else, everything
runs as that user.
"""

from __future__ import annotations

import dataclasses
import email
import email.policy
from email.message import EmailMessage
import grp
import imaplib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from helpdesk_server import REPO, free_port
from smtp_sink import _Certificates

HOST = "127.0.0.1"
START_ATTEMPTS = 5
START_TIMEOUT = 20.0


@dataclasses.dataclass(frozen=True)
class StoredMessage:
    uid: int
    flags: frozenset[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def message_id(self) -> str | None:
        value = self.message["Message-ID"]
        return str(value).strip() if value is not None else None

    @property
    def subject(self) -> str | None:
        value = self.message["Subject"]
        return str(value) if value is not None else None

    @property
    def seen(self) -> bool:
        return "\\Seen" in self.flags


def dovecot_binary() -> str:
    """The dovecot binary, installing Debian's package first when it is missing."""
    found = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if found is None:
        subprocess.run([str(REPO / "scripts" / "ensure-apt.sh"), "dovecot-imapd"], check=True, timeout=600)
        found = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(found).exists():
        raise RuntimeError("Dovecot is needed for the IMAP tests: apt-get install dovecot-imapd")
    return found


def _account(*names: str) -> pwd.struct_passwd:
    for name in names:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError(f"none of the accounts {names} exists")


class IMAPServer:
    """Dovecot with one user (`username`, a random password) and Maildir mail; see the module's docstring.
    `extra_config` is appended to the configuration (e.g. `imap_capability = IMAP4rev1` to hide MOVE)."""

    def __init__(self, *, username: str = "helpdesk", password: str | None = None, tls: bool = False,
                 extra_config: str = ""):
        self.username = username
        self.extra_config = extra_config
        self.password = password or secrets.token_urlsafe(12)
        self.tls = tls
        self.port: int | None = None
        self.tls_port: int | None = None
        self.directory: Path | None = None
        self.process: subprocess.Popen | None = None
        self._certificates: _Certificates | None = None

    # --- where it is ---------------------------------------------------------------------------------

    @property
    def ca_file(self) -> Path:
        """The PEM file of the throw-away CA (for IMAP_CA_FILE); TLS only."""
        if self._certificates is None:
            raise AttributeError("a plain IMAP server has no certificate authority")
        return self._certificates.ca_file

    def url(self, mailbox: str = "INBOX", *, security: str = "none", host: str = HOST) -> str:
        """The IMAP_URL: `security` is "none" (imap://…?tls=none), "starttls" (imap://) or "implicit"
        (imaps://, on the TLS port)."""
        assert self.port is not None, "IMAP server not started"
        credentials = f"{urllib.parse.quote(self.username, safe='')}:{urllib.parse.quote(self.password, safe='')}"
        path = urllib.parse.quote(mailbox, safe="")
        if security == "none":
            return f"imap://{credentials}@{host}:{self.port}/{path}?tls=none"
        if not self.tls:
            raise ValueError("this IMAP server was started without TLS")
        if security == "starttls":
            return f"imap://{credentials}@{host}:{self.port}/{path}"
        if security == "implicit":
            return f"imaps://{credentials}@{host}:{self.tls_port}/{path}"
        raise ValueError(f"unknown security {security!r}")

    # --- running -------------------------------------------------------------------------------------

    def start(self) -> "IMAPServer":
        assert self.process is None, "IMAP server already running"
        binary = dovecot_binary()
        if self.directory is None:
            self.directory = Path(tempfile.mkdtemp(prefix="dovecot-"))
            # Dovecot's unprivileged processes reach their sockets in here.
            self.directory.chmod(0o755)
            if self.tls:
                certificates = self.directory / "tls"
                certificates.mkdir()
                self._certificates = _Certificates(certificates)
                self._certificates.key_file.chmod(0o600)
            self._prepare_mail_directory()
        for attempt in range(START_ATTEMPTS):
            self.port = free_port()
            self.tls_port = free_port() if self.tls else None
            config = self._write_config()
            log = open(self.directory / "dovecot.out", "ab")
            self.process = subprocess.Popen([binary, "-c", str(config), "-F"], stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
            log.close()
            if self._wait_ready():
                return self
            self._terminate()
            if attempt == START_ATTEMPTS - 1:
                raise AssertionError(f"Dovecot did not start:\n{self.log_tail()}")
        raise AssertionError("unreachable")

    def stop(self) -> None:
        self._terminate()

    def close(self) -> None:
        """Stops, and deletes the mail, the configuration and the certificates."""
        self.stop()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None
            self._certificates = None

    def __enter__(self) -> "IMAPServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _terminate(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            # Dovecot's master stops its children on SIGTERM; the group catches any it left.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self.process = None

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection((HOST, self.port), timeout=2) as connection:
                    if connection.recv(200).startswith(b"* OK"):
                        return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    # --- configuration -------------------------------------------------------------------------------

    def _mail_account(self) -> tuple[int, int]:
        """The uid and gid the mail belongs to: never root's, which Dovecot refuses."""
        if os.getuid() != 0:
            return os.getuid(), os.getgid()
        nobody = _account("nobody")
        return nobody.pw_uid, nobody.pw_gid

    def _prepare_mail_directory(self) -> None:
        uid, gid = self._mail_account()
        for name in ("mail", "home"):
            path = self.directory / name
            path.mkdir()
            os.chown(path, uid, gid)
        hashed = "{PLAIN}" + self.password
        (self.directory / "users").write_text(f"{self.username}:{hashed}::::::\n")

    def _write_config(self) -> Path:
        directory = self.directory
        uid, gid = self._mail_account()
        if os.getuid() == 0:
            internal = _account("dovecot", "nobody")
            internal_group = grp.getgrgid(internal.pw_gid).gr_name
            internal_user, login_user = internal.pw_name, _account("dovenull", "nobody").pw_name
        else:
            me = pwd.getpwuid(os.getuid())
            internal_user = login_user = me.pw_name
            internal_group = grp.getgrgid(me.pw_gid).gr_name
        tls = "ssl = no\n"
        if self.tls:
            tls = (f"ssl = yes\nssl_cert = <{self._certificates.cert_file}\n"
                   f"ssl_key = <{self._certificates.key_file}\n")
        imaps_port = self.tls_port or 0
        config = f"""\
protocols = imap
listen = {HOST}
base_dir = {directory}/run
state_dir = {directory}/state
log_path = {directory}/dovecot.log
{tls}disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{directory}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {directory}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={directory}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {HOST}
    port = {self.port}
  }}
  inet_listener imaps {{
    address = {HOST}
    port = {imaps_port}
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
{self.extra_config}
"""
        path = directory / "dovecot.conf"
        path.write_text(config)
        return path

    # --- the mailbox, as a mail client sees it -------------------------------------------------------

    def connect(self) -> imaplib.IMAP4:
        """A signed-in imaplib client (plain, on the loopback port); close it with `logout()`."""
        client = imaplib.IMAP4(HOST, self.port, timeout=30)
        # AUTHENTICATE PLAIN, because imaplib's LOGIN cannot send a password that is not ASCII.
        credentials = f"\0{self.username}\0{self.password}".encode()
        client.authenticate("PLAIN", lambda _challenge: credentials)
        return client

    def append(self, raw: bytes, mailbox: str = "INBOX", flags: str = "") -> int:
        """Stores a message (creating the mailbox if needed); returns its UID."""
        return self.append_all([raw], mailbox, flags)[0]

    def append_all(self, raws: list[bytes], mailbox: str = "INBOX", flags: str = "") -> list[int]:
        """Stores the messages one after the other over one connection, quickly; returns their UIDs."""
        client = self.connect()
        try:
            if mailbox.upper() != "INBOX":
                client.create(_quoted(mailbox))
            uids = []
            for raw in raws:
                status, data = client.append(_quoted(mailbox), f"({flags})" if flags else None, None, raw)
                assert status == "OK", f"APPEND failed: {data}"
                match = re.search(rb"\[APPENDUID \d+ (\d+)\]", data[0] or b"")
                assert match, f"no APPENDUID in {data}"
                uids.append(int(match.group(1)))
            return uids
        finally:
            client.logout()

    def messages(self, mailbox: str = "INBOX") -> list[StoredMessage]:
        """Every message of `mailbox` with its flags, read without changing them (EXAMINE, BODY.PEEK);
        empty when the mailbox does not exist."""
        client = self.connect()
        try:
            status, _ = client.select(_quoted(mailbox), readonly=True)
            if status != "OK":
                return []
            status, data = client.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])")
            assert status == "OK", f"FETCH failed: {data}"
            found = []
            for item in data:
                if not isinstance(item, tuple):
                    continue
                head, raw = item
                uid = re.search(rb"UID (\d+)", head)
                flags = re.search(rb"FLAGS \(([^)]*)\)", head)
                assert uid and flags, f"unexpected FETCH response {head!r}"
                found.append(StoredMessage(int(uid.group(1)), frozenset(flags.group(1).decode().split()), raw))
            return sorted(found, key=lambda m: m.uid)
        finally:
            client.logout()

    # --- logs ----------------------------------------------------------------------------------------

    def log_tail(self, lines: int = 40) -> str:
        if self.directory is None:
            return ""
        text = ""
        for name in ("dovecot.out", "dovecot.log"):
            path = self.directory / name
            if path.exists():
                text += path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def wait_until(predicate: Callable[[], object], timeout: float, what: str, interval: float = 0.1):
    """Polls `predicate()` until it returns something truthy (returned); fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(interval)


def _quoted(mailbox: str) -> str:
    """imaplib sends arguments as they are: a mailbox name with spaces needs its quotes."""
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'
