"""A recording SMTP server on 127.0.0.1 for tests that need real mail delivery, built on aiosmtpd.

    sink = SMTPSink()                                    # plain SMTP on a free port
    sink = SMTPSink(tls="starttls", username="u", password="p")  # STARTTLS, then AUTH, both required
    sink = SMTPSink(tls="implicit", username="u", password="p")  # TLS from the first byte (smtps://)
    sink.start(); ...; sink.stop(); sink.start()          # the same port again

The server under test is pointed at `sink.url()` (with `?tls=required` or not, as the test likes) and,
for the TLS modes, gets `SMTP_CA_FILE=sink.ca_file`: a throw-away certificate authority made with the
`openssl` command in a temporary directory, which signed the sink's certificate for localhost and
127.0.0.1.

Every message the sink accepts is kept in `messages` as a `ReceivedMessage`: the envelope, the raw
bytes, the parsed `email.message.EmailMessage`, and whether its session used TLS and AUTH. Addresses in
`reject` are answered `550` at RCPT TO; the set may change while the sink runs. `wait_for(count,
timeout)` and `wait_until(predicate, timeout)` wait for mail; `text_of(message)` is its decoded text.
"""

from __future__ import annotations

import dataclasses
import email.policy
import logging
import secrets
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult

from helpdesk_server import free_port

HOST = "127.0.0.1"
REJECT_REPLY = "550 5.1.1 <{address}>: Recipient address rejected: mailbox unavailable (smtp_sink)"
REJECT_REASON = "mailbox unavailable (smtp_sink)"
TLS_MODES = (None, "starttls", "implicit")
START_ATTEMPTS = 5


@dataclasses.dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    message: EmailMessage
    tls: bool
    authenticated: bool
    auth_mechanism: str | None
    auth_login: str | None

    @property
    def message_id(self) -> str | None:
        value = self.message["Message-ID"]
        return str(value).strip() if value is not None else None

    @property
    def text(self) -> str:
        return text_of(self.message)


@dataclasses.dataclass(frozen=True)
class Refusal:
    """A RCPT TO the sink answered with 550."""
    address: str
    reply: str


def text_of(message: EmailMessage) -> str:
    """Every decoded text/plain and text/html part, joined by newlines, with CRLF made LF."""
    texts = []
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html") and not part.is_attachment():
            texts.append(part.get_content())
    return "\n".join(texts).replace("\r\n", "\n")


def part_text(message: EmailMessage, subtype: str) -> str | None:
    """The decoded text of the first text/<subtype> part, or None."""
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}" and not part.is_attachment():
            return part.get_content().replace("\r\n", "\n")
    return None


class _Certificates:
    """A throw-away CA and a server certificate it signed for localhost and 127.0.0.1."""

    def __init__(self, directory: Path):
        if shutil.which("openssl") is None:
            raise RuntimeError("the openssl command is needed for the TLS sink (apt-get install openssl)")
        self.directory = directory
        self.ca_file = directory / "ca.pem"
        self.cert_file = directory / "server.pem"
        self.key_file = directory / "server.key"
        ca_key = directory / "ca.key"
        request = directory / "server.csr"
        extensions = directory / "server.ext"
        extensions.write_text(
            "basicConstraints = critical, CA:FALSE\n"
            "keyUsage = critical, digitalSignature, keyEncipherment\n"
            "extendedKeyUsage = serverAuth\n"
            "subjectAltName = DNS:localhost, IP:127.0.0.1\n"
            "subjectKeyIdentifier = hash\n"
            "authorityKeyIdentifier = keyid, issuer\n")
        self._openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "7",
                      "-keyout", ca_key, "-out", self.ca_file, "-subj", "/CN=Helpdesk test CA (throw-away)",
                      "-addext", "basicConstraints=critical,CA:TRUE",
                      "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self._openssl("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", self.key_file,
                      "-out", request, "-subj", "/CN=localhost")
        self._openssl("x509", "-req", "-sha256", "-days", "7", "-in", request, "-CA", self.ca_file,
                      "-CAkey", ca_key, "-set_serial", str(secrets.randbits(63)),
                      "-extfile", extensions, "-out", self.cert_file)

    def _openssl(self, *args) -> None:
        result = subprocess.run(["openssl", *map(str, args)], capture_output=True, text=True, timeout=60,
                                cwd=self.directory)
        if result.returncode != 0:
            raise RuntimeError(f"openssl {args[0]} failed: {result.stderr.strip()}")

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


