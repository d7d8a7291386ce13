"""A restricted review is sealed on every surface: one table, walked as outsider and as owner.

The world (tests/security/restricted_world.py): a published restricted review whose title,
summary, timeline and tag carry words found nowhere else, linked to a deploy and an alert,
next to an internal review that shares its service and a title word. Each surface is read by
an outsider (a member, not a participant) and by the owner. The outsider must learn nothing:
no secret word, no reference, no count that includes it (the digest's anonymous "1
restricted review was also published" is the one count the issue allows). The owner must
find it on the same surface, so a surface that hides it from everyone cannot pass.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from freezegun import freeze_time

from app.accounts.models import User
from tests.conftest import sign_in
from tests.digests.builders import NEXT_MONDAY_0700, WEEK
from tests.security.restricted_world import SECRETS, World, build
from tests.smtp import SmtpServer

PDFTOTEXT = "/usr/bin/pdftotext"
TOTAL = r'"total":\s*(\d+)'
GHOST = "INC-9999"
FOUND = r"(\d+) reviews? found"
SEV2_INCIDENTS = r"SEV2.*?</td>(?:<td>[^<]*</td>){6}<td>(\d+)</td>"
AUTH_FACET = r'auth(?:</a>|</strong>) <span class="count">(\d+)'


@dataclass(frozen=True)
class Seen:
    """What one person got from one surface."""

    status: int
    text: str


@dataclass(frozen=True)
class Context:
    app: Flask
    world: World
    smtp: SmtpServer


Fetch = Callable[[Context, User], Seen]


def _refs(ctx: Context, path: str) -> str:
    return path.format(secret=ctx.world.secret.ref, public=ctx.world.public.ref, week=WEEK)


def page(path: str, *, pdf: bool = False) -> Fetch:
    """Read `path` with a signed-in session, as text (a PDF through pdftotext)."""

    def fetch(ctx: Context, who: User) -> Seen:
        client = sign_in(ctx.app.test_client(), who)
        with freeze_time(NEXT_MONDAY_0700):
            response = client.get(_refs(ctx, path))
        text = _pdf_text(response.data) if pdf and response.status_code == 200 else ""
        return Seen(response.status_code, text or response.get_data(as_text=True))

    return fetch


def bearer(path: str) -> Fetch:
    """Read `path` with the person's API token, as a script would."""

    def fetch(ctx: Context, who: User) -> Seen:
        headers = {"Authorization": f"Bearer {ctx.world.tokens[who.email]}"}
        with freeze_time(NEXT_MONDAY_0700):
            response = ctx.app.test_client().get(_refs(ctx, path), headers=headers)
        return Seen(response.status_code, response.get_data(as_text=True))

    return fetch


def digest_email(ctx: Context, who: User) -> Seen:
    """Send week 49's digest; return what reached this person."""
    with freeze_time(NEXT_MONDAY_0700):
        result = ctx.app.test_cli_runner().invoke(args=["digest", "send", "--week", WEEK])
    assert result.exit_code == 0, result.output
    mails = [m for m in ctx.smtp.wait_for(2) if who.email in str(m["To"]).lower()]
    return Seen(200 if mails else 0, "\n".join(_mail_text(m) for m in mails))


def reviewer_email(ctx: Context, who: User) -> Seen:
    """Ask Rae to review the restricted review; return the API's answer and Rae's mail."""
    headers = {"Authorization": f"Bearer {ctx.world.tokens[who.email]}"}
    path = f"/api/v1/incidents/{ctx.world.secret.ref}/reviewers"
    response = ctx.app.test_client().post(path, json={"email": "rae@example.com"}, headers=headers)
    mails = ctx.smtp.wait_for(1) if response.status_code < 300 else ctx.smtp.messages
    return Seen(response.status_code, "\n".join(_mail_text(m) for m in mails))


@dataclass(frozen=True)
class Surface:
    name: str
    fetch: Fetch
    outsider_status: int = 200
    # (pattern with one number, outsider's number, owner's number): counts without leaks.
    count: tuple[str, int, int] | None = None
    owner_status: int = 200
    names_it: bool = True  # False where the owner sees it only as a count


