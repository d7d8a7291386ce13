"""The managed lists: everyone reads them, admins change them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from app.accounts.auth import admin_required
from app.catalog import queries, services
from app.catalog.forms import ServiceForm, TagForm, TeamForm
from app.catalog.models import Team
from app.errors import InvalidInput
from app.extensions import db
from app.forms import options

bp = Blueprint("catalog", __name__, url_prefix="/catalog")


def _forms() -> dict[str, FlaskForm]:
    service_form = ServiceForm(prefix="service")
    service_form.team_id.choices = options(
        [(0, "No team")] + [(t.id, t.name) for t in queries.teams()]
    )
    return {
        "team_form": TeamForm(prefix="team"),
        "service_form": service_form,
        "tag_form": TagForm(prefix="tag"),
    }


def _page(status: int = 200, **forms: FlaskForm):
    context = _forms() | forms
    return render_template(
        "catalog/index.html",
        teams=queries.teams(),
        services=queries.services(),
        tags=queries.tags(),
        **context,
    ), status


@bp.get("/")
def index():
    """List teams, services and tags."""
    return _page()


@bp.post("/<kind>")
@admin_required
def add(kind: str):
    """Add a team, service or tag."""
    forms = _forms()
    form = forms.get(f"{kind}_form")
    if form is None:
        return _page(404)
    if form.validate_on_submit():
        try:
            if kind == "team":
                item = services.create_team(
                    name=form.name.data, description=form.description.data or ""
                )
            elif kind == "service":
                team = db.session.get(Team, form.team_id.data or 0)
                item = services.create_service(
                    name=form.name.data, team=team, description=form.description.data or ""
                )
            else:
                item = services.create_tag(name=form.name.data)
        except InvalidInput as error:
            form.name.errors.append(error.errors.get("name", error.message))
        else:
            db.session.commit()
            flash(f"Added {kind} {item.name}.", "success")
            return redirect(url_for("catalog.index"))
    return _page(422, **{f"{kind}_form": form})


@bp.post("/<kind>/<int:item_id>/delete")
@admin_required
def delete(kind: str, item_id: int):
    """Remove a team, service or tag."""
    if not FlaskForm().validate_on_submit():
        return _page(400)
    name = services.delete_item(kind=kind, item_id=item_id)
    db.session.commit()
    flash(f"Removed {kind} {name}.", "success")
    return redirect(url_for("catalog.index"))
