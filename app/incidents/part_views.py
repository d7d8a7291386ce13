"""Pages for the parts of a review: timeline entries, contributing factors, action items."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app import clock
from app.accounts import queries as accounts
from app.accounts.models import User
from app.errors import EditConflict, InvalidInput, NotFound
from app.extensions import db
from app.forms import attach_errors, options
from app.incidents import actions, factors, queries, timeline
from app.incidents.enums import (
    ActionKind,
    ActionStatus,
    EntryKind,
    FactorCategory,
    Milestone,
    Priority,
)
from app.incidents.forms import ActionForm, EntryForm, FactorForm, version_of
from app.incidents.models import ActionItem, ContributingFactor, Incident, TimelineEntry
from app.incidents.views import render_step
from app.language.actions import check_action

bp = Blueprint("incident_parts", __name__, url_prefix="/incidents/<ref>")


def _part(incident: Incident, model: type, part_id: int):
    part = db.session.get(model, part_id)
    if part is None or part.incident_id != incident.id:
        raise NotFound("That part of the review does not exist (it may have been removed).")
    return part


def _save(form: FlaskForm, write: Callable[[], object]) -> tuple[bool, EditConflict | None]:
    """Run a service write for a valid form: commit it, or put its errors on the form."""
    try:
        write()
    except EditConflict as error:
        form.version.data = str(error.current_version)
        return False, error
    except InvalidInput as error:
        attach_errors(form, error)
        return False, None
    db.session.commit()
    return True, None


def _status(form: FlaskForm, conflict: EditConflict | None) -> int:
    return 409 if conflict else (422 if form.is_submitted() else 200)


# Timeline -------------------------------------------------------------------------------


def _entry_input(form: EntryForm) -> timeline.EntryInput:
    return timeline.EntryInput(
        occurred_at=clock.from_local(form.occurred_at.data, current_user.timezone),
        kind=EntryKind(form.kind.data),
        body=form.body.data,
        milestone=Milestone(form.milestone.data) if form.milestone.data else None,
    )


@bp.route("/edit/timeline", methods=["GET", "POST"], endpoint="timeline")
def timeline_page(ref: str):
    """Show the timeline and add an entry in the writer's own time zone."""
    incident = queries.get_visible(current_user, ref)
    form = EntryForm()
    if form.validate_on_submit():
        saved, _ = _save(
            form,
            lambda: timeline.add_entry(
                actor=current_user, incident=incident, data=_entry_input(form)
            ),
        )
        if saved:
            flash("Entry added.", "success")
            return redirect(url_for("incident_parts.timeline", ref=ref) + "#add")
    return render_step(
        incident,
        "timeline",
        _status(form, None),
        form=form,
        durations=queries.durations(incident),
    )


@bp.route("/timeline/<int:entry_id>", methods=["GET", "POST"])
def edit_entry(ref: str, entry_id: int):
    """Edit one timeline entry."""
    incident = queries.get_visible(current_user, ref)
    entry = _part(incident, TimelineEntry, entry_id)
    form = EntryForm(obj=entry) if not FlaskForm().is_submitted() else EntryForm()
    if not form.is_submitted():
        form.occurred_at.data = clock.to_local(entry.occurred_at, current_user.timezone).replace(
            tzinfo=None
        )
        form.kind.data = entry.kind.value
        form.milestone.data = entry.milestone.value if entry.milestone else ""
        form.version.data = str(entry.version)
    conflict = None
    if form.validate_on_submit():
        saved, conflict = _save(
            form,
            lambda: timeline.update_entry(
                actor=current_user,
                entry=entry,
                data=_entry_input(form),
                expected_version=version_of(form),
            ),
        )
        if saved:
            flash("Entry saved.", "success")
            return redirect(url_for("incident_parts.timeline", ref=ref) + f"#entry-{entry.id}")
    return render_template(
        "incidents/edit_entry.html", incident=incident, entry=entry, form=form, conflict=conflict
    ), _status(form, conflict)


@bp.post("/timeline/<int:entry_id>/delete")
def delete_entry(ref: str, entry_id: int):
    """Remove a timeline entry."""
    incident = queries.get_visible(current_user, ref)
    entry = _part(incident, TimelineEntry, entry_id)
    if FlaskForm().validate_on_submit():
        timeline.delete_entry(actor=current_user, entry=entry)
        db.session.commit()
        flash("Entry removed.", "success")
    return redirect(url_for("incident_parts.timeline", ref=ref))


# Contributing factors -------------------------------------------------------------------


@bp.route("/edit/factors", methods=["GET", "POST"], endpoint="factors")
def factors_page(ref: str):
    """List contributing factors and add one."""
    incident = queries.get_visible(current_user, ref)
    form = FactorForm()
    if form.validate_on_submit():
        saved, _ = _save(
            form,
            lambda: factors.add_factor(
                actor=current_user,
                incident=incident,
                category=FactorCategory(form.category.data),
                description=form.description.data,
            ),
        )
        if saved:
            flash("Contributing factor added.", "success")
            return redirect(url_for("incident_parts.factors", ref=ref))
    return render_step(incident, "factors", _status(form, None), form=form)


