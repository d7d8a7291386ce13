"""The checker's quality on the labelled sentences: the holdout split must stay above target.

The holdout sentences were written before the rules and in a different voice; rules are never
adjusted to them (see bench/README.md). A failure here means the checker regressed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bench.language_quality import load, score

TARGET_PRECISION = 0.9
TARGET_RECALL = 0.85


@pytest.fixture(scope="module")
def sentences() -> list[dict]:
    return load()


def test_the_labelled_set_is_large_balanced_and_consistent(sentences: list[dict]) -> None:
    from app.language.checker import RULES

    assert len(sentences) >= 200
    splits = Counter((s["split"], s["blameful"]) for s in sentences)
    assert set(splits) == {(split, b) for split in ("tune", "holdout") for b in (True, False)}
    assert 0.4 <= sum(s["blameful"] for s in sentences) / len(sentences) <= 0.6
    known = {rule.id for rule in RULES}
    for s in sentences:
        assert set(s) == {"text", "blameful", "rule", "split"}, s
        assert (s["rule"] in known) if s["blameful"] else s["rule"] is None, s
    assert len({s["text"] for s in sentences}) == len(sentences)


def test_holdout_precision_and_recall_meet_the_targets(sentences: list[dict]) -> None:
    result = score([s for s in sentences if s["split"] == "holdout"])
    assert result.precision >= TARGET_PRECISION, f"holdout precision {result.precision:.3f}"
    assert result.recall >= TARGET_RECALL, f"holdout recall {result.recall:.3f}"


def test_tune_precision_and_recall_meet_the_targets(sentences: list[dict]) -> None:
    result = score([s for s in sentences if s["split"] == "tune"])
    assert result.precision >= TARGET_PRECISION
    assert result.recall >= TARGET_RECALL
