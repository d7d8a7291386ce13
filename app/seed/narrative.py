"""Tell one synthetic incident's timeline: when things happened, and who wrote them down."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.incidents.enums import EntryKind, Milestone
from app.seed import stories
from app.seed.stories import Story

MINUTE = dt.timedelta(minutes=1)
EXTRA_KINDS = (EntryKind.NOTE, EntryKind.COMMUNICATION, EntryKind.DECISION)
EXTRA_WEIGHTS = (60, 25, 15)
SOURCES = {EntryKind.ALERT: "alertmanager", EntryKind.DEPLOY: "github"}


def key_times(rng: random.Random, started: dt.datetime) -> dict[Milestone, dt.datetime]:
    """Return when the incident started, was detected, acknowledged, mitigated and resolved."""
    detected = started + MINUTE * _between(rng.lognormvariate(1.6, 0.9), 1, 180)
    acknowledged = detected + MINUTE * rng.randint(1, 12)
    mitigated = acknowledged + MINUTE * _between(rng.lognormvariate(3.3, 0.8), 5, 720)
    resolved = mitigated + MINUTE * _between(rng.lognormvariate(3.5, 1.0), 2, 2880)
    return {
        Milestone.STARTED: started,
        Milestone.DETECTED: detected,
        Milestone.ACKNOWLEDGED: acknowledged,
        Milestone.MITIGATED: mitigated,
        Milestone.RESOLVED: resolved,
    }


def _between(value: float, low: int, high: int) -> int:
    return int(min(max(value, low), high))


def entry_count(rng: random.Random) -> int:
    """Return how many entries a timeline has: 5 to 40, most between 8 and 20."""
    return min(40, 5 + int(rng.expovariate(1 / 9)))


def timeline(
    rng: random.Random,
    story: Story,
    slots: dict[str, Any],
    times: dict[Milestone, dt.datetime],
    authors: list[int],
    created_at: dt.datetime,
) -> list[dict[str, Any]]:
    """Return the timeline rows, in time order; every one of `authors` writes at least one."""
    count = entry_count(rng)
    pick = rng.choice
    rows = [
        (times[Milestone.STARTED], EntryKind.NOTE, Milestone.STARTED, pick(story.started)),
        (times[Milestone.DETECTED], EntryKind.ALERT, Milestone.DETECTED, pick(story.detected)),
        (
            times[Milestone.ACKNOWLEDGED],
            EntryKind.ACTION,
            Milestone.ACKNOWLEDGED,
            pick(stories.ACKNOWLEDGED),
        ),
        (
            times[Milestone.MITIGATED],
            EntryKind.MITIGATION,
            Milestone.MITIGATED,
            pick(story.mitigated),
        ),
        (times[Milestone.RESOLVED], EntryKind.RESOLUTION, Milestone.RESOLVED, pick(story.resolved)),
    ]
    if count > len(rows):
        kind, text = pick(story.triggers)
        rows.append((times[Milestone.STARTED] - MINUTE * rng.randint(1, 30), kind, None, text))
    for _ in range(count - len(rows)):
        rows.append(_extra(rng, story, times))
    rows.sort(key=lambda row: row[0])
    return [
        {
            "occurred_at": at,
            "kind": kind,
            "milestone": milestone,
            "body": stories.fill(text, slots),
            "author_id": authors[index] if index < len(authors) else pick(authors),
            "source": SOURCES.get(kind, "manual"),
            "source_ref": None,
            "created_at": created_at,
            "version": 1,
        }
        for index, (at, kind, milestone, text) in enumerate(rows)
    ]


def _extra(
    rng: random.Random, story: Story, times: dict[Milestone, dt.datetime]
) -> tuple[dt.datetime, EntryKind, None, str]:
    kind = rng.choices(EXTRA_KINDS, EXTRA_WEIGHTS)[0]
    if kind is EntryKind.NOTE:
        text = rng.choice(story.notes if rng.random() < 0.5 else stories.NOTES)
    elif kind is EntryKind.DECISION:
        text = rng.choice(story.decisions if rng.random() < 0.5 else stories.DECISIONS)
    else:
        text = rng.choice(stories.COMMUNICATION)
    # Most of the talk happens while people work towards mitigation; some after it.
    if rng.random() < 0.8:
        low, high = times[Milestone.ACKNOWLEDGED], times[Milestone.MITIGATED]
    else:
        low, high = times[Milestone.MITIGATED], times[Milestone.RESOLVED]
    at = low + (high - low) * rng.random()
    return at.replace(second=0, microsecond=0), kind, None, text
