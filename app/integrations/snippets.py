"""Ready-to-paste configuration for each source, shown once beside a new secret."""

from __future__ import annotations

import json
import shlex

from app.integrations.enums import Source

ALERTMANAGER = """receivers:
  - name: hindsight
    webhook_configs:
      - url: {url}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: {yaml_secret}"""

GRAFANA = """apiVersion: 1
contactPoints:
  - orgId: 1
    name: hindsight
    receivers:
      - uid: hindsight
        type: webhook
        settings:
          url: {url}
          httpMethod: POST
          hmacConfig:
            secret: {yaml_secret}
            header: X-Grafana-Alerting-Signature
            timestampHeader: X-Grafana-Alerting-Timestamp"""

GITHUB = """gh api repos/OWNER/REPO/hooks \\
  -f name=web -F active=true \\
  -f 'events[]=deployment' -f 'events[]=deployment_status' \\
  -f config[url]={url} -f config[content_type]=json \\
  -f config[secret]={shell_secret}"""

DEPLOYS = """curl -fsS -X POST {url} \\
  -H {shell_auth} \\
  -H 'Content-Type: application/json' \\
  -d '{{"service": "checkout", "environment": "production", "version": "v2.3.1",
       "commit": "9fceb02", "status": "success",
       "started_at": "2026-11-24T22:18:00Z", "finished_at": "2026-11-24T22:21:30Z"}}'"""

ALERTS = """curl -fsS -X POST {url} \\
  -H {shell_auth} \\
  -H 'Content-Type: application/json' \\
  -d '{{"id": "disk-full-db-1", "service": "orders-db", "name": "DiskAlmostFull",
       "status": "firing", "severity": "warning", "started_at": "2026-11-24T22:18:00Z"}}'"""

STEPS = {
    Source.GITHUB: "Repository settings, Webhooks, Add webhook: Payload URL {url}, content type "
    "application/json, the secret below, and only the Deployments and Deployment statuses "
    "events. Or with the GitHub CLI:",
    Source.GRAFANA: "Alerting, Contact points, add a Webhook with URL {url} and, under HMAC "
    "signature, the secret below. Or provision it:",
    Source.ALERTMANAGER: "Add this receiver to alertmanager.yml and route alerts to it:",
    Source.PAGERDUTY: "Integrations, Generic Webhooks (v3), New Webhook: URL {url}, with the "
    "incident triggered, acknowledged, unacknowledged, reopened and resolved events. The signing "
    "secret PagerDuty showed you is now stored here.",
    Source.OPSGENIE: "Settings, Integrations, add Webhook: Webhook URL {url}, with a custom "
    "header 'Authorization' whose value is 'Bearer ' followed by the secret below.",
    Source.SENTRY: "Settings, Developer Settings, your integration: Webhook URL {url}, with "
    "issue webhooks and the Alert Rule Action on. Its client secret is now stored here.",
    Source.DEPLOYS: "Post one JSON object per deploy from your pipeline (see the README):",
    Source.ALERTS: "Post one JSON object per alert, again with the same id when it resolves:",
}
SNIPPETS = {
    Source.ALERTMANAGER: ALERTMANAGER,
    Source.GRAFANA: GRAFANA,
    Source.GITHUB: GITHUB,
    Source.DEPLOYS: DEPLOYS,
    Source.ALERTS: ALERTS,
}


def instructions(source: Source, url: str) -> str:
    """Say where to paste the hook address and secret in `source`'s settings."""
    return STEPS[source].format(url=url)


def snippet(source: Source, url: str, secret: str) -> str:
    """Return configuration to paste, with the address and secret filled in ('' if none)."""
    template = SNIPPETS.get(source)
    if not template:
        return ""
    return template.format(
        url=url,
        yaml_secret=json.dumps(secret),  # a JSON string is a valid YAML scalar, quoted safely
        shell_secret=shlex.quote(secret),
        shell_auth=shlex.quote(f"Authorization: Bearer {secret}"),
    )
