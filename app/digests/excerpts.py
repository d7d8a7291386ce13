"""Plain-text excerpts of Markdown for a digest that lists a hundred reviews or more.

Same result as app.markdown.plain_excerpt, but one converter serves a whole digest: building
a Markdown converter with its extensions costs far more than converting two short lines.
"""

from __future__ import annotations

import html

import markdown as md
import nh3

from app.markdown import EXTENSIONS


class Excerpter:
    """Turn Markdown into short plain text; not thread-safe, so make one per digest."""

    def __init__(self) -> None:
        self._converter = md.Markdown(extensions=EXTENSIONS, output_format="html")

    def __call__(self, text: str | None, limit: int) -> str:
        if not text or not text.strip():
            return ""
        # An excerpt never needs more than a few times its length of source.
        rendered = self._converter.reset().convert(text[: limit * 4])
        plain = " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
        return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"
