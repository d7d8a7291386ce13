"""Read the search page's query string into SearchParams, noting values that make no sense."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from app.search.queries import SearchParams

TEXT_FIELDS = ("q", "severity", "service", "team", "tag", "factor", "status", "sort")
MAX_FIELD = 10_000


def _date(raw: str, label: str, notes: list[str]) -> dt.date | None:
    if not raw.strip():
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        notes.append(
            f"“{raw[:40]}” is not a date like 2026-01-31, so the “{label}” date was ignored."
        )
        return None


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw or default)
    except ValueError:
        return default


def params_from(args: Mapping[str, str]) -> tuple[SearchParams, list[str]]:
    """Return the search asked for in `args`, and a note for each value that was ignored."""
    notes: list[str] = []
    text = {name: str(args.get(name, ""))[:MAX_FIELD] for name in TEXT_FIELDS}
    params = SearchParams(
        **{k: v for k, v in text.items() if k != "sort"},
        sort=text["sort"].strip() or "relevance",
        date_from=_date(str(args.get("from", "")), "from", notes),
        date_to=_date(str(args.get("to", "")), "to", notes),
        page=min(max(_int(args.get("page"), 1), 1), 10_000),
        per_page=min(max(_int(args.get("per_page"), 20), 1), 100),
    )
    return params, notes