@bp.route("/factors/<int:factor_id>", methods=["GET", "POST"])
def edit_factor(ref: str, factor_id: int):
    """Edit one contributing factor."""
    incident = queries.get_visible(current_user, ref)
    factor = _part(incident, ContributingFactor, factor_id)
    form = FactorForm(obj=factor) if not FlaskForm().is_submitted() else FactorForm()
    if not form.is_submitted():
        form.category.data = factor.category.value
        form.version.data = str(factor.version)
    conflict = None
    if form.validate_on_submit():
        saved, conflict = _save(
            form,
            lambda: factors.update_factor(
                actor=current_user,
                factor=factor,
                category=FactorCategory(form.category.data),
                description=form.description.data,
                expected_version=version_of(form),
            ),
        )
        if saved:
            flash("Contributing factor saved.", "success")
            return redirect(url_for("incident_parts.factors", ref=ref))
    return render_template(
        "incidents/edit_factor.html",
        incident=incident,
        factor=factor,
        form=form,
        conflict=conflict,
    ), _status(form, conflict)


@bp.post("/factors/<int:factor_id>/delete")
def delete_factor(ref: str, factor_id: int):
    """Remove a contributing factor."""
    incident = queries.get_visible(current_user, ref)
    factor = _part(incident, ContributingFactor, factor_id)
    if FlaskForm().validate_on_submit():
        factors.delete_factor(actor=current_user, factor=factor)
        db.session.commit()
        flash("Contributing factor removed.", "success")
    return redirect(url_for("incident_parts.factors", ref=ref))


# Action items ---------------------------------------------------------------------------


def _action_form(item: ActionItem | None = None) -> ActionForm:
    submitted = FlaskForm().is_submitted()
    form = ActionForm(obj=item) if item is not None and not submitted else ActionForm()
    form.owner.choices = options(
        [("", "Nobody yet")] + [(str(u.id), u.name) for u in accounts.active_users()]
    )
    if item is not None and not submitted:
        form.kind.data, form.priority.data = item.kind.value, item.priority.value
        form.status.data = item.status.value
        form.owner.data = str(item.owner_id or "")
        form.version.data = str(item.version)
    return form


def _action_input(form: ActionForm) -> actions.ActionInput:
    owner = db.session.get(User, int(form.owner.data)) if form.owner.data else None
    return actions.ActionInput(
        title=form.title.data,
        description=form.description.data or "",
        kind=ActionKind(form.kind.data),
        priority=Priority(form.priority.data),
        owner=owner,
        due_date=form.due_date.data,
        status=ActionStatus(form.status.data),
        wont_do_reason=form.wont_do_reason.data or "",
        tracker_url=form.tracker_url.data or None,
    )


@bp.route("/edit/actions", methods=["GET", "POST"], endpoint="actions")
def actions_page(ref: str):
    """List action items and add one."""
    incident = queries.get_visible(current_user, ref)
    form = _action_form()
    if form.validate_on_submit():
        saved, _ = _save(
            form,
            lambda: actions.add_action(
                actor=current_user, incident=incident, data=_action_input(form)
            ),
        )
        if saved:
            flash("Action item added.", "success")
            return redirect(url_for("incident_parts.actions", ref=ref))
    hints = {
        item.id: check_action(title=item.title, owner=item.owner, due_date=item.due_date)
        for item in incident.actions
        if item.status not in {ActionStatus.DONE, ActionStatus.WONT_DO}
    }
    return render_step(incident, "actions", _status(form, None), form=form, hints=hints)


@bp.route("/actions/<int:item_id>", methods=["GET", "POST"])
def edit_action(ref: str, item_id: int):
    """Edit one action item."""
    incident = queries.get_visible(current_user, ref)
    item = _part(incident, ActionItem, item_id)
    form = _action_form(item)
    conflict = None
    if form.validate_on_submit():
        saved, conflict = _save(
            form,
            lambda: actions.update_action(
                actor=current_user,
                item=item,
                data=_action_input(form),
                expected_version=version_of(form),
            ),
        )
        if saved:
            flash("Action item saved.", "success")
            return redirect(url_for("incident_parts.actions", ref=ref))
    return render_template(
        "incidents/edit_action.html", incident=incident, item=item, form=form, conflict=conflict
    ), _status(form, conflict)


@bp.post("/actions/<int:item_id>/delete")
def delete_action(ref: str, item_id: int):
    """Remove an action item."""
    incident = queries.get_visible(current_user, ref)
    item = _part(incident, ActionItem, item_id)
    if FlaskForm().validate_on_submit():
        actions.delete_action(actor=current_user, item=item)
        db.session.commit()
        flash("Action item removed.", "success")
    return redirect(url_for("incident_parts.actions", ref=ref))
