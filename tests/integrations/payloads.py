"""Hindsight's own small webhook bodies for unit tests, shaped like each tool's."""

from __future__ import annotations

from typing import Any


def am_alert(
    *,
    status: str = "firing",
    fingerprint: str = "6e1f0c1a2b3c4d5e",
    service: str = "checkout",
    alertname: str = "CheckoutLatencyHigh",
    starts: str = "2026-11-24T22:27:00Z",
    ends: str = "0001-01-01T00:00:00Z",
    **labels: str,
) -> dict[str, Any]:
    """One alert inside an Alertmanager notification."""
    return {
        "status": status,
        "labels": {"alertname": alertname, "service": service, "env": "prod", **labels},
        "annotations": {"summary": "p99 latency above 800 ms for 5 minutes"},
        "startsAt": starts,
        "endsAt": ends,
        "generatorURL": "http://prometheus.internal:9090/graph?g0.expr=latency",
        "fingerprint": fingerprint,
    }


def am_notification(*alerts: dict[str, Any], status: str | None = None) -> dict[str, Any]:
    """An Alertmanager webhook (version 4) carrying `alerts`."""
    alerts = alerts or (am_alert(),)
    return {
        "version": "4",
        "groupKey": '{}:{alertname="CheckoutLatencyHigh"}',
        "truncatedAlerts": 0,
        "status": status or alerts[0]["status"],
        "receiver": "hindsight",
        "groupLabels": {"alertname": alerts[0]["labels"]["alertname"]},
        "commonLabels": {"env": "prod"},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager.internal:9093",
        "alerts": list(alerts),
    }


def gh_deployment(
    *,
    ident: int = 4200001,
    repo: str = "checkout",
    environment: str = "production",
    ref: str = "v2.3.1",
    sha: str = "9fceb02d0ae598e95dc970b74767f19372d61af8",
    created: str = "2026-11-24T22:18:00Z",
    state: str | None = None,
    status_created: str = "2026-11-24T22:21:30Z",
) -> dict[str, Any]:
    """A GitHub `deployment` event, or `deployment_status` when `state` is given."""
    body: dict[str, Any] = {
        "action": "created",
        "deployment": {
            "id": ident,
            "sha": sha,
            "ref": ref,
            "task": "deploy",
            "payload": {},
            "environment": environment,
            "description": "Deploy requested by the release pipeline",
            "creator": {"login": "release-bot", "type": "Bot"},
            "created_at": created,
            "updated_at": created,
        },
        "repository": {
            "name": repo,
            "full_name": f"larkspur/{repo}",
            "html_url": f"https://github.com/larkspur/{repo}",
        },
        "sender": {"login": "release-bot"},
    }
    if state is not None:
        body["deployment_status"] = {
            "id": ident * 10,
            "state": state,
            "environment": environment,
            "target_url": f"https://ci.larkspur.example/deploys/{ident}",
            "created_at": status_created,
            "updated_at": status_created,
        }
    return body


def pd_event(
    *,
    event_id: str = "01HINDSIGHTPD0001",
    kind: str = "incident.triggered",
    incident: str = "Q1CHECKOUT",
    status: str = "triggered",
    occurred: str = "2026-11-24T22:29:00Z",
    service: str = "checkout",
) -> dict[str, Any]:
    """A PagerDuty v3 webhook for an incident event."""
    return {
        "event": {
            "id": event_id,
            "event_type": kind,
            "resource_type": "incident",
            "occurred_at": occurred,
            "agent": None,
            "client": None,
            "data": {
                "id": incident,
                "type": "incident",
                "html_url": f"https://larkspur.pagerduty.com/incidents/{incident}",
                "number": 812,
                "status": status,
                "title": "Checkout error rate above 5%",
                "service": {"id": "PSVC001", "summary": service, "type": "service_reference"},
                "urgency": "high",
                "created_at": "2026-11-24T22:29:00Z",
            },
        }
    }
