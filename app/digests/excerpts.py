"""Plain-text excerpts of Markdown for a digest that lists a hundred reviews or more.

Same result as app.markdown.plain_excerpt, but one converter serves a whole digest: building
a Markdown converter with its extensions costs far more than converting two short lines.
"""

from __future__ import annotations

import html
import re

import markdown as md
import nh3

from app.markdown import EXTENSIONS

# A line Markdown leaves as it is, apart from a leading "- " bullet: nothing that could be
# emphasis, code, a link, HTML, an entity, a table, a heading, a quote or a numbered item.
_PLAIN_LINE = re.compile(r"(?:- )?(?![-+*#>:=0-9\s])[^*_`#\[\]<>!|~\\&{}=]*")


def _plain_without_markup(text: str) -> str | None:
    """Return what Markdown would make of `text` as plain text, or None to ask Markdown.

    Most summaries and learnings are plain sentences or a list of them; converting 2,000 of
    those for a busy week's digest took half of its time. Only text that is all bullets or
    no bullets takes this path (a bullet right after a paragraph line is not a list).
    """
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    if not all(_PLAIN_LINE.fullmatch(line) for line in lines):
        return None
    bullets = sum(line.startswith("- ") for line in lines)
    if bullets not in (0, len(lines)):
        return None
    return " ".join(" ".join(line.removeprefix("- ") for line in lines).split())


class Excerpter:
    """Turn Markdown into short plain text; not thread-safe, so make one per digest."""

    def __init__(self) -> None:
        self._converter = md.Markdown(extensions=EXTENSIONS, output_format="html")

    def __call__(self, text: str | None, limit: int) -> str:
        if not text or not text.strip():
            return ""
        # An excerpt never needs more than a few times its length of source.
        source = text[: limit * 4]
        plain = _plain_without_markup(source)
        if plain is None:
            rendered = self._converter.reset().convert(source)
            plain = " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
        return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"
