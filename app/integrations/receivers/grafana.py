"""Grafana alerting's webhook contact point: Alertmanager's shape plus Grafana's links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.integrations.events import Parsed
from app.integrations.receivers.alertmanager import parse_notification


def parse(payload: Any, headers: Mapping[str, str]) -> Parsed:
    """Read a notification; the panel or dashboard is the most useful link for a reviewer."""
    return parse_notification(
        payload, url_fields=("panelURL", "dashboardURL", "generatorURL", "silenceURL")
    )
