"""Check search filters against what exists, and say plainly what was ignored and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.catalog.models import Service, Tag, Team
from app.extensions import db
from app.incidents.enums import FactorCategory, Severity, Status
from app.search.engine import Filters

if TYPE_CHECKING:
    from app.search.queries import SearchParams

ENUMS = {"severity": Severity, "status": Status, "factor": FactorCategory}
NAMED = {"service": Service, "team": Team, "tag": Tag}
SORTS = ("relevance", "date")


def filter_problems(params: SearchParams) -> tuple[dict[str, str], dict[str, str]]:
    """Return (usable filter values, a sentence per filter that cannot apply), by field name."""
    values: dict[str, str] = {}
    problems: dict[str, str] = {}
    for name, enum in ENUMS.items():
        raw = str(getattr(params, name) or "").strip()
        value = raw.upper() if name == "severity" else raw.lower()
        if value and value not in {m.value for m in enum}:
            problems[name] = f"There is no {name} called “{raw[:60]}”."
        elif value:
            values[name] = value
    for name, model in NAMED.items():
        raw = str(getattr(params, name) or "").strip()
        if not raw:
            continue
        stored = db.session.scalar(
            select(model.name).where(func.lower(model.name) == raw[:200].lower())
        )
        if stored is None:
            problems[name] = f"There is no {name} called “{raw[:60]}”."
        else:
            values[name] = stored
    if params.date_from and params.date_to and params.date_from > params.date_to:
        problems["from"] = "The “from” date is after the “to” date."
    return values, problems


def checked_filters(params: SearchParams) -> tuple[Filters, list[str]]:
    """Return the filters that make sense, and a note for each value that was ignored."""
    values, problems = filter_problems(params)
    notes = [
        f"{text[:-1]}, so {'the dates were' if name == 'from' else 'that filter was'} ignored."
        for name, text in problems.items()
    ]
    start, end = (None, None) if "from" in problems else (params.date_from, params.date_to)
    if params.sort not in SORTS:
        notes.append(f"Results can be sorted by {' or '.join(SORTS)}; showing the most relevant.")
    return Filters(date_from=start, date_to=end, **values), notes
