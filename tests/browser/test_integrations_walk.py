"""Issue 4's "Done when", walked in a real browser by an admin who has never set this up.

The admin adds an Alertmanager and a GitHub integration on the Integrations page and copies
what it shows once; GitHub's signed `deployment` and `deployment_status` deliveries (the real
payloads from ../shared/webhooks, retargeted) arrive; the admin declares the incident; the real
Alertmanager, configured with the receiver the page showed, notifies about an alert. The
incident page suggests the production deploy with its reason, and confirming it as the
suspected trigger puts it on the timeline. Screenshots of each step go to test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.integrations.models import Alert
from tests.browser.test_drafting import add_entry, flash, is_form_post, sign_in, submit
from tests.conftest import ARTIFACTS
from tests.factories.accounts import make_user
from tests.integrations.alertmanager import ROUTE, call, prometheus_alert, running, wait_for
from tests.integrations.senders import auth_headers, post_over_http, shared

ZONE = "Europe/Berlin"
MINUTE = dt.timedelta(minutes=1)
SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8"
PRODUCTION_REASON = "checkout v2.3.1 to production 12 minutes before the start"
STAGING_REASON = "checkout v2.3.1 to staging 45 minutes before the start"
ALERT_REASON = (
    "CheckoutErrorRateHigh on checkout fired 1 minute after the start "
    "and had not resolved at the last update"
)
TIMELINE_TEXT = (
    "Deploy of checkout v2.3.1 (9fceb02) to production started (GitHub, status success). "
    "It finished after 3 minutes. Details"
)


def zulu(moment: dt.datetime) -> str:
    """Write a UTC moment the way GitHub does."""
    return moment.isoformat().replace("+00:00", "Z")


def github_deliveries(
    ident: int, environment: str, created: dt.datetime
) -> list[tuple[str, bytes]]:
    """GitHub's real `deployment` and `deployment_status` bodies, for checkout v2.3.1."""
    deliveries = []
    for event in ("deployment", "deployment_status"):
        payload = json.loads(shared(f"github/github-{event}.payload.json"))
        payload["repository"] |= {
            "name": "checkout",
            "full_name": "larkspur/checkout",
            "html_url": "https://github.com/larkspur/checkout",
        }
        payload["deployment"] |= {
            "id": ident,
            "ref": "v2.3.1",
            "sha": SHA,
            "environment": environment,
            "original_environment": environment,
            "created_at": zulu(created),
            "updated_at": zulu(created),
        }
        if event == "deployment_status":
            finished = zulu(created + 3 * MINUTE)
            payload["deployment_status"] |= {
                "state": "success",
                "environment": environment,
                "created_at": finished,
                "updated_at": finished,
            }
        deliveries.append((event, json.dumps(payload, indent=2).encode()))
    return deliveries


def send_from_github(base_url: str, secret: str, event: str, body: bytes) -> int:
    """POST one delivery with the headers GitHub's webhook sender uses; return the status."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/4f1a2b3",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-GitHub-Hook-ID": "512345678",
        **auth_headers("github", body, secret),
    }
    return post_over_http(f"{base_url}/hooks/github", body, headers)


def shoot(page: Page, engine: str, step: str) -> None:
    """Keep a full-page screenshot of this step in test-artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"integrations-walk-{engine}-{step}.png", full_page=True)


def add_integration(page: Page, source: str, name: str) -> tuple[str, str]:
    """Add an integration on the Integrations page; return the secret and snippet shown once."""
    form = page.locator("article").filter(
        has=page.get_by_role("heading", name="Add an integration")
    )
    form.get_by_label("Source").select_option(label=source)
    form.get_by_label("Name", exact=True).fill(name)
    assert submit(page, "Add integration") == 201
    expect(page.get_by_role("heading", name=f"{source} integration created")).to_be_visible()
    return page.locator("#hook-secret").inner_text(), page.locator("#hook-snippet").inner_text()


def decide(item: Locator, button: str) -> int:
    """Open an item's "Confirm or dismiss" and press `button`; return the post's status."""
    item.get_by_text("Confirm or dismiss").click()
    with item.page.expect_event("load"), item.page.expect_response(is_form_post) as posted:
        item.get_by_role("button", name=button, exact=True).click()
    return posted.value.status


def alerts_stored() -> list[Alert]:
    """Read the alerts afresh: the live server's threads wrote them."""
    db.session.rollback()
    return list(db.session.scalars(select(Alert)))


