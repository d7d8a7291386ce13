"""The digest's excerpts: plain sentences skip Markdown, and read exactly as if they had not."""

from __future__ import annotations

import html

import markdown as md
import nh3
import pytest

from app.digests.excerpts import Excerpter
from app.markdown import EXTENSIONS
from app.seed import stories

TEXTS = [
    "Checkout returned errors for 38 minutes after a pool size change.",
    "- The pool size was read at start-up only.\n- Retries doubled the load.",
    "First line of a paragraph\nand its second line.\n\nA second paragraph: with a colon.",
    "A paragraph\n- then a dash line, which Markdown keeps in the paragraph",
    "Some **bold**, some _emphasis_ and `code`.",
    "- [a link](https://example.com) in a list\n- and a <b>tag</b> & an entity",
    "# A heading\nthen text",
    "1. first\n2. second",
    "    indented code\nnot code",
    "> quoted\n\nplain",
    "Title\n=====",
    "Term\n: its definition",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "A 30-second timeout turned a partial outage into a full one.",
    "- 30-second timeouts\n- ten retries",
    *(line for pool in (stories.WENT_WELL, stories.GOT_LUCKY, stories.SURPRISED) for line in pool),
]


def through_markdown(text: str, limit: int) -> str:
    """What the excerpt was before the shortcut: always converted by Markdown."""
    rendered = md.Markdown(extensions=EXTENSIONS, output_format="html").convert(text[: limit * 4])
    plain = " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
    return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"


@pytest.mark.parametrize("text", TEXTS)
def test_an_excerpt_reads_the_same_with_or_without_markdown(text: str) -> None:
    for limit in (40, 220):
        assert Excerpter()(text, limit) == through_markdown(text, limit)
