"""Pages for listing, reading and drafting incident reviews."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.catalog import queries as catalog
from app.errors import EditConflict, InvalidInput
from app.extensions import db
from app.forms import attach_errors, options
from app.incidents import queries, services, steps
from app.incidents.enums import Severity, Status, Visibility
from app.incidents.forms import BasicsForm, SectionsForm, version_of
from app.incidents.models import Incident
from app.integrations.panel import incident_panel
from app.reviews import queries as review_queries

bp = Blueprint("incidents", __name__)

STEP_FIELDS = {
    "learnings": ("went_well", "got_lucky", "surprised"),
    "summary": ("summary", "impact", "no_action_reason"),
}


def render_step(incident: Incident, key: str, status: int = 200, **context):
    """Render one step of the drafting flow, with its guidance and the stepper."""
    return render_template(
        f"incidents/step_{key}.html"
        if key in {"basics", "timeline", "factors", "actions"}
        else "incidents/step_sections.html",
        incident=incident,
        step=steps.step(key),
        steps=steps.STEPS,
        next_step=steps.next_step(key),
        **coaching(),
        **context,
    ), status


def coaching() -> dict[str, object]:
    """Say whether to coach the viewer as a first-time author, and which review to show them."""
    first_time = not queries.has_published(current_user)
    return {
        "coach": first_time,
        "example": queries.worked_example(current_user) if first_time else None,
    }


def step_url(incident: Incident, step: steps.Step | None) -> str:
    """Return the address of a drafting step, or of the read view after the last one."""
    if step is None:
        return url_for("incidents.show", ref=incident.ref)
    return url_for(step.endpoint, ref=incident.ref, **step.args)


def basics_form(incident: Incident | None = None) -> BasicsForm:
    form = BasicsForm(obj=incident) if incident and request.method == "GET" else BasicsForm()
    form.services.choices = options((s.name, s.name) for s in catalog.services())
    form.team.choices = options([("", "No team")] + [(t.name, t.name) for t in catalog.teams()])
    if incident is not None and request.method == "GET":
        form.severity.data = incident.severity.value
        form.visibility.data = incident.visibility.value
        form.services.data = [s.name for s in incident.services]
        form.team.data = incident.team.name if incident.team else ""
        form.tags.data = ", ".join(t.name for t in incident.tags)
        form.version.data = str(incident.version)
    return form


def basics_of(form: BasicsForm) -> services.Basics:
    return services.Basics(
        title=form.title.data,
        severity=Severity(form.severity.data),
        services=form.services.data or [],
        team=form.team.data or None,
        tags=form.tag_list(),
        is_exercise=form.is_exercise.data,
        visibility=Visibility(form.visibility.data),
    )


@bp.get("/")
def home():
    """Send people to the incident list."""
    return redirect(url_for("incidents.index"))


@bp.get("/incidents/")
def index():
    """List incidents the viewer may see, newest first, with filters."""
    filters = queries.IncidentFilters(
        **{k: request.args.get(k, "").strip() for k in ("status", "severity", "service", "team")}
    )
    page = queries.list_incidents(
        current_user,
        filters,
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 20, type=int),
    )
    return render_template(
        "incidents/index.html",
        page=page,
        filters=filters,
        statuses=list(Status),
        severities=list(Severity),
        services=catalog.services(),
        teams=catalog.teams(),
    )


@bp.route("/incidents/new", methods=["GET", "POST"])
def new():
    """Start a new review with its basics."""
    form = basics_form()
    if form.validate_on_submit():
        try:
            incident = services.create_incident(actor=current_user, basics=basics_of(form))
        except InvalidInput as error:
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(f"Draft {incident.ref} created. Next, tell the story on the timeline.", "success")
            return redirect(step_url(incident, steps.step("timeline")))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "incidents/new.html",
        form=form,
        steps=steps.STEPS,
        step=steps.step("basics"),
        **coaching(),
    ), status


@bp.get("/incidents/<ref>")
def show(ref: str):
    """Show a review as readers see it."""
    incident = queries.get_for_page(current_user, ref)
    return render_template(
        "incidents/show.html",
        incident=incident,
        durations=queries.durations(incident),
        revisions=review_queries.revisions(incident),
        **incident_panel(current_user, incident),
    )


@bp.route("/incidents/<ref>/edit/basics", methods=["GET", "POST"])
def edit_basics(ref: str):
    """Change the basics: title, severity, services, team, tags, visibility."""
    incident = queries.get_visible(current_user, ref)
    form = basics_form(incident)
    conflict = None
    if form.validate_on_submit():
        try:
            services.update_basics(
                actor=current_user,
                incident=incident,
                basics=basics_of(form),
                expected_version=version_of(form),
            )
        except EditConflict as error:
            conflict = error
            form.version.data = str(error.current_version)
        except InvalidInput as error:
            attach_errors(form, error)
        else:
            db.session.commit()
            flash("Basics saved.", "success")
            return redirect(step_url(incident, steps.step("timeline")))
    status = 409 if conflict else (422 if form.is_submitted() else 200)
    return render_step(incident, "basics", status, form=form, conflict=conflict)


@bp.route("/incidents/<ref>/edit/<any(learnings, summary):key>", methods=["GET", "POST"])
def edit_sections(ref: str, key: str):
    """Write the learnings, or the summary and impact."""
    incident = queries.get_visible(current_user, ref)
    form = SectionsForm(obj=incident) if request.method == "GET" else SectionsForm()
    if request.method == "GET":
        form.version.data = str(incident.version)
    conflict = None
    if form.validate_on_submit():
        texts = {name: getattr(form, name).data or "" for name in STEP_FIELDS[key]}
        try:
            services.update_sections(
                actor=current_user,
                incident=incident,
                sections=texts,
                expected_version=version_of(form),
            )
        except EditConflict as error:
            conflict = error
            form.version.data = str(error.current_version)
        else:
            db.session.commit()
            flash("Saved.", "success")
            return redirect(step_url(incident, steps.next_step(key)))
    status = 409 if conflict else (422 if form.is_submitted() else 200)
    return render_step(incident, key, status, form=form, conflict=conflict, fields=STEP_FIELDS[key])


@bp.post("/incidents/<ref>/delete")
def delete(ref: str):
    """Delete a review (owner or admin)."""
    incident = queries.get_visible(current_user, ref)
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("incidents.show", ref=ref))
    services.delete_incident(actor=current_user, incident=incident)
    db.session.commit()
    flash(f"Deleted {ref}.", "success")
    return redirect(url_for("incidents.index"))