def test_a_new_admin_connects_alertmanager_and_github_and_confirms_the_deploy(
    app: Flask,
    page: Page,
    base_url: str,
    engine_name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "BASE_URL", base_url)  # the addresses shown lead here
    make_user(email="ada@example.com", name="Ada Admin", admin=True, timezone=ZONE)
    db.session.commit()
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - 20 * MINUTE

    # The admin finds Integrations in the admin menu and adds Alertmanager, then GitHub.
    sign_in(page, "ada@example.com")
    page.locator("details.dropdown > summary").click()
    page.get_by_role("link", name="Integrations", exact=True).click()
    expect(page.get_by_role("heading", name="Integrations", exact=True)).to_be_visible()
    expect(page.get_by_text("No integrations yet.")).to_be_visible()
    am_secret, receiver = add_integration(page, "Prometheus Alertmanager", "prod cluster")
    assert f"url: {base_url}/hooks/alertmanager" in receiver
    assert f"credentials: {json.dumps(am_secret)}" in receiver
    shoot(page, engine_name, "1-alertmanager-created")
    page.get_by_role("link", name="Back to integrations").click()
    gh_secret, gh_command = add_integration(page, "GitHub", "larkspur/checkout")
    assert f"config[url]={base_url}/hooks/github" in gh_command
    shoot(page, engine_name, "2-github-created")

    # GitHub delivers, signed: v2.3.1 to staging, then to production 12 minutes before the start.
    for ident, environment, before in ((145988746, "staging", 45), (145988747, "production", 12)):
        for event, body in github_deliveries(ident, environment, start - before * MINUTE):
            assert send_from_github(base_url, gh_secret, event, body) == 202

    # The admin declares the incident; "checkout" is in the catalog since its first deploy.
    page.get_by_role("button", name="New review").click()
    page.get_by_label("Title").fill("Checkout returned errors after a release")
    page.get_by_label("SEV2", exact=True).check()
    page.get_by_label("Services affected").select_option(["checkout"])
    page.get_by_label("Everyone in the organisation").check()
    assert submit(page, "Create draft and continue") == 302
    ref = page.locator(".eyebrow .ref").inner_text()
    local_start = start.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%dT%H:%M")
    add_entry(page, local_start, "Note", "Started", "Checkout error rate rose to 12%.")

    # The real Alertmanager, with the receiver the page showed, notifies about an alert.
    with running(ROUTE + receiver + "\n", tmp_path / "alertmanager") as alertmanager:
        assert call(f"{alertmanager}/api/v2/alerts", [prometheus_alert(start + MINUTE)]) == 200
        wait_for(lambda: bool(alerts_stored()), "the alert from Alertmanager")

    # Both integrations show that their deliveries got through.
    page.goto("/integrations/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="none yet")).to_have_count(0)
    shoot(page, engine_name, "3-integrations-delivered")

    # The incident page suggests the production deploy first, with its reason, and the alert.
    page.goto(f"/incidents/{ref}")
    changes = page.locator("#changes")
    deploys = changes.locator(".change-item[id^=deploy-]")
    expect(deploys).to_have_count(2)
    expect(deploys.first).to_contain_text(f"{PRODUCTION_REASON}.")
    expect(deploys.nth(1)).to_contain_text(f"{STAGING_REASON}.")
    expect(changes.locator(".change-item[id^=alert-]")).to_contain_text(f"{ALERT_REASON}.")
    expect(page.locator(".timeline-entry")).to_have_count(1)
    changes.scroll_into_view_if_needed()
    shoot(page, engine_name, "4-incident-suggestions")

    # Confirming it as the suspected trigger puts it on the timeline, attributed.
    assert decide(deploys.first, "Suspected trigger") == 302
    expect(flash(page)).to_have_text("Marked as a suspected trigger and added to the timeline.")
    expect(deploys.first.locator(".badge.milestone")).to_have_text("Suspected trigger")
    expect(deploys.first).to_contain_text("decided by Ada Admin")
    entries = page.locator(".timeline-entry")
    expect(entries).to_have_count(2)
    deploy_entry = entries.filter(has_text="Deploy of checkout")
    expect(deploy_entry.locator(".md")).to_have_text(TIMELINE_TEXT)
    expect(deploy_entry.get_by_role("link", name="Details")).to_have_attribute(
        "href", "https://github.com/larkspur/checkout"
    )
    expect(deploy_entry.locator(".entry-meta")).to_contain_text("Deploy")
    expect(deploy_entry.locator(".entry-meta")).to_contain_text("Ada Admin")
    expect(deploy_entry).to_contain_text("via GitHub")
    local_deploy = (start - 12 * MINUTE).astimezone(ZoneInfo(ZONE)).strftime("%H:%M")
    expect(deploy_entry.locator("time")).to_have_text(local_deploy)
    shoot(page, engine_name, "5-confirmed-on-timeline")
