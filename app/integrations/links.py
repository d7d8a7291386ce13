"""People's decisions about suggested deploys and alerts. Flush, never commit.

Confirming one puts it on the timeline as an entry attributed to the person who confirmed,
with the integration as its source; dismissing it takes that entry off again where they may.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.audit.services import record
from app.errors import InvalidInput, NotFound
from app.extensions import db
from app.incidents import permissions, timeline
from app.incidents.enums import EntryKind
from app.incidents.models import Incident, TimelineEntry
from app.integrations.enums import Relation
from app.integrations.models import Alert, ChangeLink, Deploy, NoChangeVerdict
from app.integrations.narration import entry_body

NOTE_MAX = 2000
KINDS = {"deploy": (Deploy, EntryKind.DEPLOY), "alert": (Alert, EntryKind.ALERT)}


def decide(
    *,
    actor: User,
    incident: Incident,
    kind: str,
    record_id: int,
    relation: Relation,
    note: str = "",
) -> ChangeLink:
    """Confirm (suspected trigger or related) or dismiss a deploy or alert for `incident`."""
    permissions.ensure_editable(actor, incident)
    model, entry_kind = KINDS.get(kind, (None, None))
    target = db.session.get(model, record_id) if model else None
    if target is None:
        raise NotFound(f"No {kind} {record_id}.")
    if relation is Relation.SUSPECTED_TRIGGER and db.session.get(NoChangeVerdict, incident.id):
        raise InvalidInput(
            "This incident is recorded as involving no change. Clear that answer first."
        )
    link = _link(incident, kind, target)
    link.relation, link.note, link.decided_by = relation, note.strip()[:NOTE_MAX], actor
    db.session.flush()
    entry = _entry(incident, target, entry_kind)
    if relation.confirmed and entry is None:
        timeline.add_entry(
            actor=actor,
            incident=incident,
            data=timeline.EntryInput(
                occurred_at=target.started_at, kind=entry_kind, body=entry_body(target)
            ),
            source=target.source.value,
            source_ref=str(target.id),
        )
    elif (
        not relation.confirmed and entry is not None and permissions.can_remove_entry(actor, entry)
    ):
        timeline.delete_entry(actor=actor, entry=entry)
    record(
        "change_link.decided",
        actor=actor,
        incident=incident,
        kind=kind,
        id=target.id,
        relation=relation.value,
    )
    return link


def record_no_change(*, actor: User, incident: Incident, note: str = "") -> NoChangeVerdict:
    """Record that no change was involved; refused while something is a suspected trigger."""
    permissions.ensure_editable(actor, incident)
    suspected = db.session.scalar(
        select(ChangeLink.id).where(
            ChangeLink.incident_id == incident.id,
            ChangeLink.relation == Relation.SUSPECTED_TRIGGER,
        )
    )
    if suspected is not None:
        raise InvalidInput(
            "A change is marked as a suspected trigger of this incident; dismiss it or mark it "
            "related first."
        )
    found = db.session.get(NoChangeVerdict, incident.id)
    found = found or NoChangeVerdict(incident_id=incident.id)
    found.note, found.decided_by = note.strip()[:NOTE_MAX], actor
    db.session.add(found)
    db.session.flush()
    record("change_link.no_change", actor=actor, incident=incident)
    return found


def clear_no_change(*, actor: User, incident: Incident) -> None:
    """Withdraw the "no change involved" answer."""
    permissions.ensure_editable(actor, incident)
    found = db.session.get(NoChangeVerdict, incident.id)
    if found is not None:
        db.session.delete(found)
        db.session.flush()
        record("change_link.no_change_cleared", actor=actor, incident=incident)


def _link(incident: Incident, kind: str, target: Deploy | Alert) -> ChangeLink:
    column = ChangeLink.deploy_id if kind == "deploy" else ChangeLink.alert_id
    query = select(ChangeLink).where(ChangeLink.incident_id == incident.id, column == target.id)
    link = db.session.scalar(query)
    if link is not None:
        return link
    try:
        with db.session.begin_nested():  # two people deciding at once: one row, last word wins
            link = ChangeLink(incident_id=incident.id, relation=Relation.RELATED)
            setattr(link, f"{kind}_id", target.id)
            db.session.add(link)
    except IntegrityError:
        link = db.session.scalar(query)
        if link is None:
            raise
    return link


def _entry(incident: Incident, target: Deploy | Alert, kind: EntryKind) -> TimelineEntry | None:
    return next(
        (
            e
            for e in incident.timeline
            if e.source == target.source.value and e.source_ref == str(target.id) and e.kind is kind
        ),
        None,
    )
