"""The subject grammar: who or what is doing the thing a rule looks at.

Text is split into word tokens once. A rule that needs a subject asks `Grammar.subject_before`
for the noun phrase in front of its verb, within the clause: it skips auxiliaries and adverbs
("had", "simply", "never"), follows "who"/"that" back to their antecedent, looks past a
trailing prepositional phrase ("the engineer on call"), and for a coordinated verb ("Tom
restarted the pod and forgot ...") takes the first subject of the clause. The head word is then
a known name, a person (pronoun or person noun), a system noun, or something else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.language import lexicon as lx
from app.language.lexicon import wordset
from app.language.tokens import WORD_RE, Tokens

PERSON, NAME, SYSTEM, OTHER = "person", "name", "system", "other"
# First names that are also ordinary words: only a capitalised one is taken as a name.
_WORDLIKE = wordset(
    """will may mark bill grant chase rich pat sue page april june august art ray rose faith
    hope joy summer dawn max sky star lane miles"""
)
_COMMON = _WORDLIKE.union(
    lx.BETWEEN, lx.DETERMINERS, lx.PREPOSITIONS, lx.SUBORDINATORS, lx.RELATIVES,
    lx.PERSON_NOUNS, lx.SYSTEM_NOUNS, lx.SUBJECT_PRONOUNS,
)  # fmt: skip


_MAX_HOPS = 6  # prepositional phrases or postmodifiers to look past, at most
_POSTMODIFIERS = {"responsible", "involved", "concerned", "themselves", "himself", "herself"}


@dataclass(frozen=True, slots=True)
class Subject:
    """The head of a subject noun phrase: its kind, character span and (lower-case) word."""

    kind: str
    start: int
    end: int
    word: str
    possessor: str | None = None  # kind of a possessive in front: "Priya's script" -> name


class NameIndex:
    """Known people's names: first names match in any case; other parts when capitalised."""

    def __init__(self, names: Iterable[str]) -> None:
        self.loose: set[str] = set()
        self.strict: set[str] = set()
        for name in names:
            found = WORD_RE.findall(name.lower().replace("\u2019", "'"))
            words = [w for w in found if w[0].isalpha() and len(w) > 1]
            if words:
                (self.strict if words[0] in _COMMON else self.loose).add(words[0])
                self.strict.update(words[1:])

    def match(self, base: str, raw: str, after_name: bool = False) -> bool:
        """Say whether a token is (part of) a known name."""
        if base in self.loose:
            return True
        return base in self.strict and (raw[:1].isupper() or after_name)


@lru_cache(maxsize=32)
def name_index(names: frozenset[str]) -> NameIndex:
    """Return a (cached) index for a set of names; the same team asks again and again."""
    return NameIndex(names)


