"""A small Server-Sent Events client for the tests: `GET /api/events` read with `requests` (stream=True)
on a thread of its own, so that every wait here has a timeout and no test can hang on a stream.

    stream = SSEStream(base + "/api/events", token)      # connects; .status, .headers
    stream.wait_connected(5)                             # the server's first comment: subscribed
    event = stream.next_event(timeout=2)                 # SSEEvent(id, event, data), or SSETimeout
    stream.wait_closed(3)                                # True once the server has ended the stream
    stream.close()

`ReconnectingStream` follows a stream across disconnects the way a browser's EventSource does:
whenever the stream ends it connects again with `Last-Event-ID`, and keeps every event it received.

The parser follows the HTML standard's event-stream rules (CR, LF or CRLF line ends; `:` comments;
`data` lines joined by LF; the last event id carries over; a block without data dispatches nothing).
"""

from __future__ import annotations

import json
import queue
import socket
import threading
import time
from dataclasses import dataclass, field

import requests

CONNECT_TIMEOUT = 5.0
# Longer than the server's 15 s keep-alive: a read that waits this long means the stream is dead.
READ_TIMEOUT = 30.0


class SSETimeout(AssertionError):
    """Nothing (or not the awaited thing) arrived in time."""


@dataclass
class SSEEvent:
    id: str | None
    event: str
    data: str
    received_at: float = field(default_factory=time.monotonic)

    @property
    def number(self) -> int:
        """The id as the number Helpdesk makes it."""
        assert self.id is not None, f"event without an id: {self}"
        return int(self.id)

    def json(self):
        return json.loads(self.data)


@dataclass
class SSEComment:
    text: str
    received_at: float = field(default_factory=time.monotonic)


_CLOSED = object()


class SSEParser:
    """Turns the bytes of an event stream into SSEEvent and SSEComment items."""

    def __init__(self) -> None:
        self._pending = b""
        self._data: list[str] = []
        self._event = ""
        self.last_event_id: str | None = None
        self.retry: int | None = None

    def feed(self, chunk: bytes) -> list[SSEEvent | SSEComment]:
        items: list[SSEEvent | SSEComment] = []
        buffer = self._pending + chunk
        start = 0
        index = 0
        while index < len(buffer):
            byte = buffer[index]
            if byte in (0x0A, 0x0D):
                if byte == 0x0D and index + 1 == len(buffer):
                    break  # a CR at the end of a chunk may be the first half of a CRLF
                line = buffer[start:index].decode("utf-8", errors="replace")
                if byte == 0x0D and buffer[index + 1] == 0x0A:
                    index += 1
                index += 1
                start = index
                item = self._line(line)
                if item is not None:
                    items.append(item)
                continue
            index += 1
        self._pending = buffer[start:]
        return items

    def _line(self, line: str) -> SSEEvent | SSEComment | None:
        if line == "":
            if not self._data:
                self._event = ""
                return None
            event = SSEEvent(self.last_event_id, self._event or "message", "\n".join(self._data))
            self._data, self._event = [], ""
            return event
        if line.startswith(":"):
            return SSEComment(line[1:].lstrip(" "))
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry" and value.isdigit():
            self.retry = int(value)
        return None


