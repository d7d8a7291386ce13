"""Downloads of one review: /incidents/<ref>.pdf, .md and .json.

Werkzeug tries the rule with more static text first, so these win over /incidents/<ref>.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from app.errors import NotFound
from app.exports import access, services
from app.exports.services import Export
from app.extensions import db
from app.incidents import queries

bp = Blueprint("exports", __name__)
REF_MAX = 32  # the column's width: anything longer is certainly unknown


@bp.get("/incidents/<ref>.pdf")
def pdf(ref: str):
    """Download a review as a PDF."""
    return _download(ref, "pdf")


@bp.get("/incidents/<ref>.md")
def markdown(ref: str):
    """Download a review as Markdown in the import format."""
    return _download(ref, "md")


@bp.get("/incidents/<ref>.json")
def json(ref: str):
    """Download a review as JSON, shaped like the API's incident."""
    return _download(ref, "json")


def _download(ref: str, fmt: str):
    viewer = access.downloader()
    if isinstance(viewer, Response):
        return viewer
    if len(ref) > REF_MAX or "\x00" in ref:  # PostgreSQL refuses NUL even in a query
        raise NotFound(f"No incident {ref[:REF_MAX]}.")
    incident = queries.get_visible(viewer, ref)
    export = services.export_incident(incident, fmt)
    db.session.commit()  # a newly stored export, and when a token was last used
    return _send(export)


def _send(export: Export) -> Response:
    response = current_app.response_class(export.content, content_type=export.media_type)
    disposition = "inline" if export.media_type == services.PDF else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{export.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    if export.etag is None:  # a draft: it changes with every edit
        response.cache_control.no_store = True
        return response
    response.set_etag(export.etag)
    response.cache_control.private = True
    response.cache_control.no_cache = True  # revalidate every time: who may read it can change
    return response.make_conditional(request)
