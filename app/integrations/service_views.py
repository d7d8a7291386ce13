"""Service pages: deploys, alerts and incidents together; and the alert noise report."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from app.catalog import queries as catalog
from app.integrations.history import service_history
from app.integrations.noise import noise_report

bp = Blueprint("services", __name__)

NOISE_MINUTES = (5, 10, 15, 30)


@bp.get("/services/<name>")
def show(name: str):
    """Show a service's recent deploys, alerts and incidents side by side."""
    return render_template("integrations/service.html", history=service_history(current_user, name))


@bp.get("/alerts/noise")
def noise():
    """List alerts that fired and resolved on their own within minutes, by week."""
    minutes = request.args.get("minutes", 10, type=int)
    minutes = minutes if minutes in NOISE_MINUTES else 10
    weeks = min(max(request.args.get("weeks", 8, type=int), 1), 52)
    service = request.args.get("service", "").strip()[:80]
    report = noise_report(
        within=dt.timedelta(minutes=minutes),
        weeks=weeks,
        service=service,
        tz_name=current_app.config.get("DIGEST_TIMEZONE", "UTC"),
    )
    return render_template(
        "integrations/noise.html",
        report=report,
        minutes=minutes,
        weeks=weeks,
        service=service,
        choices=NOISE_MINUTES,
        services=catalog.services(),
    )
