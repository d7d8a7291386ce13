"""Admin pages: integrations (each new secret shown once, with its address) and service aliases."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.accounts.auth import admin_required
from app.catalog import queries as catalog
from app.errors import InvalidInput
from app.extensions import db
from app.forms import attach_errors, options
from app.integrations import queries, services, snippets
from app.integrations.enums import Source
from app.integrations.forms import AliasForm, IntegrationForm

bp = Blueprint("integrations", __name__, url_prefix="/integrations")


def hook_url(source: Source) -> str:
    """Return the public address a tool posts `source` deliveries to."""
    return f"{current_app.config['BASE_URL']}/hooks/{source.value}"


def _alias_form() -> AliasForm:
    form = AliasForm(prefix="alias")
    form.service_id.choices = options((s.id, s.name) for s in catalog.services())
    return form


def _page(status: int = 200, form: IntegrationForm | None = None, alias_form=None):
    return render_template(
        "integrations/index.html",
        integrations=queries.integrations(),
        aliases=queries.aliases(),
        form=form or IntegrationForm(prefix="new"),
        alias_form=alias_form or _alias_form(),
        hook_url=hook_url,
    ), status


@bp.get("/")
@admin_required
def index():
    """List integrations and service aliases, with forms to add them."""
    return _page()


@bp.post("/")
@admin_required
def create():
    """Add an integration and show its secret, this once."""
    form = IntegrationForm(prefix="new")
    if form.validate_on_submit():
        try:
            made = services.create_integration(
                actor=current_user,
                source=form.source.data,
                secret=form.secret.data,
                name=form.name.data or "",
            )
        except InvalidInput as error:
            attach_errors(form, error)
        else:
            db.session.commit()
            source, url = made.integration.source, hook_url(made.integration.source)
            page = render_template(
                "integrations/created.html",
                made=made,
                url=url,
                steps=snippets.instructions(source, url),
                snippet=snippets.snippet(source, url, made.secret),
            )
            return page, 201, {"Cache-Control": "no-store"}
    return _page(422, form=form)


@bp.post("/<int:integration_id>/disable")
@admin_required
def disable(integration_id: int):
    """Stop accepting deliveries for an integration."""
    if FlaskForm().validate_on_submit():
        integration = services.disable_integration(
            actor=current_user, integration_id=integration_id
        )
        db.session.commit()
        flash(f"Disabled {integration.name}: its deliveries are now refused.", "success")
    return redirect(url_for("integrations.index"))


@bp.post("/aliases")
@admin_required
def add_alias():
    """Map a name a tool uses onto a service of the catalog."""
    form = _alias_form()
    if form.validate_on_submit():
        try:
            alias = services.map_service(
                actor=current_user, name=form.name.data, service_id=form.service_id.data
            )
        except InvalidInput as error:
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(f"'{alias.name}' now means {alias.service.name}.", "success")
            return redirect(url_for("integrations.index"))
    return _page(422, alias_form=form)
