"""Word tokens of a text, with their offsets, and where clauses start and end.

Tokens keep their character offsets, so findings point into the original text. Possessives
and contractions are split off the base word: "priya's" -> "priya" (possessive), "they'd" ->
"they".
"""

from __future__ import annotations

import re
from bisect import bisect_left

from app.language import lexicon as lx

WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*['\u2019]?|\d+(?:[.:,]\d+)*%?|\n|[^\w\s]")
# How far a clause is followed, in tokens: longer than any real subject-to-verb distance, and
# it keeps a 200,000-character text without punctuation from taking quadratic time.
CLAUSE_REACH = 40
_OBJECT_ENDS = {",", "and", "but", "for", "during", "over", "throughout", "within", "by"}
_CONTRACTED = {"he", "she", "it", "that", "there", "what", "who", "let", "here", "where"}


def _base(low: str) -> tuple[str, bool]:
    """Strip a possessive or contraction: "priya's" -> ("priya", True), "they'd" -> "they"."""
    if low.endswith("'s"):
        return (low[:-2], low[:-2] not in _CONTRACTED)
    for suffix in ("'d", "'ve", "'re", "'ll", "'m"):
        if low.endswith(suffix):
            return low[: -len(suffix)], False
    if low.endswith("'"):
        return low[:-1], True
    return low, False


class Tokens:
    """The words and punctuation of one text, as parallel lists, with offsets."""

    def __init__(self, text: str, lower: str) -> None:
        """Tokenise `text`; `lower` is the same text lower-cased, offset for offset."""
        self.text = text
        spans = [m.span() for m in WORD_RE.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.raw = [text[a:b] for a, b in spans]
        self.low = [lower[a:b] for a, b in spans]
        self.base = list(self.low)
        self.poss = [False] * len(spans)
        for i, word in enumerate(self.low):
            if "'" in word:
                self.base[i], self.poss[i] = _base(word)

    def __len__(self) -> int:
        return len(self.raw)

    def index_at(self, offset: int) -> int:
        """Return the index of the first token starting at or after a character offset."""
        return bisect_left(self.starts, offset)

    def skip_back(self, j: int) -> int:
        """Step back over auxiliaries and adverbs from token j; return the first other token."""
        while j >= 0 and self._between(j):
            j -= 1
        return j

    def _between(self, j: int) -> bool:
        word = self.low[j]
        return word in lx.BETWEEN or (word.endswith("ly") and len(word) > 4)

    def after_determiner(self, j: int) -> int:
        """Step over determiners from token j: "the engineer" -> "engineer"."""
        while j < len(self.raw) and self.low[j] in lx.DETERMINERS:
            j += 1
        return j

    def clause_start(self, j: int) -> int:
        """Return the index of the first token of the clause containing token j."""
        stop = max(0, j - CLAUSE_REACH)
        while j > stop and not self.ends_clause(j - 1):
            j -= 1
        return j

    def ends_clause(self, j: int) -> bool:
        """Say whether token j is a clause boundary: punctuation or a subordinator."""
        return self.low[j] in lx.BOUNDARIES or self.low[j] in lx.SUBORDINATORS

    def clause_end(self, j: int) -> int:
        """Return the index just past the last token of the clause containing token j."""
        stop = min(len(self.raw), j + CLAUSE_REACH)
        while j < stop and not self.ends_clause(j):
            j += 1
        return j

    def object_after(self, i: int, limit: int = 8) -> str:
        """Return the text after token i up to the end of the phrase: the thing acted on."""
        end = i + 1
        while end < len(self.raw) and end <= i + limit:
            word = self.low[end]
            if word in lx.BOUNDARIES or word in lx.SUBORDINATORS or word in _OBJECT_ENDS:
                break
            end += 1
        return self.text[self.starts[i + 1] : self.ends[end - 1]] if end > i + 1 else ""
