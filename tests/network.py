"""A port that refuses every connection (``refusing_port``), for the tests of a download
with no answer; ``tests/conftest.py`` makes it available to every test."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest


@pytest.fixture
def refusing_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses every connection for the whole test: bound, never
    listening. A port bound, closed and only then connected to is free for any other
    process to take in between (a server, a kernel, a connection's own end), which would
    then answer or hang instead of refusing; a fixed port (9, discard) may be served."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]
