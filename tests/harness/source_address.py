"""A `requests` adapter that connects from a chosen loopback address, so that one test can be many
clients to the per-address limits (127.0.0.2, 127.0.0.3, … all reach a server on 127.0.0.1)."""

from __future__ import annotations

import socket

from requests.adapters import HTTPAdapter


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source: str, **kwargs):
        self._source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **kwargs):
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(connections, maxsize, block=block, **kwargs)


def loopback_aliases_work() -> bool:
    """Whether this machine lets a socket bind 127.0.0.2 (the tests that need it skip otherwise)."""
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.2", 0))
        return True
    except OSError:
        return False
