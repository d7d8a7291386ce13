"""Choose a review's title: the one given, else one derived from the file, said as a warning."""

from __future__ import annotations

import re
from typing import Any

from app.imports import sections, values
from app.incidents.services import TITLE_MAX

# A name made of an id (a UUID, a hash, a number) says nothing as a title.
ID_LIKE = re.compile(r"^(?=.*\d)[0-9a-f_-]+$", re.I)
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def title(meta: dict[str, Any], parts: sections.Body, file_name: str, warnings: list[str]) -> str:
    """Return the title, deriving a missing one (first heading, file name, first sentence)."""
    title = values.text(meta.get("title"))
    if title:
        if parts.leading_h1 and parts.leading_h1 != title:
            parts.rest = f"# {parts.leading_h1}\n\n{parts.rest}".strip()
    else:
        title, source = _derived(meta, parts, file_name)
        warnings.append(f"no title; used {title!r} from {source}.")
    title = " ".join(MD_LINK.sub(r"\1", title).split())
    if len(title) > TITLE_MAX:
        warnings.append(f"title is longer than {TITLE_MAX} characters; shortened.")
        title = title[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return title


def _derived(meta: dict[str, Any], parts: sections.Body, file_name: str) -> tuple[str, str]:
    heading = parts.leading_h1 or parts.first_heading
    if heading:
        return heading, "the first heading"
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = " ".join(re.split(r"[-_\s]+", stem)).strip()
    if words and not ID_LIKE.match(stem):
        return words[0].upper() + words[1:], "the file name"
    # Named by an id, the file says nothing: its first sentence says more.
    prose = MD_LINK.sub(r"\1", values.text(meta.get("summary")) or parts.rest)
    sentence = re.split(r"(?<=[.!?])\s", " ".join(prose.split()), maxsplit=1)[0].rstrip(".")
    company = values.text(meta.get("company"))
    if sentence:
        short = sentence if len(sentence) <= 120 else sentence[:119].rsplit(" ", 1)[0] + "…"
        return (f"{company}: {short}" if company else short), "the first sentence"
    return (words or "Untitled postmortem"), "the file name"
