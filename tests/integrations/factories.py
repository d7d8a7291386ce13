"""Integrations, deploys and alerts, built through the real services (which flush)."""

from __future__ import annotations

import datetime as dt
import itertools

from app.extensions import db
from app.integrations import ingest, services
from app.integrations.enums import AlertStatus, DeployStatus, Source
from app.integrations.events import AlertEvent, DeployEvent, Parsed
from app.integrations.models import Alert, Deploy, Integration
from tests.integrations.senders import SECRET

_n = itertools.count(1)


def make_integration(
    source: str = "alertmanager", *, secret: str = SECRET, name: str = ""
) -> Integration:
    return services.create_integration(
        actor=None, source=source, secret=secret, name=name
    ).integration


def make_deploy(
    *,
    service: str = "checkout",
    environment: str = "production",
    version: str = "v2.3.1",
    started_at: dt.datetime,
    finished_at: dt.datetime | None = None,
    status: DeployStatus = DeployStatus.SUCCESS,
    source: Source = Source.DEPLOYS,
    deployer: str = "release-bot",
) -> Deploy:
    event = DeployEvent(
        key=f"test-deploy-{next(_n)}",
        service=service,
        environment=environment,
        status=status,
        started_at=started_at,
        utc_offset_minutes=0,
        finished_at=finished_at,
        version=version,
        commit_sha="9fceb02d0ae598e95dc970b74767f19372d61af8",
        deployer=deployer,
        url="https://ci.larkspur.example/deploys/1",
        raw={"made_by": "tests"},
    )
    outcome = ingest.record(source=source, parsed=Parsed(deploys=[event]))
    return db.session.get(Deploy, outcome.ids["deploys"][0])


def make_alert(
    *,
    service: str = "checkout",
    name: str = "CheckoutErrorRateHigh",
    started_at: dt.datetime,
    ended_at: dt.datetime | None = None,
    status: AlertStatus | None = None,
    source: Source = Source.ALERTMANAGER,
    acknowledged_at: dt.datetime | None = None,
) -> Alert:
    status = status or (AlertStatus.RESOLVED if ended_at else AlertStatus.FIRING)
    event = AlertEvent(
        key=f"test-alert-{next(_n)}",
        service=service,
        name=name,
        status=status,
        started_at=started_at,
        utc_offset_minutes=0,
        ended_at=ended_at,
        acknowledged_at=acknowledged_at,
        summary="Error ratio above 5% for 5 minutes",
        raw={"made_by": "tests"},
    )
    outcome = ingest.record(source=source, parsed=Parsed(alerts=[event]))
    return db.session.get(Alert, outcome.ids["alerts"][0])
