"""Markdown for every long text field: rendered, then sanitised, so it is safe to show."""

from __future__ import annotations

import html
import threading
from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre",
    "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align"},
    "abbr": {"title"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["extra", "sane_lists"]
# A page shows dozens of fields, and building a Markdown converter costs more than converting
# a short text: each thread keeps one, and the same text is converted once per process.
_converters = threading.local()
CACHED_TEXT_LIMIT = 20_000  # characters; longer texts are rare and would crowd the cache out


def _convert(text: str) -> str:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = md.Markdown(extensions=EXTENSIONS, output_format="html")
    return converter.reset().convert(text)


def render(text: str | None) -> Markup:
    """Turn user Markdown into HTML that cannot run script or load from odd schemes."""
    if not text:
        return Markup("")
    if len(text) > CACHED_TEXT_LIMIT:
        return _render.__wrapped__(text)
    return _render(text)


@lru_cache(maxsize=4096)
def _render(text: str) -> Markup:
    return Markup(sanitise(_convert(text)))  # noqa: S704 - sanitised by nh3 just above


def sanitise(fragment: str) -> str:
    """Keep formatting, drop anything that could run or phone home unannounced."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def plain_excerpt(text: str | None, limit: int = 200) -> str:
    """Return the first words of some Markdown as plain text, for lists and previews."""
    if not text:
        return ""
    if len(text) > CACHED_TEXT_LIMIT:
        return _plain_excerpt.__wrapped__(text, limit)
    return _plain_excerpt(text, limit)


@lru_cache(maxsize=4096)
def _plain_excerpt(text: str, limit: int) -> str:
    plain = html.unescape(nh3.clean(_convert(text), tags=set())).strip()
    plain = " ".join(plain.split())
    return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"
