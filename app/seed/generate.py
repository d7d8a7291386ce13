"""Make synthetic incidents one at a time, the same ones for the same seed."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from app.incidents.enums import Milestone, Severity, Status, Visibility
from app.seed import directory, learning, narrative, published, stories
from app.seed.stories_change import CHANGE_STORIES
from app.seed.stories_dependency import DEPENDENCY_STORIES
from app.seed.stories_load import LOAD_STORIES
from app.seed.stories_platform import PLATFORM_STORIES

STORIES = PLATFORM_STORIES + LOAD_STORIES + CHANGE_STORIES + DEPENDENCY_STORIES
SPAN = dt.timedelta(days=3 * 365)
SEVERITY_MIX = ((Severity.SEV1, Severity.SEV2, Severity.SEV3, Severity.SEV4), (5, 20, 45, 30))
# Incidents cluster in working hours (UTC), with a long tail at night.
HOUR_WEIGHTS = (2, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 9, 8, 9, 10, 10, 9, 7, 5, 4, 3, 3, 2, 2)
EXTRA_TAGS = ("customer-facing", "peak-traffic", "on-call-handover", "latency", "partial-outage")


@dataclass(frozen=True)
class Ids:
    """Database ids of the synthetic directory, looked up or created before generating."""

    people: list[int]
    teams: dict[str, int]
    services: dict[str, int]
    tags: dict[str, int]


@dataclass
class Bundle:
    """One incident's rows, ready for bulk insert once the incident's id is known."""

    incident: dict[str, Any]
    service_ids: list[int]
    tag_ids: list[int]
    timeline: list[dict[str, Any]]
    factors: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    revisions: list[dict[str, Any]] = field(default_factory=list)  # published ones, oldest first
    deploy: tuple[dict[str, Any], dict[str, Any]] | None = None  # a deploy, and its verdict


class Generator:
    """Make incident `index` of `total`, spread over the three years before `end`."""

    def __init__(self, *, seed: int, total: int, end: dt.datetime, ids: Ids) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
        self.total, self.end, self.ids = total, end, ids
        # Revisions and deploys draw from their own stream: the rest stays as it always was.
        self.later = random.Random(f"published-{seed}")  # noqa: S311
        self.names = {i: p[1] for i, p in zip(ids.people, directory.PEOPLE, strict=False)}

    def make(self, index: int, ref: str) -> Bundle:
        """Return the rows of one incident; call with index 0, 1, 2... in order."""
        rng = self.rng
        story = rng.choice(STORIES)
        started = self._start(index)
        times = narrative.key_times(rng, started)
        people = rng.sample(range(len(directory.PEOPLE)), rng.randint(2, 5))
        slots = self._slots(ref, times, people)
        created = times[Milestone.RESOLVED] + dt.timedelta(hours=rng.randint(1, 48))
        status = self._status(started)
        authors = [self.ids.people[p] for p in people]
        exercise = rng.random() < 0.02
        title = stories.fill(rng.choice(story.titles), slots)
        incident = {
            "ref": ref,
            "title": f"Game day: {title}" if exercise else title,
            "severity": rng.choices(*SEVERITY_MIX)[0],
            "status": status,
            "visibility": Visibility.RESTRICTED
            if rng.random() < story.restricted
            else Visibility.INTERNAL,
            "is_exercise": exercise,
            "owner_id": authors[0],
            "team_id": self.ids.teams[directory.SERVICE_TEAM[slots["service"]]],
            **learning.sections(rng, story, slots, full=status is not Status.DRAFT),
            "no_action_reason": "",
            **{m.field: at for m, at in times.items()},
            "import_id": None,
            "source_url": None,
            "created_at": created,
            "updated_at": min(created + dt.timedelta(days=rng.randint(0, 10)), self.end),
            "version": 1,
        }
        services = dict.fromkeys([slots["service"], slots["dep"]])
        tags = [*story.tags, *rng.sample(EXTRA_TAGS, rng.randint(0, 2))]
        tags += ["weekend"] * (started.weekday() >= 5) + ["game-day"] * exercise
        bundle = Bundle(
            incident=incident,
            service_ids=[self.ids.services[s] for s in services],
            tag_ids=[self.ids.tags[t] for t in dict.fromkeys(tags)],
            timeline=narrative.timeline(rng, story, slots, times, authors, created),
            factors=learning.factors(rng, story, slots, created),
            actions=learning.actions(
                rng, story, slots, created, owners=(authors, self.ids.people), end=self.end
            ),
        )
        return self._publish(bundle, [*services], tags, directory.SERVICE_TEAM[slots["service"]])

    def _publish(self, bundle: Bundle, services: list[str], tags: list[str], team: str) -> Bundle:
        """Add the published revisions and the deploy before the incident, if any."""
        names = {"people": self.names, "team": team, "services": services, "tags": tags}
        snap = published.snapshot(bundle.incident, names, bundle)
        bundle.revisions = published.revisions(self.later, bundle.incident, snap, self.end)
        primary = services[0]
        bundle.deploy = published.deploy(
            self.later, bundle.incident, (primary, self.ids.services[primary])
        )
        return bundle

    def _start(self, index: int) -> dt.datetime:
        # Even spacing plus jitter: refs rise with time, and any N covers the whole span.
        begin = self.end - SPAN - dt.timedelta(days=2)
        day = (begin + SPAN * ((index + self.rng.random()) / self.total)).date()
        hour = self.rng.choices(range(24), HOUR_WEIGHTS)[0]
        return dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60)), tzinfo=dt.UTC)

    def _status(self, started: dt.datetime) -> Status:
        statuses = (Status.PUBLISHED, Status.IN_REVIEW, Status.DRAFT)
        recent = self.end - started < dt.timedelta(days=21)
        return self.rng.choices(statuses, (25, 30, 45) if recent else (88, 4, 8))[0]

    def _slots(
        self, ref: str, times: dict[Milestone, dt.datetime], people: list[int]
    ) -> dict[str, Any]:
        rng = self.rng
        service = rng.choice(directory.SERVICES)
        dep = rng.choice([s for s in directory.INFRASTRUCTURE if s != service])
        team = directory.SERVICE_TEAM[service]
        other = directory.SERVICE_TEAM[dep]
        if other == team:
            other = rng.choice([t for t in directory.TEAMS if t != team])
        major, minor = rng.randint(1, 9), rng.randint(1, 40)
        slots = {name: rng.choice(values) for name, values in directory.BANKS.items()}
        impact = times[Milestone.MITIGATED] - times[Milestone.STARTED]
        return slots | {
            "service": service,
            "dep": dep,
            "team": team,
            "other_team": other,
            "version": f"v{major}.{minor}.{rng.randint(0, 12)}",
            "prev_version": f"v{major}.{minor - 1}.{rng.randint(0, 12)}",
            "pct": rng.randint(3, 60),
            "minutes": max(1, int(impact.total_seconds() // 60)),
            "count": f"{rng.randint(2, 400) * 1000:,}",
            "lag": rng.randint(20, 900),
            "latency": rng.randint(900, 9000),
            "burn": rng.randint(6, 40),
            "tickets": rng.randint(3, 400),
            "limit": rng.choice((60, 120, 300, 600)),
            "old_value": rng.choice((100, 200, 500)),
            "new_value": rng.choice((5, 10, 20)),
            "lead": directory.PEOPLE[people[0]][1],
            "helper": directory.PEOPLE[people[1]][1],
            "channel": f"inc-{ref.lower()}",
        }
