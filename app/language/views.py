"""The language checker over HTTP, for the hints shown while people write."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from app.accounts.queries import active_users
from app.language.checker import check, check_comment

bp = Blueprint("language", __name__)

MAX_TEXT = 200_000  # characters; a long review is about 10,000


def known_names() -> list[str]:
    """Return every active user's full name and first name, for spotting people in text."""
    names = {user.name for user in active_users() if user.name}
    return sorted(names | {name.split()[0] for name in names if name.split()})


@bp.post("/language/check")
def check_text():
    """Return advisory findings for a piece of review or comment text."""
    payload = request.get_json(silent=True)
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        return jsonify(error='Send a JSON object with a "text" string.'), 400
    kind = payload.get("kind", "review")
    if kind not in ("review", "comment"):
        return jsonify(error='"kind" must be "review" or "comment".'), 400
    if len(text) > MAX_TEXT:
        return jsonify(error=f"Text over {MAX_TEXT:,} characters is not checked."), 413
    run = check_comment if kind == "comment" else check
    return jsonify(findings=[f.as_dict() for f in run(text, names=known_names())])


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """Answer an oversized body in JSON, as the rest of this endpoint does."""
    return jsonify(error="The request body is too large to check."), 413
