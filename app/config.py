"""Configuration classes; each reads the environment (and `.env`) when instantiated."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


class ConfigError(RuntimeError):
    """The environment describes a configuration Hindsight cannot run with."""


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment."""

    DEBUG = False
    TESTING = False
    INCIDENTS_PER_PAGE = 20
    # Generous for a long review, small enough that a runaway client is refused politely.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A long writing session must not lose its draft to an expired CSRF token.
    WTF_CSRF_TIME_LIMIT = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": True}
    # Flask-Limiter: tell a throttled client when to come back; if Redis is down, keep
    # limiting in this process rather than refusing every sign-in.
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.SECRET_KEY = env.get("SECRET_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            env.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'hindsight.sqlite3'}"
        )
        self.BASE_URL = env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
        self.SMTP_URL = env.get("SMTP_URL", "")
        self.MAIL_FROM = env.get("MAIL_FROM", "Hindsight <hindsight@localhost>")
        self.DIGEST_TIMEZONE = env.get("DIGEST_TIMEZONE", "UTC")
        self.DIGEST_RECIPIENTS = env.get("DIGEST_RECIPIENTS", "")
        self.REVIEW_MIN_APPROVALS = _int(env, "REVIEW_MIN_APPROVALS", 1)
        self.SEVERITY_LABELS = env.get("SEVERITY_LABELS", "")
        # How many reverse proxies in front of the app set X-Forwarded-*; 0 trusts none.
        self.TRUSTED_PROXIES = _int(env, "TRUSTED_PROXIES", 0)
        # Several processes or machines must share one store (redis://...) to share counts.
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI", "") or "memory://"
        # Failed sign-ins allowed per client address and, separately, per account email.
        self.LOGIN_RATE_LIMIT = env.get("LOGIN_RATE_LIMIT", "10 per minute").strip()
        # Single sign-on with OpenID Connect (app/accounts/sso.py), as a confidential client.
        self.OIDC_ISSUER = env.get("OIDC_ISSUER", "").strip()
        self.OIDC_CLIENT_ID = env.get("OIDC_CLIENT_ID", "").strip()
        self.OIDC_CLIENT_SECRET = env.get("OIDC_CLIENT_SECRET", "").strip()
        self.OIDC_SCOPES = env.get("OIDC_SCOPES", "").strip() or "openid email profile"
        self.OIDC_BUTTON_LABEL = env.get("OIDC_BUTTON_LABEL", "").strip() or "SSO"
        # Comma-separated groups (the `groups` claim) whose members are admins here.
        self.OIDC_ADMIN_GROUPS = env.get("OIDC_ADMIN_GROUPS", "").strip()
        oidc = (self.OIDC_ISSUER, self.OIDC_CLIENT_ID, self.OIDC_CLIENT_SECRET)
        if any(oidc) and not all(oidc):
            raise ConfigError("Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together")
        if "openid" not in self.OIDC_SCOPES.split():
            raise ConfigError(f"OIDC_SCOPES must include 'openid', got {self.OIDC_SCOPES!r}")


class DevelopmentConfig(Config):
    """Local use: `make run`, the demo, a developer's laptop."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ)
        self.SECRET_KEY = self.SECRET_KEY or "dev-only-not-secret"


class TestingConfig(Config):
    """The test suite; tests pass the database URL themselves."""

    TESTING = True

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ)
        self.SECRET_KEY = "test-only-not-secret"  # noqa: S105 - tests only
        self.SQLALCHEMY_DATABASE_URI = "sqlite://"
        # The suite signs in far more often than a person; tests/security turns it back on.
        self.LOGIN_RATE_LIMIT = ""


class ProductionConfig(Config):
    """Real deployments: secure cookies, and a secret key is mandatory."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ)
        if len(self.SECRET_KEY) < 16:
            raise ConfigError("SECRET_KEY must be set (16+ characters) in production")


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
