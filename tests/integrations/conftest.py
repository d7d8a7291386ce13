"""Fixtures for integrations: the app served on loopback, for real senders and concurrency."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

SERVER_LOG = logging.getLogger("tests.integrations.server")


class QuietHandler(WSGIRequestHandler):
    """Log requests to pytest's captured log (shown when a test fails)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        SERVER_LOG.info("%s %s -> %s", self.requestline, self.headers.get("User-Agent"), code)

    def log(self, type: str, message: str, *args: object) -> None:
        getattr(SERVER_LOG, type)(message, *args)


@pytest.fixture(scope="session")
def live_url(session_app: Flask) -> Iterator[str]:
    """Serve the app on a free loopback port in a thread (like tests/browser); yield its URL."""
    server = make_server("127.0.0.1", 0, session_app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="hooks-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
