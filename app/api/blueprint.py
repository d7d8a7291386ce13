"""The API's blueprint: JSON-only bodies, bearer tokens, problem errors, documented security."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NoReturn

import flask
from flask_smorest import Blueprint
from marshmallow import Schema
from marshmallow.utils import missing
from webargs.flaskparser import FlaskParser, abort, is_json_request

from app.api import problems
from app.api.auth import require_token

PREFIX = "/api/v1"
SECURITY = [{"bearer": []}]


class JsonBodyParser(FlaskParser):
    """Read bodies as JSON only, and say exactly what is wrong with one that is not."""

    def load_json(self, req: flask.Request, schema: Schema) -> Any:
        raw = req.get_data(cache=True)  # over MAX_CONTENT_LENGTH this raises 413
        if not raw.strip():
            return missing  # optional bodies may be left out; required fields still say so
        if not is_json_request(req):
            _refuse(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                f"Send the body as JSON with 'Content-Type: application/json', "
                f"not {req.mimetype or 'no content type'}.",
            )
        return parse_json(raw)


def parse_json(raw: bytes) -> Any:
    """Parse a JSON body, or answer 400 saying where it stops being JSON."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _malformed(f"The body is not UTF-8: byte {exc.start} cannot be decoded.")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        _malformed(
            f"The body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            line=exc.lineno,
            column=exc.colno,
        )
    except RecursionError:
        _malformed("The body is not usable JSON: it is nested too deeply.")
    except ValueError as exc:  # NaN, Infinity, integers with thousands of digits
        _malformed(f"The body is not usable JSON: {exc}.")


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def _malformed(detail: str, **members: Any) -> NoReturn:
    _refuse(400, "malformed-json", "Malformed JSON", detail, **members)


def _refuse(status: int, slug: str, title: str, detail: str, **members: Any) -> NoReturn:
    abort(status, problem={"slug": slug, "title": title, "detail": detail, **members})


class ApiBlueprint(Blueprint):
    """A blueprint under /api/v1 whose every operation needs a bearer token."""

    ARGUMENTS_PARSER = JsonBodyParser()

    def __init__(self, name: str, import_name: str, **kwargs: Any) -> None:
        super().__init__(name, import_name, url_prefix=PREFIX, **kwargs)
        # Set up once, at import: a blueprint cannot change after its first registration.
        self.before_request(require_token)
        problems.handle_errors(self)

    def route(self, rule: str, **options: Any) -> Callable[[Callable], Callable]:
        """Register a view, documented as needing the bearer token."""
        register = super().route(rule, **options)
        secured = self.doc(security=SECURITY, responses={401: "UNAUTHORIZED"})
        return lambda view: register(secured(view))