SURFACES = [
    Surface("incident page", page("/incidents/{secret}"), 404),
    Surface("review page", page("/incidents/{secret}/review"), 404),
    Surface("revision 1", page("/incidents/{secret}/revisions/1"), 404),
    Surface("incident list", page("/incidents/"), count=(r"(\d+) incidents?\.", 1, 2)),
    Surface("search page", page("/search?q=turnstile"), count=(FOUND, 1, 2)),
    Surface("search facets", page("/search?q=turnstile"), count=(AUTH_FACET, 1, 2)),
    Surface("search by service", page("/search?service=auth"), count=(AUTH_FACET, 1, 2)),
    Surface("similar to a draft", page("/search/similar?title=turnstile+badge&services=auth")),
    Surface("PDF export", page("/incidents/{secret}.pdf", pdf=True), 404),
    Surface("Markdown export", page("/incidents/{secret}.md"), 404),
    Surface("JSON export", page("/incidents/{secret}.json"), 404),
    Surface("JSON export by token", bearer("/incidents/{secret}.json"), 404),
    Surface("digest page", page("/digests/{week}")),
    Surface("digest PDF", page("/digests/{week}.pdf", pdf=True)),
    Surface("Atom feed", bearer("/digests/feed.atom")),
    Surface(
        "insights",
        page("/insights/?from=2026-11-01&to=2026-12-06"),
        count=(SEV2_INCIDENTS, 1, 2),
        names_it=False,
    ),
    Surface("service page", page("/services/auth")),
    Surface("API incident", bearer("/api/v1/incidents/{secret}"), 404),
    Surface("API list", bearer("/api/v1/incidents"), count=(TOTAL, 1, 2)),
    Surface("API timeline", bearer("/api/v1/incidents/{secret}/timeline"), 404),
    Surface("API factors", bearer("/api/v1/incidents/{secret}/factors"), 404, names_it=False),
    Surface("API actions", bearer("/api/v1/incidents/{secret}/actions"), 404, names_it=False),
    Surface("API comments", bearer("/api/v1/incidents/{secret}/comments"), 404, names_it=False),
    Surface("API candidates", bearer("/api/v1/incidents/{secret}/candidates"), 404, names_it=False),
    Surface("API search", bearer("/api/v1/search?q=turnstile"), count=(TOTAL, 1, 2)),
    Surface("API search facets", bearer("/api/v1/search?service=auth"), count=(TOTAL, 1, 2)),
    Surface("API similar of it", bearer("/api/v1/incidents/{secret}/similar"), 404, names_it=False),
    Surface("API similar of its neighbour", bearer("/api/v1/incidents/{public}/similar")),
    Surface("digest email", digest_email),
    Surface("reviewer request email", reviewer_email, 404, owner_status=201),
]


@pytest.fixture
def world(app: Flask) -> Iterator[World]:
    keys = ("DIGEST_TIMEZONE", "BASE_URL", "DIGEST_RECIPIENTS")
    before = {key: app.config.get(key) for key in keys}
    app.config.update(
        DIGEST_TIMEZONE="UTC", BASE_URL="https://hindsight.example.com", DIGEST_RECIPIENTS=""
    )
    yield build()
    app.config.update(before)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name.replace(" ", "-"))
def test_outsiders_learn_nothing_of_a_restricted_review_and_its_owner_finds_it(
    app: Flask, world: World, mail_to_smtp: SmtpServer, surface: Surface
) -> None:
    ctx = Context(app, world, mail_to_smtp)

    outsider = surface.fetch(ctx, world.outsider)

    assert outsider.status == surface.outsider_status, outsider.text[:500]
    seen = outsider.text
    if outsider.status == 404:  # the same answer as for a review that does not exist
        ghost = surface.fetch(Context(app, _renamed(world, GHOST), mail_to_smtp), world.outsider)
        seen = _plain(seen.replace(world.secret.ref, GHOST))
        assert (ghost.status, _plain(ghost.text)) == (404, seen)
    leaks = [w for w in (*SECRETS, world.secret.ref) if w.lower() in seen.lower()]
    assert leaks == [], f"the outsider saw {leaks}"
    owner = surface.fetch(ctx, world.owner)
    assert owner.status == surface.owner_status, owner.text[:500]
    text = owner.text.lower()
    if surface.names_it:
        assert any(w.lower() in text for w in (world.secret.ref, *SECRETS)), owner.text[:2000]
    if surface.count:
        pattern, outsiders, owners = surface.count
        assert _number(pattern, outsider.text) == outsiders
        assert _number(pattern, owner.text) == owners


def _renamed(world: World, ref: str) -> World:
    """The same world, pointing at a review `ref` that does not exist."""
    return replace(world, secret=SimpleNamespace(ref=ref))


def _plain(text: str) -> str:
    """Drop what differs between any two answers: per-session CSRF tokens."""
    return re.sub(r'(csrf-token" content|name="csrf_token" value)="[^"]+"', "", text)


def _number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, f"no count like {pattern!r} in {text[:1000]}"
    return int(found.group(1))


def _pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.pdf"
        path.write_bytes(data)
        done = subprocess.run(  # noqa: S603 - a fixed binary on a file this test wrote
            [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
    return done.stdout


def _mail_text(message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    bodies = [p.get_content() for p in parts if p.get_content_type() in ("text/plain", "text/html")]
    return "\n".join([str(message["Subject"]), *bodies])
