"""What a rule is, what it finds, and the text it looks at.

Each rule family (wording, blame, people, counterfactual, minimising, tone) is a module with a
`RULES` tuple of `Rule` descriptions and a `find(ctx)` generator of `Hit`s. Every `Rule`
carries examples it must flag and examples it must leave alone; the tests run all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.language.lexicon import LEFT_EDGE, bounded
from app.language.subjects import NAME, PERSON, Grammar, Subject, name_index


@dataclass(frozen=True)
class Rule:
    """A kind of finding: what it says, what it suggests, and examples either side of it."""

    id: str
    priority: int  # when findings overlap, the higher priority speaks for both
    message: str
    suggestion: str
    flagged: tuple[str, ...]
    clean: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a rule matched; `suggestion` overrides the rule's when it is more specific."""

    start: int
    end: int
    rule: Rule
    suggestion: str = ""


class Context:
    """The (masked) text being checked, its tokens, and the known names."""

    def __init__(self, text: str, names: Iterable[str] = ()) -> None:
        self.text = text
        self.lower = lower(text)
        known = frozenset(n for n in names if isinstance(n, str) and n.strip())
        self.g = Grammar(text, self.lower, name_index(known))
        self._starts: list[int] | None = None

    def matches(
        self, pattern: re.Pattern[str], *, cased: bool = False
    ) -> Iterator[tuple[re.Match[str], int]]:
        """Yield each match (as finditer would) with the index of its first token.

        Patterns made by `words` see lower-case text, and are only tried where the gate says
        some rule's pattern starts: one pass over the text instead of one per pattern.
        """
        if cased or pattern not in _GATE.known:
            for m in pattern.finditer(self.text if cased else self.lower):
                yield m, self.g.index_at(m.start())
            return
        if self._starts is None:
            self._starts = [m.start() for m in _GATE.pattern().finditer(self.lower)]
        end = 0
        for pos in self._starts:
            if pos >= end and (m := pattern.match(self.lower, pos)):
                end = max(m.end(), pos + 1)
                yield m, self.g.index_at(pos)

    def person_kind(self, subject: Subject | None) -> str | None:
        """Return "name" or "person" when a subject is a person, else None."""
        if subject is not None and subject.kind in (PERSON, NAME):
            return subject.kind
        return None

    def negated_before(self, i: int, reach: int = 3) -> bool:
        """Say whether a negation sits within `reach` tokens before token i."""
        low = self.g.low
        return any(
            low[k] in NEGATING or low[k].endswith("n't") for k in range(max(0, i - reach), i)
        )


NEGATING = frozenset({"not", "never", "no", "without", "nobody", "noone", "none"})


class _Gate:
    """One lookahead over every `words` pattern: where in a text could any rule start?"""

    def __init__(self) -> None:
        self.known: dict[re.Pattern[str], str] = {}
        self._compiled: tuple[int, re.Pattern[str]] | None = None

    def add(self, source: str) -> re.Pattern[str]:
        compiled = re.compile(bounded(source))
        self.known[compiled] = source
        return compiled

    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None or self._compiled[0] != len(self.known):
            either = "|".join(f"(?:{source})" for source in self.known.values())
            self._compiled = (len(self.known), re.compile(rf"{LEFT_EDGE}(?={either})"))
        return self._compiled[1]


_GATE = _Gate()


def gated_patterns() -> list[re.Pattern[str]]:
    """Return every pattern made by `words` (they share the gate)."""
    return list(_GATE.known)


def words(pattern: str) -> re.Pattern[str]:
    """Compile a whole-word pattern written in lower case (it runs on lower-cased text)."""
    return _GATE.add(pattern)


def lower(text: str) -> str:
    """Lower-case text with curly apostrophes made straight, keeping every offset in place.

    Matching lower-case text with plain patterns is about twice as fast as re.IGNORECASE.
    """
    low = text.lower().replace("\u2019", "'")
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text).replace("\u2019", "'")


def span_from(subject: Subject | None, g: Grammar, verb_start: int, start: int) -> int:
    """Start a finding at its subject when the subject sits right before the verb."""
    if subject is None or subject.end > start:
        return start
    gap = g.raw[g.index_at(subject.end) : g.index_at(verb_start)]
    return subject.start if len(gap) <= 3 and "," not in gap else start


def quote(text: str, limit: int = 60) -> str:
    """Shorten a phrase for use inside a suggestion."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
