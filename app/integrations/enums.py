"""The vocabulary of integrations: sources, deploy and alert states, link relations."""

from __future__ import annotations

from app.incidents.enums import Labelled


class Source(Labelled):
    """A tool that sends webhooks; the value is the last part of `/hooks/<source>`."""

    GITHUB = "github"
    DEPLOYS = "deploys"
    ALERTMANAGER = "alertmanager"
    GRAFANA = "grafana"
    PAGERDUTY = "pagerduty"
    OPSGENIE = "opsgenie"
    SENTRY = "sentry"
    ALERTS = "alerts"

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self.value]

    @property
    def signs_with_hmac(self) -> bool:
        """Tell whether requests carry an HMAC of the body (so the secret is kept as given)."""
        return self in HMAC_SOURCES

    @property
    def makes_its_own_secret(self) -> bool:
        """Tell whether the tool generates the secret, so an admin pastes it here."""
        return self in {Source.PAGERDUTY, Source.SENTRY}

    @classmethod
    def named(cls, value: str) -> Source | None:
        """Return the source called `value`, or None."""
        return next((s for s in cls if s.value == value), None)


_SOURCE_LABELS = {
    "github": "GitHub",
    "deploys": "Deploy webhook (generic JSON)",
    "alertmanager": "Prometheus Alertmanager",
    "grafana": "Grafana alerting",
    "pagerduty": "PagerDuty",
    "opsgenie": "Opsgenie",
    "sentry": "Sentry",
    "alerts": "Alert webhook (generic JSON)",
}
HMAC_SOURCES = frozenset({Source.GITHUB, Source.GRAFANA, Source.PAGERDUTY, Source.SENTRY})


class DeployStatus(Labelled):
    """Where a deploy got to, in GitHub's words (other sources are mapped onto them)."""

    QUEUED = "queued"
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    SUCCESS = "success"
    FAILURE = "failure"
    ERROR = "error"
    INACTIVE = "inactive"


class AlertStatus(Labelled):
    FIRING = "firing"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Relation(Labelled):
    """What a person decided about a suggested deploy or alert."""

    SUSPECTED_TRIGGER = "suspected_trigger"
    RELATED = "related"
    DISMISSED = "dismissed"

    @property
    def confirmed(self) -> bool:
        return self is not Relation.DISMISSED
