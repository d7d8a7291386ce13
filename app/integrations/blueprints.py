"""Register the integrations package's pages, webhooks and API operations on the app."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add webhooks, admin pages, decisions, service pages and API (after `init_api`)."""
    from app.extensions import csrf
    from app.integrations import api, change_views, hooks, service_views, views

    csrf.exempt(hooks.bp)  # senders prove themselves with signatures, not session cookies
    for blueprint in (hooks.bp, views.bp, change_views.bp, service_views.bp):
        app.register_blueprint(blueprint)
    api.register(app)