class SSEStream:
    """One connection to an event stream. Connects in the constructor (raising on a connection
    error); a non-200 answer leaves `status` and `body` set and the stream closed."""

    def __init__(self, url: str, token: str | None = None, *, last_event_id: int | str | None = None,
                 headers: dict[str, str] | None = None, connect_timeout: float = CONNECT_TIMEOUT,
                 read_timeout: float = READ_TIMEOUT):
        self.url = url
        self.items: queue.Queue = queue.Queue()
        self.events: list[SSEEvent] = []  # every event taken from the queue so far
        self.comments: list[SSEComment] = []
        self.parser = SSEParser()
        self.opened_at = time.monotonic()
        self.end_reason: str | None = None  # "eof", or the error that ended the read
        self._closed = threading.Event()
        self._closing = False
        request_headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache", **(headers or {})}
        if token:
            request_headers["Authorization"] = f"Bearer {token}"
        if last_event_id is not None:
            request_headers["Last-Event-ID"] = str(last_event_id)
        self.response = requests.get(url, headers=request_headers, stream=True,
                                     timeout=(connect_timeout, read_timeout))
        self.status = self.response.status_code
        self.headers = self.response.headers
        self.body: str | None = None
        if self.status != 200 or not self.headers.get("Content-Type", "").startswith("text/event-stream"):
            self.body = self.response.text
            self.response.close()
            self.end_reason = f"answered {self.status}"
            self._closed.set()
            self.items.put(_CLOSED)
            return
        self._thread = threading.Thread(target=self._read, name=f"sse {url}", daemon=True)
        self._thread.start()

    # --- the reader thread -----------------------------------------------------------------------

    def _read(self) -> None:
        try:
            for chunk in self.response.iter_content(chunk_size=None):
                for item in self.parser.feed(chunk):
                    self.items.put(item)
            self.end_reason = "eof"
        except Exception as error:  # noqa: BLE001 - any end of the read is an end of the stream
            self.end_reason = "closed by the client" if self._closing else f"{type(error).__name__}: {error}"
        finally:
            self._closed.set()
            self.items.put(_CLOSED)

    # --- reading -----------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    @property
    def last_event_id(self) -> str | None:
        return self.parser.last_event_id

    def next_item(self, timeout: float) -> SSEEvent | SSEComment | None:
        """The next event or comment within `timeout` seconds; None once the stream has ended."""
        try:
            item = self.items.get(timeout=max(0.0, timeout))
        except queue.Empty:
            raise SSETimeout(f"nothing from {self.url} within {timeout:g} s") from None
        if item is _CLOSED:
            self.items.put(_CLOSED)  # stays ended for every later read
            return None
        if isinstance(item, SSEEvent):
            self.events.append(item)
        else:
            self.comments.append(item)
        return item

    def next_event(self, timeout: float) -> SSEEvent:
        """The next event (comments are kept in `comments`); SSETimeout if none comes in time or the
        stream ends first."""
        deadline = time.monotonic() + timeout
        while True:
            item = self.next_item(deadline - time.monotonic())
            if item is None:
                raise SSETimeout(f"the stream ended ({self.end_reason}) while waiting for an event")
            if isinstance(item, SSEEvent):
                return item

    def events_until(self, predicate, timeout: float) -> list[SSEEvent]:
        """Events up to and including the first for which `predicate(event)` holds."""
        got: list[SSEEvent] = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                event = self.next_event(deadline - time.monotonic())
            except SSETimeout as error:
                raise SSETimeout(f"{error}; received meanwhile: {[(e.id, e.event) for e in got]}") from None
            got.append(event)
            if predicate(event):
                return got

    def drain(self, quiet: float = 0.3, limit: float = 5.0) -> list[SSEEvent]:
        """Events that arrive until none has for `quiet` seconds (or `limit` seconds in all)."""
        got: list[SSEEvent] = []
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                item = self.next_item(min(quiet, deadline - time.monotonic()))
            except SSETimeout:
                break
            if item is None:
                break
            if isinstance(item, SSEEvent):
                got.append(item)
        return got

    def wait_comment(self, text: str, timeout: float) -> SSEComment:
        """Waits for a comment line (": text"); events that arrive meanwhile are kept in `events`."""
        for comment in self.comments:
            if comment.text == text:
                return comment
        deadline = time.monotonic() + timeout
        while True:
            item = self.next_item(deadline - time.monotonic())
            if item is None:
                raise SSETimeout(f"the stream ended ({self.end_reason}) before the comment {text!r}")
            if isinstance(item, SSEComment) and item.text == text:
                return item

    def wait_connected(self, timeout: float = 10.0) -> None:
        """Helpdesk's first line is `: connected`, written once the stream is subscribed to new events."""
        self.wait_comment("connected", timeout)

    def wait_closed(self, timeout: float) -> list[SSEEvent]:
        """Reads until the stream ends; returns the events read meanwhile. SSETimeout if it does not."""
        got: list[SSEEvent] = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                item = self.next_item(deadline - time.monotonic())
            except SSETimeout:
                raise SSETimeout(f"the stream was still open after {timeout:g} s; events meanwhile: "
                                 f"{[(e.id, e.event) for e in got]}") from None
            if item is None:
                return got
            if isinstance(item, SSEEvent):
                got.append(item)

    # --- closing ---------------------------------------------------------------------------------------

    def close(self) -> None:
        """Ends the connection from this side (interrupting a read in progress)."""
        if self._closed.is_set():
            return
        self._closing = True
        sock = _socket_of(self.response)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        try:
            self.response.close()
        except Exception:  # noqa: BLE001 - closing from another thread may race the reader
            pass
        self._closed.wait(5)

    def __enter__(self) -> SSEStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket under a streamed response (http.client's file over a SocketIO), if it can be found."""
    try:
        return response.raw._fp.fp.raw._sock  # noqa: SLF001
    except AttributeError:
        return None


@dataclass
class Connection:
    """One connection a ReconnectingStream made."""
    started_at: float
    status: int | None = None
    upstream: str | None = None  # nginx's X-Upstream header: the instance that served it
    last_event_id: str | None = None  # what it was opened with
    ended_at: float | None = None
    end_reason: str | None = None
    events: int = 0


class ReconnectingStream:
    """Follows `url` across disconnects as a browser's EventSource would: when a stream ends it waits
    `pause` seconds and connects again with the id of the last event received, for as long as it is
    not closed. `events` holds every event of every connection, in the order received."""

    def __init__(self, url: str, token: str, *, pause: float = 0.2, last_event_id: str | None = None):
        self.url = url
        self.token = token
        self.pause = pause
        self.last_event_id = last_event_id
        self.events: list[SSEEvent] = []
        self.connections: list[Connection] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._stream: SSEStream | None = None
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sse-follow {url}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            connection = Connection(started_at=time.monotonic(), last_event_id=self.last_event_id)
            with self._lock:
                self.connections.append(connection)
            try:
                stream = SSEStream(self.url, self.token, last_event_id=self.last_event_id)
            except requests.RequestException as error:
                connection.ended_at, connection.end_reason = time.monotonic(), f"connect: {error}"
                self._stop.wait(self.pause)
                continue
            connection.status = stream.status
            connection.upstream = stream.headers.get("X-Upstream")
            self._stream = stream
            while not self._stop.is_set():
                try:
                    item = stream.next_item(0.5)
                except SSETimeout:
                    continue
                if item is None:
                    break
                if isinstance(item, SSEComment) and item.text == "connected":
                    self._connected.set()
                if isinstance(item, SSEEvent):
                    with self._lock:
                        self.events.append(item)
                        connection.events += 1
                        self.last_event_id = item.id
            stream.close()
            connection.ended_at, connection.end_reason = time.monotonic(), stream.end_reason
            if not self._stop.is_set():
                self._stop.wait(self.pause)

    @property
    def upstream(self) -> str | None:
        """The instance the current (latest) connection went to."""
        with self._lock:
            return self.connections[-1].upstream if self.connections else None

    def wait_connected(self, timeout: float = 10.0) -> None:
        if not self._connected.wait(timeout):
            raise SSETimeout(f"{self.url}: not connected within {timeout:g} s: {self.connections}")

    def snapshot(self) -> list[SSEEvent]:
        with self._lock:
            return list(self.events)

    def wait_for(self, predicate, timeout: float) -> bool:
        """Whether `predicate(events so far)` comes true within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.snapshot()):
                return True
            time.sleep(0.05)
        return predicate(self.snapshot())

    def close(self) -> None:
        self._stop.set()
        stream = self._stream
        if stream is not None:
            stream.close()
        self._thread.join(10)
