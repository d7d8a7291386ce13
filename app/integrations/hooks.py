"""Webhook receivers: `POST /hooks/<source>`, authenticated the way each source signs.

Answers: 202 accepted (200 for a duplicate or a ping), 400 malformed JSON (saying where),
401 bad or missing signature, 413 body over 1 MiB, 415 not JSON, 422 missing fields (named).
Errors are RFC 9457 problems, like the API's. Nothing a sender can send gives a 5xx.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import Row
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.api import problems
from app.api.blueprint import parse_json
from app.extensions import db
from app.integrations import credentials, deliveries, ingest, queries
from app.integrations.enums import Source
from app.integrations.receivers import PARSERS
from app.integrations.signatures import SIGNERS, presented_secret

log = logging.getLogger(__name__)
bp = Blueprint("hooks", __name__, url_prefix="/hooks")
problems.handle_errors(bp)

LIMIT = 1024 * 1024
PREFIX = "/hooks/"


@bp.before_request
def _limit_body() -> None:
    request.max_content_length = LIMIT  # the app allows more for long reviews


@bp.errorhandler(OperationalError)
def _busy(error: OperationalError) -> Response:
    """A database too busy to answer in time is the receiver's problem: ask to retry."""
    db.session.rollback()
    log.warning("webhook not recorded, database busy: %s", error)
    return problems.problem(
        503,
        "The database is busy; nothing was recorded. Send the delivery again shortly.",
        slug="busy",
        headers=[("Retry-After", "5")],
    )


@bp.before_app_request
def _routing_errors() -> Response | None:
    """Answer wrong methods and unknown addresses under /hooks/ as problems too."""
    error = request.routing_exception
    if isinstance(error, HTTPException) and request.path.startswith(PREFIX):
        return problems.from_http_exception(error)
    return None


@bp.post("/<source>")
def receive(source: str):
    """Record one delivery from `source`; say what was recorded, or why nothing was."""
    kind = Source.named(source)
    if kind is None:
        names = ", ".join(s.value for s in Source)
        return problems.problem(404, f"No webhook called {source[:40]!r}; there are: {names}.")
    body = _body()
    if isinstance(body, Response):
        return body
    integration = _authenticate(kind, body)
    if isinstance(integration, Response):
        return integration
    sender = deliveries.Sender(integration.id, integration.last_delivery_at)
    if db.engine.dialect.name == "sqlite":
        # A writing request on SQLite holds the database's only write lock from its first
        # statement to its commit. End the short read (who sent this?) now, so that parsing
        # the body does not hold it; the records are written in one transaction below.
        db.session.rollback()
    if not (request.mimetype == "application/json" or request.mimetype.endswith("+json")):
        return problems.problem(
            415,
            f"Send the body as JSON with 'Content-Type: application/json', "
            f"not {request.mimetype or 'no content type'}.",
            slug="unsupported-media-type",
        )
    parsed = PARSERS[kind](parse_json(body), request.headers)
    deliveries.note_delivery(sender)
    if parsed.ignored:
        db.session.commit()
        return jsonify(status="ignored", reason=parsed.ignored), parsed.answer or 202
    outcome = ingest.record(source=kind, parsed=parsed)
    db.session.commit()
    return jsonify(
        status="duplicate" if outcome.duplicate else "accepted",
        created=outcome.created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        **outcome.ids,
    ), (200 if outcome.duplicate else 202)


def _body() -> bytes | Response:
    too_big = problems.problem(
        413, "The body is larger than the 1 MiB a webhook may send.", slug="too-large"
    )
    if (request.content_length or 0) > LIMIT:
        return too_big
    try:
        body = request.get_data(cache=True)
    except RequestEntityTooLarge:
        return too_big
    return too_big if len(body) > LIMIT else body


def _authenticate(kind: Source, body: bytes) -> Row | Response:
    candidates = queries.active_integrations(kind)
    if kind in SIGNERS:
        header, signer = SIGNERS[kind]
        if not request.headers.get(header):
            return _unauthorized(f"Missing the {header} header that {kind.label} signs with.")
        found = next(
            (i for i in candidates if i.secret and signer(body, request.headers, i.secret)), None
        )
    else:
        secret = presented_secret(request.headers)
        if secret is None:
            return _unauthorized(
                "Send the integration's secret as 'Authorization: Bearer <secret>' "
                "(or as the password of basic auth)."
            )
        found = next((i for i in candidates if credentials.matches(secret, i.secret_hash)), None)
    if found is None:
        return _unauthorized(
            f"The {'signature' if kind in SIGNERS else 'secret'} does not match any active "
            f"{kind.label} integration's secret."
            if candidates
            else f"No active {kind.label} integration: an admin creates one under Integrations."
        )
    return found


def _unauthorized(detail: str) -> Response:
    return problems.problem(
        401,
        detail,
        slug="unauthorized",
        title="Unauthorized",
        headers=[("WWW-Authenticate", "Bearer")],
    )
