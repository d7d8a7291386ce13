"""The admins' view of the audit trail."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.accounts.auth import admin_required
from app.audit import queries

bp = Blueprint("audit", __name__, url_prefix="/admin")


@bp.get("/audit")
@admin_required
def index():
    """List recent permission-relevant events across the site, newest first."""
    page = queries.recent(page=request.args.get("page", 1, type=int))
    return render_template(
        "audit/index.html",
        page=page,
        refs=queries.incident_refs(page.items),
        describe=queries.describe,
    )
