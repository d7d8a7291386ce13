"""What a review still needs before it can be submitted, in plain words."""

from __future__ import annotations

from collections.abc import Iterable

from app.incidents.models import KEY_TIMES, Incident

# The order people live through them; a later one before an earlier one is a typo somewhere.
ORDER = ("started_at", "detected_at", "acknowledged_at", "mitigated_at", "resolved_at")
NAMES = {k: k.removesuffix("_at").capitalize() for k in KEY_TIMES}


def gaps(incident: Incident) -> list[str]:
    """List every gap at once, so the author can fix them in one pass."""
    found = []
    if not incident.summary.strip():
        found.append("There is no summary yet (step 6: Summary and impact).")
    if not incident.impact.strip():
        found.append("Impact is not described yet: who was affected, how much, for how long.")
    if not incident.timeline:
        found.append("The timeline has no entries yet.")
    if not incident.factors:
        found.append("No contributing factor is named yet; most incidents have several.")
    if not incident.actions and not incident.no_action_reason.strip():
        found.append("There are no action items, and no reason is given for having none.")
    for key in ("started_at", "resolved_at"):
        if getattr(incident, key) is None:
            found.append(
                f"The {NAMES[key].lower()} time is missing: mark a timeline entry as "
                f"'{NAMES[key].lower()}'."
            )
    found += _out_of_order(incident)
    return found


def _out_of_order(incident: Incident) -> list[str]:
    known = [(k, getattr(incident, k)) for k in ORDER if getattr(incident, k) is not None]
    problems = []
    for (earlier, t1), (later, t2) in _pairs(known):
        if t2 < t1:
            problems.append(
                f"Key times are out of order: {NAMES[later].lower()} is before "
                f"{NAMES[earlier].lower()}."
            )
    return problems


def _pairs(items: list) -> Iterable[tuple]:
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            yield first, second
