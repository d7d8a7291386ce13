"""Load the demo organisation through the domain services. Flush, never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select

from app.accounts.models import User
from app.accounts.passwords import password_problem
from app.accounts.queries import user_by_email
from app.accounts.services import create_user
from app.catalog.models import Service, Team
from app.catalog.services import create_service, create_tag, create_team, get_or_create_tag
from app.demo.files import DemoData, DemoDataError, IncidentFile, start_of
from app.errors import InvalidInput
from app.extensions import db
from app.incidents import actions, factors, services, timeline
from app.incidents.enums import ActionStatus, Status
from app.incidents.models import SECTIONS, ActionItem, ContributingFactor, Incident, TimelineEntry
from app.reviews import services as reviews

WEEK = dt.timedelta(weeks=1)
WORKED_EXAMPLE_TAG = "worked-example"
APPROVAL = (
    "Thank you for writing this up so clearly; the timeline made the decisions easy to follow."
)


def week_shift(data: DemoData, *, now: dt.datetime) -> dt.timedelta:
    """Return the whole weeks that bring the newest incident's start into the last 7 days."""
    shift = WEEK * ((now - max(start_of(f.doc) for f in data.incidents)) // WEEK)
    latest = max(e["at"] for f in data.incidents for e in f.doc["timeline"])
    # A story that would still be unfolding after "now" reads as broken: start a week earlier.
    return shift - WEEK if latest + shift > now else shift


def is_loaded(data: DemoData) -> bool:
    """Tell whether any of the demo people already has an account here."""
    return any(user_by_email(u["email"]) for u in data.directory["users"])


def load_directory(data: DemoData, *, password: str) -> dict[str, User]:
    """Create the demo people, teams, services and tags; return the people by email."""
    if problem := password_problem(password):
        raise InvalidInput(f"The demo password is not acceptable: {problem}")
    directory, users = data.directory, data.directory["users"]
    with _blaming("directory.yaml"):
        people = {u["email"].lower(): create_user(password=password, **u) for u in users}
        teams = {t["name"]: create_team(**t) for t in directory["teams"]}
        for service in directory["services"]:
            create_service(**{**service, "team": teams[service["team"]]})
        for tag in directory["tags"]:
            create_tag(name=tag)
    return people


def load_incident(
    item: IncidentFile, *, people: dict[str, User], shift: dt.timedelta, now: dt.datetime
) -> Incident:
    """Create one incident and its review, moved `shift` later in time, as its owner wrote it."""
    doc = item.doc
    owner = people[doc["owner"].lower()]
    with _blaming(item.name):
        if db.session.scalar(select(Incident.id).where(Incident.ref == doc["ref"])):
            raise InvalidInput(f"{doc['ref']} already exists in this database.")
        basics = services.Basics(
            **{k: doc[k] for k in ("title", "severity", "services", "team", "tags")},
            is_exercise=doc["is_exercise"],
            visibility=doc["visibility"],
        )
        incident = services.create_incident(actor=owner, basics=basics, ref=doc["ref"])
        sections = {k: doc[k] or "" for k in (*SECTIONS, "no_action_reason")}
        services.update_sections(
            actor=owner, incident=incident, sections=sections, expected_version=None
        )
        for entry in doc["timeline"]:
            data = timeline.EntryInput(
                occurred_at=entry["at"] + shift,
                kind=entry["kind"],
                body=entry["body"],
                milestone=entry.get("milestone"),
            )
            author = people[entry["author"].lower()]
            timeline.add_entry(actor=owner, incident=incident, data=data, author=author)
        for factor in doc["factors"]:
            factors.add_factor(actor=owner, incident=incident, **factor)
        for action in doc["actions"]:
            _add_action(owner, incident, action, people=people, shift=shift, now=now)
        if doc.get("example"):
            incident.tags.append(get_or_create_tag(WORKED_EXAMPLE_TAG))
        _walk_workflow(incident, doc["status"], owner=owner, people=people, now=now)
    return incident


def _walk_workflow(
    incident: Incident, status: Status, *, owner: User, people: dict[str, User], now: dt.datetime
) -> None:
    """Take the review through the real workflow to the status the data file gives."""
    if status is Status.DRAFT:
        return
    reviewer = next(
        (e.author for e in incident.timeline if e.author_id != owner.id),
        next(p for p in people.values() if p.id != owner.id),
    )
    reviews.submit(actor=owner, incident=incident, acknowledge_language=True)
    reviews.request_reviewer(actor=owner, incident=incident, reviewer=reviewer)
    if status is Status.PUBLISHED:
        reviews.approve(actor=reviewer, incident=incident, comment=APPROVAL)
        revision = reviews.publish(actor=owner, incident=incident, min_approvals=1)
        # Reviews are usually published a few days after the incident is resolved.
        done = incident.resolved_at or incident.started_at or now
        revision.published_at = min(done + dt.timedelta(days=3), now)
        db.session.flush()


def _add_action(
    actor: User,
    incident: Incident,
    action: dict[str, Any],
    *,
    people: dict[str, User],
    shift: dt.timedelta,
    now: dt.datetime,
) -> ActionItem:
    due = action["due"] + shift
    data = actions.ActionInput(
        **{k: action[k] for k in ("title", "kind", "priority", "status", "tracker_url")},
        description=action.get("description", ""),
        owner=people[action["owner"].lower()],
        due_date=due,
        wont_do_reason=action["wont_do_reason"] or "",
    )
    item = actions.add_action(actor=actor, incident=incident, data=data)
    if item.status is ActionStatus.DONE:
        # Finished the afternoon before it was due, as the data tells it, but never in the future.
        finished = dt.datetime.combine(due - dt.timedelta(days=1), dt.time(15), tzinfo=dt.UTC)
        item.completed_at = min(finished, now)
    return item


@contextmanager
def _blaming(name: str) -> Iterator[None]:
    """Report a domain service's refusal as a problem in the file `name`."""
    try:
        yield
    except reviews.SubmitBlocked as exc:
        raise DemoDataError(f"{name}: not ready to submit: " + " ".join(exc.gaps)) from exc
    except InvalidInput as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
        message = f"{name}: {exc.message}" + (f" ({details})" if details else "")
        raise DemoDataError(message) from exc


def counts() -> dict[str, int]:
    """Return how many people, lists, incidents and review parts the database holds."""
    models = {
        "users": User,
        "teams": Team,
        "services": Service,
        "incidents": Incident,
        "timeline entries": TimelineEntry,
        "factors": ContributingFactor,
        "actions": ActionItem,
    }
    count = select(func.count())
    return {k: db.session.scalar(count.select_from(m)) or 0 for k, m in models.items()}
