"""JSON API v1: bearer tokens, problem+json errors, an OpenAPI description made from the code."""

from __future__ import annotations

from flask import Flask


def init_api(app: Flask) -> None:
    """Register the API's blueprints (filled in by the API package)."""
