"""The insights page and its charts, for everyone, counting only what the viewer may see."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from app import clock
from app.catalog import queries as catalog
from app.digests import settings
from app.insights import panels
from app.insights.filters import Filters

bp = Blueprint("insights", __name__, url_prefix="/insights", static_folder="static")


def _filters() -> tuple[Filters, list[str], str]:
    tz_name = settings.timezone()
    today = clock.to_local(clock.utcnow(), tz_name).date()
    filters, problems = Filters.from_args(request.args, today)
    return filters, problems, tz_name


@bp.get("/")
def index():
    """Show distributions of incidents, durations and follow-through, with filters."""
    filters, problems, tz_name = _filters()
    scope = filters.scope(current_user, tz_name)
    return render_template(
        "insights/index.html",
        filters=filters,
        problems=problems,
        tz_name=tz_name,
        charts=panels.CHARTS,
        severity_rows=panels.severity_table(scope),
        teams=catalog.teams(),
        services=catalog.services(),
    )


@bp.get("/charts/<name>.png")
def chart(name: str):
    """Render one chart of the insights page for the same filters, as PNG."""
    if name not in panels.CHARTS:
        abort(404)
    filters, _, tz_name = _filters()
    png = panels.CHARTS[name][1](filters.scope(current_user, tz_name), tz_name)
    response = Response(png, mimetype="image/png")
    response.cache_control.private = True  # counts depend on who is looking
    response.cache_control.max_age = 300
    return response
