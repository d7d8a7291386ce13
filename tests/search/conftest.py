"""A small corpus for search tests: a few reviews that matter and some that do not.

bm25 needs unrelated documents to tell rare words from common ones, so every corpus has
filler reviews about other things.
"""

from __future__ import annotations

import pytest
from flask import Flask

from app.accounts.models import User
from app.extensions import db
from app.search.queries import SearchParams, SearchResult, search
from tests.factories.accounts import make_user
from tests.factories.incidents import make_incident, make_service

FILLER = [
    ("Mobile push notifications were delayed", "A queue consumer stalled on a poison message."),
    ("Invoices rendered with the wrong currency", "A locale fallback picked the default currency."),
    (
        "Login page slow for some users",
        "The session store was evicting keys under memory pressure.",
    ),
    ("Search results missed new products", "The indexer lagged behind the catalogue import."),
    ("Shipping labels printed twice", "A retry after a timeout repeated a request that succeeded."),
    ("Nightly report arrived empty", "The warehouse loader skipped a partition after a rename."),
]


@pytest.fixture
def owner(app: Flask) -> User:
    user = make_user(name="Olu Owner", password=None)
    db.session.commit()
    return user


@pytest.fixture
def filler(owner: User) -> None:
    for title, summary in FILLER:
        make_incident(owner, title=title, summary=summary)
    db.session.commit()


@pytest.fixture
def catalog(app: Flask) -> None:
    for name in ("checkout", "payments", "internal-dns"):
        make_service(name, team={"checkout": "Checkout"}.get(name))
    db.session.commit()


def find(viewer: User, q: str = "", **filters) -> SearchResult:
    """Search as `viewer`, with filters given by name."""
    return search(viewer, SearchParams(q=q, **filters))


def refs(result: SearchResult) -> list[str]:
    return [hit.ref for hit in result.hits]
