"""Reading the search box: words, phrases, exclusions; everything else is just text."""

from __future__ import annotations

from app.search.parser import MAX_LENGTH, parse


def _words(text: str) -> list[str]:
    return [str(c) for c in parse(text).clauses]


def test_words_are_lowercased_and_stopwords_dropped() -> None:
    assert _words("What happened AFTER the Deploy") == ["happened", "deploy"]


def test_quotes_make_a_phrase_and_a_minus_excludes() -> None:
    query = parse('"load balancer" dropped -dns -"rolled back"')
    assert [str(c) for c in query.clauses] == ["load balancer", "dropped"]
    assert [str(c) for c in query.excluded] == ["dns", "rolled back"]


def test_words_joined_by_punctuation_stay_together_as_a_phrase() -> None:
    assert _words("eu-west-1 10.0.0.1 timeout,retry") == [
        "eu west 1",
        "10 0 0 1",
        "timeout",
        "retry",
    ]


def test_engine_operators_are_plain_words() -> None:
    assert _words("failover NEAR(replica lag) title:x AND y* ^z") == [
        "failover", "near", "replica", "lag", "title x", "y", "z",
    ]  # fmt: skip


def test_an_unbalanced_quote_reads_the_words_as_they_are() -> None:
    assert _words('"replica lag') == ["replica", "lag"]


def test_punctuation_only_has_no_words() -> None:
    assert parse("?!* ( ) ' \" :").is_empty


def test_a_very_long_query_is_cut_and_says_so() -> None:
    query = parse("word " * 5000)
    assert query.clauses
    assert len(query.notes) == 1
    assert str(MAX_LENGTH) in query.notes[0]
