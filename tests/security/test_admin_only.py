"""Admin-only pages are checked on the server: every one of them refuses members."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.accounts.auth import admin_required
from app.accounts.models import User
from tests.conftest import sign_in
from tests.security.routes import rules, sample_path

# Every view admin_required wraps runs this same code object.
ADMIN_WRAPPER = admin_required(lambda: None).__code__
KNOWN = {"catalog.add", "catalog.delete", "audit.index"}


def admin_only_endpoints(app: Flask) -> set[str]:
    """Find the endpoints whose view, under any decorators, is wrapped by admin_required."""
    found = set()
    for endpoint, view in app.view_functions.items():
        while view is not None:
            if getattr(view, "__code__", None) is ADMIN_WRAPPER:
                found.add(endpoint)
            view = getattr(view, "__wrapped__", None)
    return found


def test_the_scan_finds_the_admin_pages(app: Flask) -> None:
    assert admin_only_endpoints(app) >= KNOWN


def test_every_admin_only_endpoint_refuses_members(app: Flask, member: User) -> None:
    client = sign_in(app.test_client(), member)
    admin_only = admin_only_endpoints(app)
    answers = {
        (method, path): client.open(path, method=method).status_code
        for rule, method in rules(app, {"GET", "POST", "PUT", "PATCH", "DELETE"})
        if rule.endpoint in admin_only
        for path in [sample_path(app, rule, method)]
    }
    assert answers
    assert {key: status for key, status in answers.items() if status != 403} == {}


def test_admins_get_past_the_check(admin_client: FlaskClient) -> None:
    assert admin_client.get("/admin/audit").status_code == 200
    assert admin_client.post("/catalog/team", data={"team-name": "Payments"}).status_code == 302
