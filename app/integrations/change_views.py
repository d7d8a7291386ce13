"""Decisions about the deploys and alerts suggested on an incident page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from app.errors import InvalidInput
from app.extensions import db
from app.incidents import queries as incidents
from app.integrations import links
from app.integrations.enums import Relation
from app.integrations.forms import DecisionForm, VerdictForm

bp = Blueprint("changes", __name__, url_prefix="/incidents/<ref>/changes")

SAID = {
    Relation.SUSPECTED_TRIGGER: "Marked as a suspected trigger and added to the timeline.",
    Relation.RELATED: "Marked as related and added to the timeline.",
    Relation.DISMISSED: "Dismissed: it stays listed, marked as not relevant.",
}


def _back(ref: str):
    return redirect(url_for("incidents.show", ref=ref, _anchor="changes"))


@bp.post("/<any(deploy, alert):kind>/<int:record_id>")
def decide(ref: str, kind: str, record_id: int):
    """Confirm or dismiss a suggested deploy or alert."""
    incident = incidents.get_visible(current_user, ref)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash("Pick suspected trigger, related or dismissed.", "error")
        return _back(incident.ref)
    relation = Relation(form.relation.data)
    try:
        links.decide(
            actor=current_user,
            incident=incident,
            kind=kind,
            record_id=record_id,
            relation=relation,
            note=form.note.data or "",
        )
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(SAID[relation], "success")
    return _back(incident.ref)


@bp.post("/none")
def no_change(ref: str):
    """Record that no change was involved in this incident."""
    incident = incidents.get_visible(current_user, ref)
    form = VerdictForm()
    if form.validate_on_submit():
        try:
            links.record_no_change(actor=current_user, incident=incident, note=form.note.data or "")
        except InvalidInput as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash("Recorded: no change was involved.", "success")
    return _back(incident.ref)


@bp.post("/none/clear")
def clear_no_change(ref: str):
    """Withdraw the "no change involved" answer."""
    incident = incidents.get_visible(current_user, ref)
    if VerdictForm().validate_on_submit():
        links.clear_no_change(actor=current_user, incident=incident)
        db.session.commit()
        flash("The 'no change involved' answer was withdrawn.", "success")
    return _back(incident.ref)
