"""One real Helpdesk server process, for the hardening tests, the browser tests and the benchmark.

Owns everything about running the binary so that no suite does it its own way: a free port, an
environment scrubbed of the developer's settings, a temporary working directory with its own SQLite
file and log, waiting for /api/health, stopping, killing (SIGKILL) and restarting, and the binary's
own commands (`migrate`, `seed`, `create-user`). Sign-in helpers come from `helpdesk_api`.

Run as a script it serves bench/run.sh, which starts the server itself because it samples the
process's /proc entries:

    helpdesk_server.py free-port
    helpdesk_server.py wait-healthy BASE_URL --pid PID [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import helpdesk_api
from helpdesk_api import PASSWORD

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "openapi.yml"
DEFAULT_BIN = REPO / ".build" / "debug" / "helpdesk"
STARTUP_TIMEOUT = 60.0
COMMAND_TIMEOUT = 120.0
START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it

# Settings the server reads that a developer's shell might carry; a server gets only what it is given.
SCRUBBED_ENV = (
    "DATABASE_URL", "SQLITE_PATH", "JWT_SECRET", "JWT_SECRET_FILE", "BCRYPT_COST", "PASSWORD_THREADS",
    "OPENAPI_PATH", "PUBLIC_DIR", "CORS_ORIGINS", "THROTTLE_ENABLED", "THROTTLE_WINDOW_SECONDS",
    "THROTTLE_LOGIN_MAX", "THROTTLE_REGISTER_MAX", "TOKEN_TTL_SECONDS", "LOG_LEVEL",
    "HTTP_IDLE_TIMEOUT_SECONDS", "PUBLIC_URL", "SMTP_URL", "SMTP_CA_FILE", "MAIL_FROM", "MAIL_DIR", "MAIL_WORKER",
    "MAIL_POLL_SECONDS", "MAIL_RETRY_SECONDS", "IMAP_URL", "INBOUND_EMAIL_SECRET", "INBOUND_MAX_BYTES", "METRICS_ENABLED", "TRUSTED_PROXIES", "IMAP_POLL_SECONDS", "IMAP_DONE_MAILBOX",
    "IMAP_FAILED_MAILBOX", "IMAP_CA_FILE", "IMAP_MAX_FAILURES",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def binary_from_env() -> Path:
    """$HELPDESK_BIN, or the debug build in this repository."""
    return Path(os.environ.get("HELPDESK_BIN") or DEFAULT_BIN)


def copy_binary(source: Path, directory: Path) -> Path:
    """A private copy of the binary: the build replaces it in place while tests run."""
    if not source.is_file():
        raise FileNotFoundError(f"no server binary at {source} (build it or set HELPDESK_BIN)")
    target = Path(directory) / "helpdesk"
    shutil.copy2(source, target)
    target.chmod(0o755)
    return target


class HelpdeskServer:
    """A server on 127.0.0.1 with its own working directory, database and log; made to be broken.

    `extra_env` overrides the test defaults (a random JWT secret, bcrypt cost 4, throttling off, no
    web app). `env` stays a plain dict, so a test may change it before `start()`.
    """

    def __init__(self, binary: Path, workdir: Path | None = None, extra_env: dict[str, str] | None = None, *,
                 email_domain: str = "example.test"):
        self.binary = Path(binary)
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="helpdesk-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.email_domain = email_domain
        self.env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        self.env.update({
            "SQLITE_PATH": str(self.workdir / "hd.sqlite"),
            "JWT_SECRET": secrets.token_hex(32),
            "BCRYPT_COST": "4",
            "OPENAPI_PATH": str(SPEC_PATH),
            "PUBLIC_DIR": str(self.workdir / "no-web-app"),
            "THROTTLE_ENABLED": "false",
        })
        self.env.update(extra_env or {})
        self.port: int | None = None
        # Set it to start (and restart) on this port rather than a new free one: a load balancer in
        # front knows an instance by its port (see cluster.py).
        self.fixed_port: int | None = None
        self.process: subprocess.Popen | None = None
        self.log_path = self.workdir / "server.log"
        self.command_log_path = self.workdir / "commands.log"
        self.starts = 0

    # --- where it is and what it runs with -------------------------------------------------------

    @property
    def base(self) -> str:
        assert self.port is not None, "server not started"
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return self.base + "/api"

    @property
    def sqlite_path(self) -> Path | None:
        return None if self.env.get("DATABASE_URL") else Path(self.env["SQLITE_PATH"])

    @property
    def jwt_secret(self) -> str:
        return self.env["JWT_SECRET"]

    # --- the binary's commands ---------------------------------------------------------------------

    def command(self, *args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(self.binary), *args], input=stdin, capture_output=True, text=True, env=self.env,
            cwd=self.workdir, timeout=COMMAND_TIMEOUT,
        )
        with open(self.command_log_path, "a", encoding="utf-8", errors="replace") as log:
            log.write(f"$ helpdesk {' '.join(args)}  -> {result.returncode}\n{result.stdout}{result.stderr}\n")
        if check and result.returncode != 0:
            raise AssertionError(f"helpdesk {' '.join(args)} failed ({result.returncode}):\n"
                                 f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def migrate(self) -> None:
        self.command("migrate")

    def seed(self, tickets: int) -> None:
        self.command("seed", "--tickets", str(tickets))

    def create_user(self, username: str, role: str, password: str = PASSWORD, email: str | None = None) -> str:
        """`helpdesk create-user`, the only way to make staff; returns the email."""
        email = email or f"{username}@{self.email_domain}"
        self.command("create-user", "--username", username, "--email", email, "--role", role, "--password-stdin",
                     stdin=password + "\n")
        return email

    # --- the process ---------------------------------------------------------------------------------

    def start(self) -> None:
        assert not self.is_running(), "already running"
        for _attempt in range(START_ATTEMPTS):
            self.port = self.fixed_port or free_port()
            with open(self.log_path, "ab") as log:
                log.write(f"\n===== start #{self.starts + 1} on port {self.port} =====\n".encode())
                log.flush()
                self.process = subprocess.Popen(
                    [str(self.binary), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                    env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                )
            self.starts += 1
            if helpdesk_api.wait_healthy(self.base, STARTUP_TIMEOUT, alive=self.is_running):
                return
            self._signal_and_wait(signal.SIGKILL)
        raise AssertionError(f"the server did not become healthy:\n{self.log_tail(40)}")

    def _signal_and_wait(self, sig: int, timeout: float = 15.0) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is not None:
            return self.process.returncode
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=timeout)

    def stop(self) -> int | None:
        """A graceful stop (SIGTERM, then SIGKILL after 15 s); returns the exit status."""
        return self._signal_and_wait(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: no chance to flush or close anything."""
        self._signal_and_wait(signal.SIGKILL)

    def restart(self) -> None:
        self.stop()
        self.start()

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def is_healthy(self) -> bool:
        """Running and answering /api/health."""
        return self.is_running() and helpdesk_api.is_healthy(self.base)

    # --- logs ------------------------------------------------------------------------------------------

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def crash_report(self, lines: int = 30) -> str:
        """The log from just before Swift's crash banner (which follows the fatal error's message), or
        else its tail: a crash log ends in register dumps that say nothing to a reader."""
        log = self.log_text().splitlines()
        banners = [i for i, line in enumerate(log) if line.startswith("*** Signal ") or "Program crashed" in line]
        if not banners:
            return self.log_tail(lines)
        return "\n".join(log[max(0, banners[0] - 3):banners[0] + lines])

    # --- the API, signed in ----------------------------------------------------------------------------

    def call(self, method: str, path: str, body=None, token: str | None = None, **options) -> tuple[int, object]:
        """One JSON request; `path` starts with /api. Returns (status, body)."""
        return helpdesk_api.call(self.base, method, path, body, token, **options)

    def sign_in(self, email: str, password: str = PASSWORD) -> dict:
        """Returns the session: {"token": ..., "user": {...}}."""
        return helpdesk_api.sign_in(self.base, email, password)

    def login(self, email: str, password: str = PASSWORD) -> str:
        """Returns just the token."""
        return self.sign_in(email, password)["token"]

    def register(self, username: str, password: str = PASSWORD) -> tuple[str, dict]:
        """A new customer `<username>@<email_domain>`; returns (token, user)."""
        session = helpdesk_api.register(self.base, username, f"{username}@{self.email_domain}", password)
        return session["token"], session["user"]

    def upload_image(self, ticket_id: int, filename: str, content: bytes, token: str) -> dict:
        return helpdesk_api.upload_image(self.base, ticket_id, filename, content, token)


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Helpers for scripts that run the server themselves.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("free-port", help="print a free TCP port on 127.0.0.1")
    wait = commands.add_parser("wait-healthy", help="wait until BASE_URL/api/health answers 200")
    wait.add_argument("base_url")
    wait.add_argument("--pid", type=int, help="give up as soon as this process has exited")
    wait.add_argument("--timeout", type=float, default=STARTUP_TIMEOUT)
    args = parser.parse_args(argv)
    if args.command == "free-port":
        print(free_port())
        return 0

    def alive() -> bool:
        if args.pid is None:
            return True
        try:
            os.kill(args.pid, 0)
        except ProcessLookupError:
            return False
        # A zombie has exited too: its parent just has not collected it yet.
        try:
            with open(f"/proc/{args.pid}/stat") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return True

    if helpdesk_api.wait_healthy(args.base_url.rstrip("/"), args.timeout, alive=alive):
        return 0
    reason = "exited" if not alive() else f"did not answer /api/health within {args.timeout:g} s"
    print(f"helpdesk_server.py: the server {reason}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
