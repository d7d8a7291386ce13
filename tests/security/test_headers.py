"""Security headers on every response, HSTS only over HTTPS, and production's session cookie."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.accounts.models import User
from app.audit.models import AuditEvent
from app.config import ConfigError
from app.extensions import db

SIGNED_OUT = ["/login", "/healthz", "/static/app.js", "/no/such/page", "/api/v1/openapi.json"]
SIGNED_IN = ["/incidents/", "/incidents/new", "/catalog/", "/profile", "/incidents/INC-0404"]
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    """Split a Content-Security-Policy header into its directives."""
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def assert_security_headers(headers) -> None:
    assert directives(headers["Content-Security-Policy"]) == CSP
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]


@pytest.mark.parametrize("path", SIGNED_OUT)
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:  # a static file is streamed: close it
        assert_security_headers(response.headers)


@pytest.mark.parametrize("path", SIGNED_IN)
def test_signed_in_pages_carry_the_security_headers(member_client: FlaskClient, path: str) -> None:
    response = member_client.get(path)
    assert response.status_code in {200, 404}
    assert_security_headers(response.headers)


def test_error_answers_carry_the_security_headers(member_client: FlaskClient) -> None:
    response = member_client.post("/catalog/team", data={"team-name": "Payments"})
    assert response.status_code == 403
    assert_security_headers(response.headers)


def test_hsts_only_over_https(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://hindsight.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_forwarded_proto_is_ignored_when_no_proxy_is_trusted(client: FlaskClient) -> None:
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_a_trusted_proxy_reports_https_and_the_client_address(app: Flask, member: User) -> None:
    proxied = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": False,
            "TRUSTED_PROXIES": 1,
        }
    )
    client = proxied.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    response = client.get("/login", headers=forwarded)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    client.post("/login", data={"email": "mo@example.com", "password": "x"}, headers=forwarded)
    with proxied.app_context():
        db.engine.dispose()
    db.session.commit()  # end this test's snapshot: see what the other app wrote
    failed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.sign_in_failed")
    ).one()
    assert failed.detail["ip"] == "203.0.113.9"


def test_production_session_cookie_is_secure_httponly_and_samesite(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HINDSIGHT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-production-secret-for-tests")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    production = create_app()
    response = production.test_client().get("/login", base_url="https://hindsight.example")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    flags = {flag.strip().lower() for flag in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= flags
    assert production.config["REMEMBER_COOKIE_SECURE"] is True
    assert production.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert production.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


def test_development_cookie_is_not_secure_so_http_localhost_works(client: FlaskClient) -> None:
    cookie = client.get("/login").headers["Set-Cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie


def test_an_unreadable_login_limit_stops_the_app_at_start(app: Flask) -> None:
    with pytest.raises(ConfigError, match="LOGIN_RATE_LIMIT"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "LOGIN_RATE_LIMIT": "ten a minute"})
