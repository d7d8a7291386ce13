"""Security tests: switches for the protections the rest of the suite runs without.

The sign-in limit and CSRF checks are off for the other tests (they sign in and post far
more than a person would); these fixtures turn them on for one test and restore them.
The real-browser checks live in tests/browser/test_xss_corpus.py, with the browser harness.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app.extensions import limiter

LIMIT = "10 per minute"


@pytest.fixture
def login_limit(app: Flask) -> Iterator[str]:
    """Turn the sign-in limit on, with no attempts counted yet."""
    app.config["LOGIN_RATE_LIMIT"] = LIMIT
    limiter.reset()
    yield LIMIT
    app.config["LOGIN_RATE_LIMIT"] = ""
    limiter.reset()


@pytest.fixture
def csrf_enabled(app: Flask) -> Iterator[None]:
    """Check CSRF tokens as production does."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False
