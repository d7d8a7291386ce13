"""Action item follow-through for a week: opened, completed, and overdue by team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from app.accounts.models import User
from app.catalog.models import Team
from app.extensions import db
from app.incidents.enums import ActionStatus
from app.incidents.models import ActionItem, Incident
from app.insights.scope import Scope

PER_TEAM = 5  # the oldest few per team; the rest are counted
OLDEST = 100  # overdue items read to fill those lists, oldest first
NO_TEAM = "No team"


@dataclass(frozen=True)
class OverdueItem:
    title: str
    ref: str
    owner: str | None
    due_date: dt.date
    days_overdue: int


@dataclass
class TeamOverdue:
    team: str
    total: int
    items: list[OverdueItem] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class ActionSummary:
    opened: int
    completed: int
    overdue: int
    teams: list[TeamOverdue]


def summary(scope: Scope, start: dt.datetime, end: dt.datetime, last_day: dt.date) -> ActionSummary:
    """Count actions opened and completed in [start, end) and those overdue when it ended."""
    where = [*scope.conditions(dated=False)]
    count = select(func.count(ActionItem.id)).join(Incident, Incident.id == ActionItem.incident_id)
    opened = db.session.scalar(
        count.where(*where, ActionItem.created_at >= start, ActionItem.created_at < end)
    )
    completed = db.session.scalar(
        count.where(
            *where,
            ActionItem.status == ActionStatus.DONE,
            ActionItem.completed_at >= start,
            ActionItem.completed_at < end,
        )
    )
    overdue_where = [
        *where,
        ActionItem.created_at < end,
        ActionItem.due_date <= last_day,  # due by the week's last day, not done when it ended
        ActionItem.status != ActionStatus.WONT_DO,
        or_(ActionItem.completed_at.is_(None), ActionItem.completed_at >= end),
    ]
    teams = _overdue_by_team(overdue_where, last_day)
    return ActionSummary(opened or 0, completed or 0, sum(t.total for t in teams), teams)


def _overdue_by_team(where: list, last_day: dt.date) -> list[TeamOverdue]:
    base = select(ActionItem.id).join(Incident, Incident.id == ActionItem.incident_id).where(*where)
    # Grouping by an expression, not the bare column, keeps SQLite from walking incidents by
    # their team index; it reads the covering overdue index instead.
    team = func.coalesce(Incident.team_id, 0)
    totals = db.session.execute(
        base.with_only_columns(team, func.count(ActionItem.id)).group_by(team)
    ).all()
    # The oldest overdue items of the whole organisation, read in due-date order along the
    # index and stopped early; each team shows its share of them (up to PER_TEAM).
    oldest = db.session.execute(
        base.with_only_columns(team, ActionItem.title, Incident.ref, User.name, ActionItem.due_date)
        .outerjoin(User, User.id == ActionItem.owner_id)
        .order_by(ActionItem.due_date, ActionItem.id)
        .limit(OLDEST)
    ).all()
    names = dict(db.session.execute(select(Team.id, Team.name)).all())
    groups = {team_id: TeamOverdue(names.get(team_id, NO_TEAM), total) for team_id, total in totals}
    for team_id, title, ref, owner, due in oldest:
        group = groups.get(team_id)
        if group is not None and len(group.items) < PER_TEAM:
            group.items.append(OverdueItem(title, ref, owner, due, (last_day - due).days + 1))
    # The team with the oldest overdue item first: that is where follow-through stalls.
    return sorted(
        groups.values(), key=lambda g: (g.items[0].due_date if g.items else last_day, g.team)
    )
