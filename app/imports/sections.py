"""Find the parts of a Markdown body: its title heading, the review's sections, and the rest."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
BLANK_RUN = re.compile(r"\n{3,}")

SECTION_NAMES = {
    "summary": "summary",
    "incident summary": "summary",
    "overview": "summary",
    "tl;dr": "summary",
    "tldr": "summary",
    "what happened": "summary",
    "impact": "impact",
    "customer impact": "impact",
    "user impact": "impact",
    "business impact": "impact",
    "impact assessment": "impact",
    "what went well": "went_well",
    "went well": "went_well",
    "things that went well": "went_well",
    "where we got lucky": "got_lucky",
    "where we were lucky": "got_lucky",
    "what we got lucky with": "got_lucky",
    "got lucky": "got_lucky",
    "what surprised us": "surprised",
    "what was surprising": "surprised",
    "surprises": "surprised",
    "timeline": "timeline",
    "incident timeline": "timeline",
    "timeline of events": "timeline",
}


@dataclass
class Body:
    """A body taken apart: sections by name, everything unclaimed in `rest`, headings kept."""

    leading_h1: str | None = None
    first_heading: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    rest: str = ""
    timeline: Any = None


def heading_key(text: str) -> str | None:
    """Return the section a heading names ('impact', 'went_well', ...), or None."""
    words = re.sub(r"[*_`]", "", text).strip().rstrip(":").strip().lower()
    return SECTION_NAMES.get(" ".join(words.split()))


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    found, fence = [], None
    for index, line in enumerate(lines):
        if marker := FENCE.match(line):
            fence = marker[1] if fence is None else (None if marker[1] == fence else fence)
        elif fence is None and (match := HEADING.match(line)):
            found.append((index, len(match[1]), match[2].strip()))
    return found


def split(body: str, parse_timeline: Callable[[str], Any] | None = None) -> Body:
    """Take a body apart; a Timeline section is claimed only if `parse_timeline` accepts it."""
    lines = body.split("\n")
    heads = _headings(lines)
    result = Body(first_heading=heads[0][2] if heads else None)
    claimed: set[int] = set()
    first_text = next((i for i, line in enumerate(lines) if line.strip()), None)
    if heads and heads[0][0] == first_text and heads[0][1] == 1:
        result.leading_h1 = heads[0][2]
        claimed.add(first_text)
    for position, (index, level, title) in enumerate(heads):
        key = heading_key(title)
        if key is None or index in claimed:
            continue
        end = next((i for i, lv, _ in heads[position + 1 :] if lv <= level), len(lines))
        content = "\n".join(lines[index + 1 : end]).strip()
        if key == "timeline":
            parsed = parse_timeline(content) if parse_timeline and result.timeline is None else None
            if not parsed:
                continue  # not a list we can read: it stays in the summary, as written
            result.timeline = parsed
        elif content:
            previous = result.sections.get(key)
            result.sections[key] = f"{previous}\n\n{content}" if previous else content
        claimed.update(range(index, end))
    kept = "\n".join(line for i, line in enumerate(lines) if i not in claimed)
    result.rest = BLANK_RUN.sub("\n\n", kept).strip()
    return result
