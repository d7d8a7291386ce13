"""The API's blueprint: JSON-only bodies, bearer tokens, problem errors, documented security."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
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
BODY_ERRORS = (400, 413, 415)  # malformed JSON, too large, not JSON
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ID = "int(max=2147483647)"  # a row id in a path: `<{ID}:name>`; larger is certainly unknown


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

    def route(
        self,
        rule: str,
        *,
        errors: Iterable[int] = (),
        writes: bool | None = None,
        **options: Any,
    ) -> Callable[[Callable], Callable]:
        """Register a view, documented with the token it needs and every error it can answer.

        Every operation may answer 401; one with a path parameter 404; one that reads a JSON
        body 400, 413 and 415; one that `writes` (by default any but GET) 409 for a lost race;
        `errors` adds what its domain rules may say (403, 409, 422).
        """
        register = super().route(rule, **options)
        methods = {m.upper() for m in options.get("methods") or ["GET"]}
        codes = {401, *errors}
        if "<" in rule:
            codes.add(404)
        if writes if writes is not None else bool(methods & WRITE_METHODS):
            codes.add(409)

        def decorate(view: Callable) -> Callable:
            # Applied after @arguments, so the view already says whether it reads a body.
            arguments = getattr(view, "_apidoc", {}).get("arguments", {})
            body = any(p["in"] == "json" for p in arguments.get("parameters", []))
            found = sorted({*codes, *BODY_ERRORS} if body else codes)
            responses = {code: HTTPStatus(code).name for code in found}
            return register(self.doc(security=SECURITY, responses=responses)(view))

        return decorate
