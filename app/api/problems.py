"""RFC 9457 problem details: every error the API answers, as `application/problem+json`.

The HTML pages keep their own error pages (app/errors.py). API blueprints answer their own
errors here, and unknown addresses or wrong methods under /api/ are answered before routing
would hand them to the HTML handler.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from flask import Blueprint, Response, current_app, g, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from app.api.schemas import IncidentOut
from app.errors import (
    DomainError,
    EditConflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
)
from app.extensions import db
from app.incidents import queries
from app.incidents.models import Incident
from app.reviews.services import SubmitBlocked

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPES = "https://hindsight.dev/problems/"
PREFIX = "/api/"

_SLUGS: dict[type[DomainError], tuple[str, str]] = {
    NotFound: ("not-found", "Not found"),
    PermissionDenied: ("forbidden", "Not allowed"),
    InvalidTransition: ("invalid-transition", "Not possible right now"),
}


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    headers: Iterable[tuple[str, str]] = (),
    **members: Any,
) -> Response:
    """Answer with a problem document; `slug` names a Hindsight problem type, else about:blank."""
    body = {
        "type": TYPES + slug if slug else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **members,
    }
    response = current_app.response_class(
        current_app.json.dumps(body), status=status, mimetype=MEDIA_TYPE
    )
    for name, value in headers:
        response.headers[name] = value
    return response


def from_http_exception(error: HTTPException) -> Response:
    """Answer an HTTP error (ours, webargs' or Werkzeug's) as a problem."""
    code = error.code or 500
    data: Mapping[str, Any] = getattr(error, "data", None) or {}
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    headers += list((data.get("headers") or {}).items())
    if "problem" in data:  # raised by our body parser, which knows exactly what went wrong
        return problem(code, headers=headers, **data["problem"])
    if "messages" in data:  # webargs: the body or query did not match the schema
        errors = _by_field(data["messages"])
        detail = (
            "The body must be a JSON object."
            if "_body" in errors
            else f"Some fields need attention: {', '.join(map(str, errors))}."
        )
        return problem(
            code,
            detail,
            slug="invalid-input",
            title="Invalid input",
            errors=errors,
            headers=headers,
        )
    return problem(code, _explain(error), headers=headers)


def _by_field(messages: Mapping[str, Any]) -> dict[str, Any]:
    """Drop webargs' location level ({"json": {...}}) so `errors` is keyed by field name."""
    errors: dict[str, Any] = {}
    for found in messages.values():
        items = found.items() if isinstance(found, Mapping) else [("_body", found)]
        for name, message in items:
            errors["_body" if name == "_schema" else name] = message
    return errors


def _explain(error: HTTPException) -> str:
    if error.code == 404:
        return "There is nothing at this address. The API's addresses are in /api/v1/openapi.json."
    if error.code == 405:
        allowed = ", ".join(sorted(getattr(error, "valid_methods", None) or []))
        return f"{request.method} is not allowed here; use {allowed or 'another method'}."
    if error.code == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        mib, rest = divmod(limit, 1024 * 1024)
        size = f"{mib} MiB" if mib and not rest else f"{limit:,} bytes"
        return f"The body is larger than the {size} this API accepts."
    return error.description or HTTPStatus(error.code or 500).phrase


def from_domain_error(error: DomainError) -> Response:
    """Answer a rule of the domain that said no; nothing of the request was saved."""
    db.session.rollback()
    if isinstance(error, SubmitBlocked):
        return problem(
            422,
            error.message,
            slug="submit-blocked",
            title="Not ready to submit",
            gaps=error.gaps,
            findings=[
                {"where": f.where, "excerpt": f.excerpt, **f.finding.as_dict()}
                for f in error.findings
            ],
        )
    if isinstance(error, InvalidInput):
        errors = {name: [message] for name, message in error.errors.items()}
        return problem(
            422, error.message, slug="invalid-input", title="Invalid input", errors=errors
        )
    if isinstance(error, EditConflict):
        members: dict[str, Any] = {"current_version": error.current_version}
        if isinstance(error.current, Incident):
            members["current"] = _dump(error.current)
        return problem(409, error.message, slug="edit-conflict", title="Edit conflict", **members)
    slug, title = next(
        (pair for kind, pair in _SLUGS.items() if isinstance(error, kind)),
        ("refused", error.title),
    )
    return problem(error.status_code, error.message, slug=slug, title=title)


def from_stale_data(error: StaleDataError) -> Response:
    """Two saves raced and the other won: a conflict, with the state that won when we know it."""
    db.session.rollback()
    members: dict[str, Any] = {}
    ref, user = (request.view_args or {}).get("ref"), g.get("api_user")
    if ref and user is not None:
        try:
            current = queries.get_visible(user, ref)
        except NotFound:
            pass
        else:
            members = {"current": _dump(current), "current_version": current.version}
    return problem(
        409,
        "Someone else saved a change here at the same moment, so nothing of yours was saved. "
        "Read the current state and try again.",
        slug="edit-conflict",
        title="Edit conflict",
        **members,
    )


def from_integrity_error(error: IntegrityError) -> Response:
    """A uniqueness race (two creates at once): a conflict to retry, not a crash."""
    db.session.rollback()
    log.exception("integrity error on %s %s", request.method, request.path)
    return problem(
        409,
        "This clashed with a change saved at the same moment. Read the current state and retry.",
        slug="conflict",
        title="Conflict",
    )


def from_unexpected(error: Exception) -> Response:
    """A bug: log it and answer 500 as a problem (tests see the real traceback instead)."""
    if current_app.testing:
        raise error
    db.session.rollback()
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, "Something went wrong on our side. The error has been logged.")


def handle_errors(bp: Blueprint) -> None:
    """Make `bp` answer every error it raises as a problem."""
    bp.register_error_handler(HTTPException, from_http_exception)
    bp.register_error_handler(DomainError, from_domain_error)
    bp.register_error_handler(StaleDataError, from_stale_data)
    bp.register_error_handler(IntegrityError, from_integrity_error)
    bp.register_error_handler(Exception, from_unexpected)


def answer_routing_errors() -> Response | None:
    """Answer unknown addresses and wrong methods under /api/ with a problem, not a page."""
    error = request.routing_exception
    routing_failed = isinstance(error, HTTPException) and (error.code or 0) >= 400
    if routing_failed and request.path.startswith(PREFIX):
        return from_http_exception(error)
    return None


def _dump(incident: Incident) -> dict[str, Any]:
    return IncidentOut().dump(incident)
