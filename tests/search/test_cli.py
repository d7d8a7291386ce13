"""`flask search reindex` rebuilds every review's entry and says what it did."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from app.accounts.models import User
from app.extensions import db
from app.search.models import SearchDocument, SearchText
from tests.search.conftest import FILLER, find


@pytest.mark.usefixtures("filler")
def test_reindex_rebuilds_a_lost_index_and_reports_it(runner, owner: User) -> None:
    db.session.execute(delete(SearchText))
    db.session.execute(delete(SearchDocument))
    db.session.commit()
    assert find(owner, "currency").total == 0

    result = runner.invoke(args=["search", "reindex", "--batch", "4"])

    assert result.exit_code == 0, result.output
    assert "Indexing reviews" in result.output
    assert f"Indexed {len(FILLER)} reviews in" in result.output.splitlines()[-1]
    assert find(owner, "currency").total == 1
    assert find(owner, "").total == len(FILLER)


@pytest.mark.usefixtures("filler")
def test_reindex_twice_changes_nothing(runner, owner: User) -> None:
    for _ in range(2):
        assert runner.invoke(args=["search", "reindex"]).exit_code == 0

    assert find(owner, "currency").total == 1
    assert find(owner, "").total == len(FILLER)


def test_reindex_of_an_empty_database_says_so(runner) -> None:
    result = runner.invoke(args=["search", "reindex"])

    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith("Indexed 0 reviews in")
