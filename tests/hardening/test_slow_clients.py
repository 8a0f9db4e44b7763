"""Slow clients must not hold the server's connections for ever.

A client that sends half a request head and then nothing (slowloris), or leaves a keep-alive
connection idle, holds a socket and its buffers; enough of them use up the file descriptors and
nobody else gets in. With HTTP_IDLE_TIMEOUT_SECONDS=2 the server must close such a connection a
couple of seconds after its last byte, and keep answering everyone else meanwhile.
"""

from __future__ import annotations

import selectors
import socket
import time

import pytest
import requests

IDLE_TIMEOUT = 2
SLOW_CLIENTS = 50
CLOSE_WITHIN = 6.0  # seconds after the last byte: the timeout plus room for a busy 2-core machine
HALF_A_HEAD = b"GET /api/health HTTP/1.1\r\nHost: x\r\n"


@pytest.fixture(scope="module")
def idle_server(module_servers):
    server = module_servers.make(extra_env={"HTTP_IDLE_TIMEOUT_SECONDS": str(IDLE_TIMEOUT)})
    server.start()
    return server


def _connect(server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=5)


def _wait_closed(sockets: list[socket.socket], deadline: float) -> list[socket.socket]:
    """Waits until the server has closed each socket (EOF or reset); returns those still open at `deadline`.

    Bytes before the close (a 408, say) are fine: only the close counts.
    """
    still_open = set(sockets)
    with selectors.DefaultSelector() as selector:
        for sock in sockets:
            selector.register(sock, selectors.EVENT_READ)
        while still_open and (left := deadline - time.monotonic()) > 0:
            for key, _events in selector.select(timeout=left):
                try:
                    closed = key.fileobj.recv(65536) == b""
                except OSError:  # a reset is a close too
                    closed = True
                if closed:
                    selector.unregister(key.fileobj)
                    still_open.discard(key.fileobj)
    return list(still_open)


def _read_response(sock: socket.socket) -> bytes:
    """One whole HTTP response with a Content-Length, so that the connection can be used again."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the server closed the connection mid-response: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lengths = [line.split(b":", 1)[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
    assert lengths, f"no Content-Length in {head!r}"
    while len(body) < int(lengths[0]):
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection mid-body"
        body += chunk
    assert head.startswith(b"HTTP/1.1 200"), head
    return body


def _health(server) -> int:
    return requests.get(server.api + "/health", timeout=5).status_code


def test_half_sent_request_heads_are_closed_after_the_idle_timeout(idle_server):
    server = idle_server
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            sock = _connect(server)
            sock.sendall(HALF_A_HEAD)
            slow.append(sock)
        last_byte = time.monotonic()
        assert _health(server) == 200, "a normal request must get through while the slow clients wait"
        still_open = _wait_closed(slow, last_byte + CLOSE_WITHIN)
        assert not still_open, (f"{len(still_open)} of {SLOW_CLIENTS} half-sent requests were still open "
                                f"{CLOSE_WITHIN:g} s after their last byte")
        assert _health(server) == 200
        assert server.is_running()
    finally:
        for sock in slow:
            sock.close()


def test_idle_keep_alive_connection_is_closed_after_the_idle_timeout(idle_server):
    server = idle_server
    with _connect(server) as sock:
        for _ in range(2):  # keep-alive itself still works: two requests on one connection
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
            _read_response(sock)
            time.sleep(0.5)
        idle_since = time.monotonic() - 0.5
        assert not _wait_closed([sock], idle_since + CLOSE_WITHIN), \
            f"an idle keep-alive connection was still open {CLOSE_WITHIN:g} s after its last request"
        idle_for = time.monotonic() - idle_since
        assert idle_for >= IDLE_TIMEOUT / 2, f"closed after {idle_for:.1f} s idle: keep-alive cut short"
    assert _health(server) == 200
