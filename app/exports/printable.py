"""Long texts shortened for print, so a review holding megabytes of text still becomes a PDF.

The Markdown and JSON exports always carry the full text; only the PDF shortens, and it
says where and by how much. Each text gets at most FIELD_LIMIT characters, and the whole
document about TOTAL_LIMIT (a few dozen pages); past that each text keeps its opening.
"""

from __future__ import annotations

from typing import Any

FIELD_LIMIT = 20_000
TOTAL_LIMIT = 200_000
FLOOR = 300  # even past the budget, every text keeps its first lines
NOTE = (
    "\n\n*[Shortened for print: {more:,} more characters. "
    "The Markdown and JSON exports have the full text.]*"
)


class Clipper:
    """Shorten texts in document order against one budget for the whole document."""

    def __init__(self, field_limit: int = FIELD_LIMIT, total: int = TOTAL_LIMIT) -> None:
        self.field_limit = field_limit
        self.left = total

    def __call__(self, text: str | None) -> str:
        text = text or ""
        allowance = max(min(self.field_limit, self.left), FLOOR)
        if len(text) <= allowance:
            self.left -= len(text)
            return text
        kept = _cut(text, allowance)
        self.left -= len(kept)
        return kept + NOTE.format(more=len(text) - len(kept))


def _cut(text: str, limit: int) -> str:
    """Cut at a paragraph or line break near the limit, so the Markdown stays readable."""
    head = text[:limit]
    for mark in ("\n\n", "\n", " "):
        at = head.rfind(mark)
        if at > limit * 0.8:
            return head[:at].rstrip()
    return head


class Printable:
    """A model seen through a Clipper: its long texts shortened, all else as it is.

    Lets the print templates reuse the read view's includes, which take models. Each text is
    clipped once, when first read, so the budget is spent in the order the page is laid out.
    """

    def __init__(
        self,
        obj: Any,
        clip: Clipper,
        texts: frozenset[str],
        children: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self._obj, self._clip, self._texts = obj, clip, texts
        self._children = children or {}
        self._seen: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name in self._seen:
            return self._seen[name]
        value = getattr(self._obj, name)
        if name in self._texts:
            value = self._clip(value)
        elif name in self._children:
            value = [Printable(item, self._clip, self._children[name]) for item in value]
        else:
            return value
        self._seen[name] = value
        return value


SECTIONS = frozenset({"summary", "impact", "went_well", "got_lucky", "surprised"})
PARTS = {
    "factors": frozenset({"description"}),
    "actions": frozenset({"description", "wont_do_reason"}),
}


def printable(incident: Any, clip: Clipper) -> Printable:
    """Return `incident` with its sections, factors and actions clipped for print."""
    return Printable(incident, clip, SECTIONS | {"no_action_reason"}, PARTS)