class Grammar(Tokens):
    """Tokens of one text, with the questions rules ask about who did what."""

    def __init__(self, text: str, lower: str, names: NameIndex) -> None:
        super().__init__(text, lower)
        self.names = names
        self._kinds: dict[int, str] = {}

    def kind(self, i: int) -> str:
        """Classify one token as a name, a person, a system noun, or other."""
        if i not in self._kinds:
            self._kinds[i] = self._classify(i)
        return self._kinds[i]

    def _classify(self, i: int) -> str:
        base, raw = self.base[i], self.raw[i]
        if not raw[:1].isalpha():
            return OTHER
        after_name = i > 0 and self.base[i - 1] in self.names.loose
        if self.names.match(base, raw, after_name):
            return NAME
        if base in lx.SUBJECT_PRONOUNS:
            nxt = self.low[i + 1] if i + 1 < len(self.low) else ""
            return OTHER if base == "i" and nxt in {"/", "-", "."} else PERSON  # I/O, I-95
        if lx.in_set(base, lx.PERSON_NOUNS):
            return SYSTEM if self._software_operator(i) else PERSON
        if lx.in_set(base, lx.SYSTEM_NOUNS):
            return SYSTEM
        return OTHER

    def _software_operator(self, i: int) -> bool:
        """Say whether "operator" is software: "the Kubernetes operator", not "the operator"."""
        if not self.base[i].startswith("operator") or i == 0:
            return False
        before = self.raw[i - 1]
        return (
            before[:1].isupper()
            and before.lower() not in lx.DETERMINERS
            and not self.names.match(self.base[i - 1], before)
        )

    def is_person(self, i: int) -> bool:
        return 0 <= i < len(self.raw) and self.kind(i) in (PERSON, NAME)

    def subject(self, i: int, kind: str | None = None) -> Subject:
        """Describe token i as a subject head, with a possessive in front if any."""
        start = self.starts[i]
        if i > 0 and self.kind(i) == NAME and self.kind(i - 1) == NAME:
            start = self.starts[i - 1]  # "Tom Becker"
        possessor = self.kind(i - 1) if i > 0 and self.poss[i - 1] else None
        return Subject(kind or self.kind(i), start, self.ends[i], self.base[i], possessor)

    def subject_before(self, i: int) -> Subject | None:
        """Find the subject of the verb at token i, looking back within its clause."""
        j = self.skip_back(i - 1)
        if j < 0:
            return None
        word = self.low[j]
        if word in lx.RELATIVES:
            k = j - 1 if j > 0 and self.low[j - 1] != "," else j - 2
            if k < 0 or self.low[k] in lx.BOUNDARIES:
                return None
            found = self.head_at(k)
            if word == "who" and found.kind == OTHER:  # "who" always points at a person
                return Subject(PERSON, found.start, found.end, found.word)
            return found
        if word in lx.COORDINATORS or word == "but":
            return self.first_in_clause(j)
        if word in lx.BOUNDARIES or word in lx.SUBORDINATORS:
            return None
        found = self.head_at(j)
        if found.kind in (SYSTEM, OTHER):
            return self._relative_antecedent(j) or found
        return found

    def _relative_antecedent(self, j: int) -> Subject | None:
        """For "the engineer who deployed the change forgot", return "engineer"."""
        start = self.clause_start(j)
        for r in range(j - 1, start, -1):
            word = self.low[r]
            if word in lx.REPORTING_VERBS:
                return None  # "who believed Firefox ignored ...": a clause of its own
            if word == "who" or (word in ("that", "which") and self._starts_verb_phrase(r + 1)):
                k = r - 1 if self.low[r - 1] != "," else r - 2
                if k < start:
                    return None
                found = self.head_at(k)
                if word == "who" and found.kind == OTHER:
                    return Subject(PERSON, found.start, found.end, found.word)
                return found
        return None

    def _starts_verb_phrase(self, k: int) -> bool:
        word = self.low[k]
        return not (word in lx.DETERMINERS or word in lx.SUBJECT_PRONOUNS or self.kind(k) != OTHER)

    def head_at(self, j: int, depth: int = 0) -> Subject:
        """Classify the noun phrase ending at token j, past a trailing phrase ("on call")."""
        if depth > _MAX_HOPS:  # a real subject is a few hops away; this is a pathological text
            return self.subject(j)
        if self.low[j] in _POSTMODIFIERS and j > 0:  # "the engineer responsible", "those involved"
            if self.low[j - 1] == "those":
                return self.subject(j - 1, PERSON)
            return self.head_at(j - 1, depth + 1)
        here = self.subject(j)
        k = j - 1
        while k >= 0 and j - k <= 4:
            word = self.low[k]
            if word in lx.PREPOSITIONS:
                outer = self.skip_back(k - 1)
                if outer >= 0 and self.low[outer] not in lx.BOUNDARIES | lx.COORDINATORS:
                    found = self.head_at(outer, depth + 1)
                    if found.kind != OTHER or lx.in_set(found.word, lx.ATTENTION_NOUNS):
                        return found
                return here
            if word in lx.BOUNDARIES | lx.COORDINATORS | lx.RELATIVES or word in lx.BETWEEN:
                return here
            k -= 1
        return here

    def in_phrase(self, k: int) -> bool:
        """Say whether token k sits inside a prepositional phrase ("on the dashboard")."""
        for back in range(k - 1, max(k - 4, -1), -1):
            if self.low[back] in lx.PREPOSITIONS:
                return True
            if self.low[back] not in lx.DETERMINERS and not self.poss[back]:
                return False
        return False

    def first_in_clause(self, j: int) -> Subject | None:
        """Return the first subject-like noun of the clause that token j belongs to."""
        for k in range(self.clause_start(j), j):
            if self.kind(k) != OTHER and not self.in_phrase(k) and not self.poss[k]:
                return self.subject(k)
        return None
