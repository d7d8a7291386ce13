"""Jinja filters and globals: Markdown, local times, durations, labels."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from flask import Flask, current_app
from flask_login import current_user

from app import clock, markdown
from app.incidents.enums import Severity


def viewer_zone() -> str:
    """Return the time zone of whoever is looking, UTC for nobody."""
    if current_user and current_user.is_authenticated:
        return current_user.timezone
    return "UTC"


def local(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Show a stored UTC time on the viewer's wall clock."""
    if value is None:
        return ""
    return clock.to_local(value, viewer_zone()).strftime(fmt)


def severity_label(severity: Severity | str) -> str:
    """Name a severity as this organisation does (SEVERITY_LABELS="SEV1=Critical,...")."""
    value = severity.value if isinstance(severity, Severity) else str(severity)
    custom = _severity_labels(current_app.config.get("SEVERITY_LABELS", "")).get(value, "")
    return f"{value} · {custom}" if custom else value


@lru_cache(maxsize=8)
def _severity_labels(setting: str) -> dict[str, str]:
    pairs = (pair.split("=", 1) for pair in setting.split(",") if "=" in pair)
    return {key.strip(): label.strip() for key, label in pairs}


def source_label(source: str) -> str:
    """Name where a timeline entry came from: a webhook source's own name, else the word."""
    from app.integrations.enums import Source

    try:
        return Source(source).label
    except ValueError:
        return source


def register(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.filters["markdown"] = markdown.render
    app.jinja_env.filters["excerpt"] = markdown.plain_excerpt
    app.jinja_env.filters["local"] = local
    app.jinja_env.filters["duration"] = clock.humanise_duration
    app.jinja_env.filters["severity"] = severity_label
    app.jinja_env.filters["source_label"] = source_label
    app.jinja_env.globals["viewer_zone"] = viewer_zone
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
