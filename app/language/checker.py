"""The blameless-language checker: find blameful or counterfactual wording and suggest rewrites.

It advises; it never blocks. `check` runs the review rules; `check_comment` adds tone hints for
comments between reviewers. Code (in backticks or fenced blocks) and links are never checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from app.language import blame, counterfactual, minimising, people, tone, wording
from app.language.rules import Context, Hit, Rule

REVIEW_FAMILIES = (wording, blame, people, counterfactual, minimising)
COMMENT_FAMILIES = (*REVIEW_FAMILIES, tone)
RULES: tuple[Rule, ...] = tuple(rule for family in COMMENT_FAMILIES for rule in family.RULES)

_UNCHECKED = re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)|`[^`\n]*`|https?://\S+", re.DOTALL)


@dataclass(frozen=True)
class Finding:
    """One piece of wording to reconsider: where it is, which rule, why, and a rewrite."""

    start: int
    end: int
    rule: str
    message: str
    suggestion: str

    def as_dict(self) -> dict[str, int | str]:
        """Return the finding as the JSON API shows it."""
        return asdict(self)


def check(text: str, *, names: Iterable[str] = ()) -> list[Finding]:
    """Return findings for review text, sorted by start and never overlapping."""
    return _merge(hits(text, names=names, families=REVIEW_FAMILIES))


def check_comment(text: str, *, names: Iterable[str] = ()) -> list[Finding]:
    """Return findings for a review comment: the review rules plus tone hints."""
    return _merge(hits(text, names=names, families=COMMENT_FAMILIES))


def hits(text: str, *, names: Iterable[str] = (), families=REVIEW_FAMILIES) -> list[Hit]:
    """Return every rule match before merging (the quality benchmark looks at these)."""
    if not text or not text.strip():
        return []
    ctx = Context(mask(text), names)
    return [hit for family in families for hit in family.find(ctx) if hit.end > hit.start]


def mask(text: str) -> str:
    """Blank out code and links, keeping every other character where it was."""
    return _UNCHECKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _merge(found: list[Hit]) -> list[Finding]:
    """Merge overlapping hits into one finding; the highest-priority rule speaks for it."""
    found.sort(key=lambda h: (h.start, -h.end))
    merged: list[list] = []  # [start, end, best hit]
    for hit in found:
        if merged and hit.start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], hit.end)
            if hit.rule.priority > last[2].rule.priority:
                last[2] = hit
        else:
            merged.append([hit.start, hit.end, hit])
    return [
        Finding(
            start, end, best.rule.id, best.rule.message, best.suggestion or best.rule.suggestion
        )
        for start, end, best in merged
    ]
