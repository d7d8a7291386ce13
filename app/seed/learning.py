"""Write what a synthetic review learned: its sections, contributing factors and action items."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.incidents.enums import ActionStatus, Priority
from app.seed import stories
from app.seed.stories import Story, fill

Row = dict[str, Any]


def sections(rng: random.Random, story: Story, slots: Row, *, full: bool) -> dict[str, str]:
    """Return summary, impact and learnings; a draft may not have its learnings yet."""

    def bullets(*pools: tuple[str, ...], most: int) -> str:
        lines = [rng.choice(pool) for pool in pools for _ in range(rng.randint(1, most))]
        return "\n".join(f"- {fill(line, slots)}" for line in dict.fromkeys(lines))

    summary = f"{rng.choice(story.summary)} {rng.choice(stories.SUMMARY_CLOSE)}"
    impact = [rng.choice(story.impact), *rng.sample(stories.IMPACT_COMMON, rng.randint(1, 2))]
    learnt = full or rng.random() < 0.5
    return {
        "summary": fill(summary, slots),
        "impact": "\n".join(impact).format_map(slots),
        "went_well": bullets(stories.WENT_WELL, most=3) if learnt else "",
        "got_lucky": bullets(stories.GOT_LUCKY, most=2) if learnt else "",
        "surprised": bullets(story.surprised, stories.SURPRISED, most=1) if learnt else "",
    }


def factors(rng: random.Random, story: Story, slots: Row, created: dt.datetime) -> list[Row]:
    """Return 1 to 5 contributing factors, the story's own first."""
    count = rng.choices((1, 2, 3, 4, 5), (15, 30, 30, 15, 10))[0]
    return [
        {
            "category": category,
            "description": fill(text, slots),
            "created_at": created,
            "version": 1,
        }
        for category, text in _pick(rng, story.factors, stories.FACTORS, count)
    ]


def actions(
    rng: random.Random,
    story: Story,
    slots: Row,
    created: dt.datetime,
    *,
    owners: tuple[list[int], list[int]],
    end: dt.datetime,
) -> list[Row]:
    """Return 1 to 6 action items; older ones are mostly done, recent ones mostly open."""
    count = rng.choices((1, 2, 3, 4, 5, 6), (10, 20, 25, 20, 15, 10))[0]
    authors, everyone = owners
    rows = []
    for kind, title in _pick(rng, story.actions, stories.ACTIONS, count):
        due = created.date() + dt.timedelta(days=rng.randint(7, 90))
        status = _status(rng, overdue=due < end.date() - dt.timedelta(days=14))
        finished = dt.datetime.combine(due, dt.time(15), tzinfo=dt.UTC)
        finished -= dt.timedelta(days=rng.randint(0, 6))
        tracker = rng.randint(100, 99999) if rng.random() < 0.6 else None
        reason = rng.choice(stories.WONT_DO) if status is ActionStatus.WONT_DO else ""
        rows.append(
            {
                "title": fill(title, slots),
                "description": fill(rng.choice(stories.ACTION_DESCRIPTIONS), slots),
                "kind": kind,
                "priority": rng.choices(tuple(Priority), (5, 25, 45, 25))[0],
                "owner_id": rng.choice(authors if rng.random() < 0.6 else everyone),
                "due_date": due,
                "status": status,
                "wont_do_reason": fill(reason, slots),
                "tracker_url": f"https://tracker.example.com/OPS-{tracker}" if tracker else None,
                "completed_at": max(finished, created) if status is ActionStatus.DONE else None,
                "created_at": created,
                "version": 1,
            }
        )
    return rows


def _pick(rng: random.Random, own: tuple, common: tuple, count: int) -> list:
    """Take the story's own items first, then common ones, never the same one twice."""
    chosen = list(own[:count])
    return chosen + rng.sample(common, min(count - len(chosen), len(common)))


def _status(rng: random.Random, *, overdue: bool) -> ActionStatus:
    statuses = (
        ActionStatus.DONE,
        ActionStatus.WONT_DO,
        ActionStatus.IN_PROGRESS,
        ActionStatus.OPEN,
    )
    return rng.choices(statuses, (65, 8, 10, 17) if overdue else (10, 2, 30, 58))[0]