class _QuietAboutKnownChoices(logging.Filter):
    """Drops aiosmtpd's warnings about two things this sink does on purpose (AUTH over implicit TLS,
    and its own legacy `login_data`), which would otherwise be printed for every session."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("auth_require_tls == False" in message or "login_data is deprecated" in message)


logging.getLogger("mail.log").addFilter(_QuietAboutKnownChoices())


class _Controller(Controller):
    """aiosmtpd's threaded controller, quiet about requiring AUTH over implicit TLS: aiosmtpd only
    counts STARTTLS as TLS for `auth_require_tls`, so that mode turns the check off and warns."""

    def factory(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return SMTP(self.handler, **self.SMTP_kwargs)


class SMTPSink:
    """A recording SMTP server in a background thread; see the module's docstring.

    `tls`: None (plain, no STARTTLS offered), "starttls" (STARTTLS offered and required before any mail)
    or "implicit" (TLS from the first byte). With `username` and `password`, AUTH (PLAIN and LOGIN,
    or just `auth_mechanisms`) is required before MAIL FROM; it needs a TLS mode.
    """

    def __init__(self, *, port: int | None = None, tls: str | None = None, username: str | None = None,
                 password: str | None = None, auth_mechanisms: Iterable[str] = ("PLAIN", "LOGIN"),
                 reject: Iterable[str] = ()):
        if tls not in TLS_MODES:
            raise ValueError(f"tls must be one of {TLS_MODES}, not {tls!r}")
        if (username is None) != (password is None):
            raise ValueError("give both username and password, or neither")
        if username is not None and tls is None:
            raise ValueError("AUTH needs a TLS mode: credentials never go over plain text")
        self.port = port
        self.tls = tls
        self.username = username
        self.password = password
        self.auth_mechanisms = {m.upper() for m in auth_mechanisms}
        self.reject: set[str] = {address.lower() for address in reject}
        self.messages: list[ReceivedMessage] = []
        self.refusals: list[Refusal] = []
        self.auth_failures = 0
        self._changed = threading.Condition()
        self._controller: _Controller | None = None
        self._directory: Path | None = None
        self._certificates: _Certificates | None = None

    # --- where it is ---------------------------------------------------------------------------------

    @property
    def host(self) -> str:
        return HOST

    @property
    def ca_file(self) -> Path:
        """The PEM file of the throw-away CA (for SMTP_CA_FILE); TLS modes only."""
        if self._certificates is None:
            raise AttributeError("a plain sink has no certificate authority")
        return self._certificates.ca_file

    def url(self, host: str = HOST, *, tls_required: bool = False) -> str:
        """The SMTP_URL of this sink: smtp:// or smtps://, with the credentials if it has any."""
        assert self.port is not None, "sink not started"
        scheme = "smtps" if self.tls == "implicit" else "smtp"
        credentials = f"{self.username}:{self.password}@" if self.username is not None else ""
        query = "?tls=required" if tls_required else ""
        return f"{scheme}://{credentials}{host}:{self.port}{query}"

    # --- running -------------------------------------------------------------------------------------

    def start(self) -> "SMTPSink":
        """Listens on 127.0.0.1: on `port` if set (the same one again after a stop), else a free one."""
        assert self._controller is None, "sink already running"
        if self.tls is not None and self._certificates is None:
            self._directory = Path(tempfile.mkdtemp(prefix="smtp-sink-"))
            self._certificates = _Certificates(self._directory)
        fixed = self.port is not None
        for attempt in range(1 if fixed else START_ATTEMPTS):
            port = self.port if fixed else free_port()
            controller = self._make_controller(port)
            try:
                controller.start()
            except OSError:
                if fixed or attempt == START_ATTEMPTS - 1:
                    raise
                continue
            self.port = port
            self._controller = controller
            return self
        raise AssertionError("unreachable")

    def _make_controller(self, port: int) -> _Controller:
        options: dict = {"server_hostname": "smtp-sink.test", "ready_timeout": 10.0}
        context = self._certificates.server_context() if self._certificates else None
        if self.tls == "starttls":
            options.update(tls_context=context, require_starttls=True)
        elif self.tls == "implicit":
            options.update(ssl_context=context, auth_require_tls=False)
        if self.username is not None:
            options.update(auth_required=True, authenticator=self._authenticate,
                           auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m not in self.auth_mechanisms])
        return _Controller(_Handler(self), hostname=HOST, port=port, **options)

    def stop(self) -> None:
        """Stops listening (connections are cut); the port is kept for the next `start`."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def close(self) -> None:
        """Stops, and deletes the certificates."""
        self.stop()
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None
            self._certificates = None

    def __enter__(self) -> "SMTPSink":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- what it received ----------------------------------------------------------------------------

    def received(self) -> list[ReceivedMessage]:
        """A snapshot of `messages`."""
        with self._changed:
            return list(self.messages)

    def wait_until(self, predicate: Callable[[list[ReceivedMessage]], bool], timeout: float,
                   what: str = "the expected mail") -> list[ReceivedMessage]:
        """Waits until `predicate(messages)` holds; returns the messages, or fails after `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self.messages):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{what} did not arrive within {timeout:g} s; the sink has "
                                         f"{len(self.messages)} messages: {self._summary()}")
                self._changed.wait(min(left, 0.5))
            return list(self.messages)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[ReceivedMessage]:
        """Waits until at least `count` messages have arrived."""
        return self.wait_until(lambda messages: len(messages) >= count, timeout, f"{count} messages")

    def to(self, address: str) -> list[ReceivedMessage]:
        """Every message whose envelope was for `address`."""
        address = address.lower()
        return [m for m in self.received() if address in (r.lower() for r in m.rcpt_tos)]

    def _summary(self, limit: int = 10) -> str:
        rows = [f"{list(m.rcpt_tos)} {m.message['Subject']!s}" for m in self.messages[-limit:]]
        return "; ".join(rows) or "none"

    # --- called from the SMTP thread -----------------------------------------------------------------

    def _record(self, message: ReceivedMessage) -> None:
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()

    def _refuse(self, address: str) -> str | None:
        if address.lower() not in self.reject:
            return None
        reply = REJECT_REPLY.format(address=address)
        with self._changed:
            self.refusals.append(Refusal(address, reply))
            self._changed.notify_all()
        return reply

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        login = getattr(auth_data, "login", b"") or b""
        password = getattr(auth_data, "password", b"") or b""
        if (mechanism in self.auth_mechanisms and login.decode(errors="replace") == self.username
                and password.decode(errors="replace") == self.password):
            return AuthResult(success=True, auth_data=(mechanism, self.username))
        with self._changed:
            self.auth_failures += 1
        return AuthResult(success=False, handled=False)


class _Handler:
    """aiosmtpd's handler hooks, recording into an SMTPSink."""

    def __init__(self, sink: SMTPSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.sink._refuse(address)
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = bytes(envelope.original_content or b"")
        transport = server.transport
        tls = transport is not None and transport.get_extra_info("ssl_object") is not None
        mechanism, login = session.auth_data if session.authenticated and session.auth_data else (None, None)
        self.sink._record(ReceivedMessage(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            raw=raw,
            message=BytesParser(policy=email.policy.default).parsebytes(raw),
            tls=tls,
            authenticated=bool(session.authenticated),
            auth_mechanism=mechanism,
            auth_login=login,
        ))
        return "250 2.0.0 Message accepted"
