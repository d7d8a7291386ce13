"""Read what people type into the search box: words, "quoted phrases" and -exclusions.

Everything is treated as text. Operators of either engine (AND, OR, NEAR, `*`, `:`, `^`,
parentheses) are just characters here; the backends quote every word they are given, so
no input can reach the engine as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_LENGTH = 500
MAX_CLAUSES = 24
MAX_WORD = 64
WORD = re.compile(r"[^\W_]+")
# Words that say nothing about an incident. Dropped from word searches (both engines), so
# that "what happened after the deploy" is not a search for every review; phrases keep them.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself yourselves s t""".split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True)
class Clause:
    """One word, or several that must appear together in this order (a phrase)."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """Clauses to look for (any of them), clauses to exclude, and notes for the reader."""

    clauses: tuple[Clause, ...] = ()
    excluded: tuple[Clause, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def words(self) -> list[str]:
        """Every word searched for, phrases included, in order and without repeats."""
        return list(dict.fromkeys(w for c in self.clauses for w in c.words))


CHUNK = re.compile(r'(-?)"([^"]*)"|(\S+)')
# Characters that join words into one name or number ("eu-west-1", "o'neil", "10.0.0.1").
JOINED = re.compile(r"[\w\-.'\u2019/:@]+")


def parse(text: str) -> ParsedQuery:
    """Split a query into clauses; never raises, whatever it is given."""
    notes: list[str] = []
    text = (text or "").replace("\x00", " ")
    if len(text) > MAX_LENGTH:
        text = text[:MAX_LENGTH]
        notes.append(f"Only the first {MAX_LENGTH} characters of the search were used.")
    if text.count('"') % 2:
        # An unbalanced quote: read the words as they are rather than guess a phrase.
        text = text.replace('"', " ")
    wanted: dict[Clause, None] = {}
    unwanted: dict[Clause, None] = {}
    for match in CHUNK.finditer(text):
        quoted_minus, quoted, bare = match.groups()
        excluded = bool(quoted_minus) or bool(bare and bare.startswith("-") and len(bare) > 1)
        pieces = [quoted] if bare is None else JOINED.findall(bare)
        for piece in pieces:
            words = tuple(w.lower() for w in WORD.findall(piece) if len(w) <= MAX_WORD)
            # Quoted text is a phrase; so are words joined by punctuation, like "eu-west-1".
            if words and not all(w in STOPWORDS for w in words):
                (unwanted if excluded else wanted)[Clause(words)] = None
    clauses = [c for c in wanted if c not in unwanted]
    if len(clauses) > MAX_CLAUSES:
        clauses = clauses[:MAX_CLAUSES]
        notes.append(f"Only the first {MAX_CLAUSES} words were used.")
    return ParsedQuery(tuple(clauses), tuple(unwanted)[:MAX_CLAUSES], tuple(notes))
