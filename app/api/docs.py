"""A browsable page of the API's description, for people (Swagger UI, served from /static)."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
def docs():
    """Show the API's operations, read from /api/v1/openapi.json, in Swagger UI."""
    return render_template("api/docs.html")
