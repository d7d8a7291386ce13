"""Serve the app under test on loopback with a real threaded HTTP server, quietly.

For tests that need real sockets, real threads and real concurrent database sessions (the
Flask test client runs one request at a time). The browser suite has its own session-wide
server in tests/browser/conftest.py; this one is started and stopped around a single test.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

LOG = logging.getLogger("tests.live_server")


class QuietRequestHandler(WSGIRequestHandler):
    """Keep thousands of request lines out of the output; errors still reach pytest's log."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing for a request that was answered."""

    def log(self, type: str, message: str, *args: object) -> None:
        if type == "error":
            LOG.error(message, *args)


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve `app` on a free 127.0.0.1 port, one thread per connection; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
