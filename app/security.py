"""Security headers on every response, HTTPS behind a proxy, and the store for rate limits."""

from __future__ import annotations

from flask import Flask, Response, request
from limits import parse_many
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import ConfigError
from app.extensions import limiter, talisman

# Every script and style is a file under /static: nothing inline may run, even if some
# markup slipped past the Markdown sanitiser. Pico's icons are data: images.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# Features a review tool never needs; a page that asks for them is not ours.
PERMISSIONS_POLICY = dict.fromkeys(
    ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"), "()"
)
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Trust the configured proxies, send security headers, and set up the rate limiter."""
    if proxies := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    talisman.init_app(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
        # TLS usually ends at a proxy: it redirects to HTTPS, and HSTS follows request.is_secure
        # (which trusts X-Forwarded-Proto only from TRUSTED_PROXIES), set below.
        force_https=False,
        strict_transport_security=False,
        # The config classes own the cookie flags (Secure in production only).
        session_cookie_secure=False,
        session_cookie_http_only=True,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
    app.after_request(_strict_transport_security)
    if rule := app.config["LOGIN_RATE_LIMIT"]:
        try:
            parse_many(rule)
        except ValueError as exc:
            raise ConfigError(f"LOGIN_RATE_LIMIT must read like '10 per minute': {rule!r}") from exc
    limiter.init_app(app)


def _strict_transport_security(response: Response) -> Response:
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    return response
