"""JSON API v1: bearer tokens, problem+json errors, an OpenAPI description made from the code."""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from app.api.problems import MEDIA_TYPE
from app.api.schemas import Problem

CONFIG = {
    "API_TITLE": "Hindsight",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",  # served at /api/v1/openapi.json, no token needed
}


class HindsightApi(Api):
    """flask-smorest's Api, with errors documented and answered as RFC 9457 problems."""

    ERROR_SCHEMA = Problem
    # No catch-all "default" response: each operation lists the errors it can answer (see
    # ApiBlueprint.route), so clients and schemathesis can hold it to exactly those.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        # flask-smorest would answer every HTTP error of the whole app in JSON. The HTML pages
        # keep their own error pages; the API's blueprints answer theirs (see problems.py).
        pass

    def _register_responses(self) -> None:
        # The same lazily registered error responses, described as problem+json.
        for status in HTTPStatus:
            if status >= 400:
                response = {"description": status.phrase, "schema": self.ERROR_SCHEMA}
                prepare_response(response, self.spec, MEDIA_TYPE)
                self.spec.components.response(status.name, response, lazy=True)


def init_api(app: Flask) -> None:
    """Register the API's blueprints and the description at /api/v1/openapi.json."""
    from app.api import (
        decisions,
        digests,
        docs,
        incidents,
        language,
        part_edits,
        parts,
        problems,
        revisions,
        search,
        workflow,
    )
    from app.extensions import csrf

    for key, value in CONFIG.items():
        app.config.setdefault(key, value)
    api = HindsightApi(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for module in (
        incidents,
        parts,
        part_edits,
        workflow,
        revisions,
        language,
        search,
        decisions,
        digests,
    ):
        csrf.exempt(module.bp)  # the bearer token is the API's proof of intent, not a cookie
        api.register_blueprint(module.bp)
    app.register_blueprint(docs.bp)  # a page for people, outside the API's description
    app.before_request(problems.answer_routing_errors)
