"""One module per source: each turns a delivery's JSON into normalised deploys and alerts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.integrations.enums import Source
from app.integrations.events import Parsed
from app.integrations.receivers import (
    alertmanager,
    alerts,
    deploys,
    github,
    grafana,
    opsgenie,
    pagerduty,
    sentry,
)

Parser = Callable[[Any, Mapping[str, str]], Parsed]

PARSERS: dict[Source, Parser] = {
    Source.GITHUB: github.parse,
    Source.DEPLOYS: deploys.parse,
    Source.ALERTMANAGER: alertmanager.parse,
    Source.GRAFANA: grafana.parse,
    Source.PAGERDUTY: pagerduty.parse,
    Source.OPSGENIE: opsgenie.parse,
    Source.SENTRY: sentry.parse,
    Source.ALERTS: alerts.parse,
}
