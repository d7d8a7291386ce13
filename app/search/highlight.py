"""Turn an engine's snippet into safe HTML where only <mark> is live."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from app.search.documents import MARK_CLOSE, MARK_OPEN

_MARKS = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]")


def mark(raw: str | None) -> Markup:
    """Escape the snippet first, then turn the engine's sentinels into balanced <mark> tags.

    The sentinels are control characters stripped from every indexed text, so only the
    engine can have put them there; everything the review itself says stays escaped.
    """
    parts: list[str] = []
    inside = False
    for piece, sentinel in _split(" ".join((raw or "").split())):
        parts.append(escape(piece))
        if sentinel == MARK_OPEN and not inside:
            parts.append("<mark>")
            inside = True
        elif sentinel == MARK_CLOSE and inside:
            parts.append("</mark>")
            inside = False
    if inside:
        parts.append("</mark>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text is escaped just above


def _split(text: str) -> list[tuple[str, str]]:
    pieces, start = [], 0
    for found in _MARKS.finditer(text):
        pieces.append((text[start : found.start()], found.group()))
        start = found.end()
    pieces.append((text[start:], ""))
    return pieces
