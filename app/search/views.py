"""The search page, and the small JSON endpoint the drafting form asks about similar reviews."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for
from flask_login import current_user

from app.incidents.enums import FactorCategory, Severity, Status
from app.incidents.models import Incident
from app.search import forms, queries
from app.search.similar import cached_similar

bp = Blueprint("search", __name__)

FACET_LABELS = {
    "severity": "Severity",
    "status": "Status",
    "service": "Service",
    "team": "Team",
    "tag": "Tag",
    "factor": "Contributing factor",
}


@bp.get("/search")
def index():
    """Search every review the viewer may read, with filters and facet counts."""
    params, notes = forms.params_from(request.args)
    result = queries.search(current_user, params)
    return render_template(
        "search/index.html",
        result=result,
        params=params,
        notes=[*notes, *result.notes],
        active=[name for name in FACET_LABELS if getattr(params, name)],
        facet_labels=FACET_LABELS,
        value_label=value_label,
        link=lambda **changes: _link(params, **changes),
    )


def _link(params: queries.SearchParams, **changes: object) -> str:
    """Return this search's address with some parameters changed (None or "" removes one)."""
    current = {
        "q": params.q,
        "severity": params.severity,
        "service": params.service,
        "team": params.team,
        "tag": params.tag,
        "factor": params.factor,
        "status": params.status,
        "from": params.date_from.isoformat() if params.date_from else "",
        "to": params.date_to.isoformat() if params.date_to else "",
        "sort": "" if params.sort == "relevance" else params.sort,
    }
    current.update({k.rstrip("_"): v for k, v in changes.items()})
    return url_for("search.index", **{k: v for k, v in current.items() if v not in ("", None)})


@bp.get("/search/similar")
def similar():
    """Answer which reviews look like a draft, from its title and services, as JSON."""
    services = [s for raw in request.args.getlist("services") for s in raw.split(",")]
    exclude = request.args.get("ref", "").strip().upper()
    found = queries.similar_to_draft(
        current_user, title=request.args.get("title", "")[:500], services=services, limit=6
    )
    results = [
        {
            "ref": item.ref,
            "title": item.title,
            "score": item.score,
            "reason": item.reason,
            "url": url_for("incidents.show", ref=item.ref),
        }
        for item in found
        if item.ref != exclude
    ]
    return jsonify(results=results[:5])


@bp.app_template_global()
def similar_incidents(incident: Incident) -> list[queries.SimilarIncident]:
    """Return the reviews that look like `incident`, for its page (cached briefly per viewer)."""
    return cached_similar(current_user, incident, queries.similar)


def value_label(facet: str, value: str) -> str:
    """Name a facet value the way the rest of the app does."""
    enums = {"severity": Severity, "status": Status, "factor": FactorCategory}
    if facet in enums:
        try:
            return enums[facet](value).label
        except ValueError:
            return value
    return value
