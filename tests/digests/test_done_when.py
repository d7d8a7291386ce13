"""Issue 7's "Done when", walked as a new user would, end to end on real components.

A leader signs in and subscribes on their profile page (CSRF on, the real forms), the weekly
job (`flask digest send`) runs twice against an SMTP server on loopback, exactly one email
arrives with the week's learnings and its charts as inline images, and the same learnings and
the same chart pictures are on the web page and in the PDF.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from freezegun import freeze_time
from PIL import Image

from app.extensions import db
from app.incidents.enums import Severity
from tests.digests.builders import (
    FRIDAY_1700,
    MONDAY_0900,
    NEXT_MONDAY_0700,
    WEDNESDAY_1400,
    WEEK,
    published,
)
from tests.factories.accounts import PASSWORD, make_user

LEADER = "lee.leader@example.com"
PDFTOTEXT, PDFIMAGES = "/usr/bin/pdftotext", "/usr/bin/pdfimages"
# What the week's two reviews taught, as the digest quotes them (label: text).
LEARNINGS = (
    "What surprised us: The connection pool size was read at start-up only.",
    "What surprised us: Search shards rebalance during the nightly index rebuild.",
)
TITLES = ("Checkout errors after a pool size change", "Search timed out for EU customers")


@pytest.fixture
def csrf_on(app: Flask) -> Iterator[None]:
    """Forms need their token, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def week_49(app: Flask, member) -> None:
    """Two reviews published in 2026-W49 by a member, and a leader with an account, no more."""
    published(
        member,
        at=MONDAY_0900,
        title=TITLES[0],
        severity=Severity.SEV1,
        summary="Checkout failed for 38 minutes after a pool size change.",
        surprised="The connection pool size was read at start-up only.",
    )
    published(
        member,
        at=WEDNESDAY_1400,
        title=TITLES[1],
        severity=Severity.SEV3,
        summary="Search answered slowly for EU customers for an hour.",
        surprised="Search shards rebalance during the nightly index rebuild.",
    )
    make_user(email=LEADER, name="Lee Leader")
    db.session.commit()


def form_token(page: str, action: str) -> str:
    """Return the CSRF token of the form posting to `action` on `page`."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', page, re.S)
    assert form is not None, f"no form posting to {action}"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form[0])
    assert token is not None
    return token[1]


def sign_in_and_subscribe(client: FlaskClient) -> None:
    """Sign in with the login form, then press "Email me the digest" on the profile."""
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login)
    assert token is not None
    signed_in = client.post(
        "/login", data={"csrf_token": token[1], "email": LEADER, "password": PASSWORD}
    )
    assert signed_in.status_code == 302, signed_in.get_data(as_text=True)
    profile = client.get("/profile").get_data(as_text=True)
    assert "You do not get the digest by email" in profile
    token = form_token(profile, "/digests/subscription")
    done = client.post("/digests/subscription", data={"csrf_token": token, "on": "1"})
    assert done.status_code == 302
    profile = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f"You get the digest by email</strong> at {LEADER}" in profile


def flat(text: str) -> str:
    """Collapse whitespace (PDF text wraps lines) and unescape what HTML escapes."""
    return " ".join(text.replace("&#39;", "'").replace("&amp;", "&").split())


def pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    """Return an image's size and RGB pixels: the picture, whatever file it came in."""
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        return rgb.size, rgb.tobytes()


def email_charts(mail: EmailMessage) -> list[bytes]:
    """Return the PNGs of the email, checking the HTML shows each one by its Content-ID."""
    html = mail.get_body(("html",)).get_content()
    images = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    for image in images:
        assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html
    return [image.get_content() for image in images]


def pdf_text_and_images(document: bytes, folder: Path) -> tuple[str, list[bytes]]:
    """Return the text of a PDF and its images as PNGs, extracted with poppler."""
    path = folder / "digest.pdf"
    path.write_bytes(document)
    text = subprocess.run(  # noqa: S603 - fixed binaries on a file this test wrote
        [PDFTOTEXT, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    listing = subprocess.run(  # noqa: S603
        [PDFIMAGES, "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    # Each picture comes with its alpha channel as a separate "smask" image; keep the pictures.
    numbers = [int(row.split()[1]) for row in listing.splitlines()[2:] if row.split()[2] == "image"]
    subprocess.run([PDFIMAGES, "-png", str(path), str(folder / "img")], check=True)  # noqa: S603
    return text, [(folder / f"img-{n:03d}.png").read_bytes() for n in numbers]


def test_a_leader_subscribes_the_job_runs_twice_and_one_email_matches_page_and_pdf(
    app: Flask, client: FlaskClient, runner, smtp, week_49, csrf_on, tmp_path: Path
) -> None:
    with freeze_time(FRIDAY_1700):  # the leader signs up during the week
        sign_in_and_subscribe(client)

    with freeze_time(NEXT_MONDAY_0700):  # Monday's cron job, and somebody runs it again
        first = runner.invoke(args=["digest", "send"])
        second = runner.invoke(args=["digest", "send"])

    assert first.exit_code == 0, first.output
    assert f"Digest {WEEK}" in first.output
    assert "Sent 1, 0 already had it, 0 failed" in first.output
    assert second.exit_code == 0, second.output
    assert "Sent 0, 1 already had it, 0 failed" in second.output
    (mail,) = smtp.wait_for(1)
    assert len(smtp.messages) == 1  # one email, not two
    assert str(mail["To"]) == LEADER
    assert mail["Subject"] == "Learning digest, week 49 of 2026: 2 reviews published"
    text = flat(mail.get_body(("plain",)).get_content())
    html = mail.get_body(("html",)).get_content()
    for unwelcome in ("<script", "<svg"):
        assert unwelcome not in html
    html_text = flat(re.sub(r"<[^>]+>", " ", html))
    for part in (text, html_text):
        for title in TITLES:
            assert title in part
        for learning in LEARNINGS:
            assert learning in part
    in_mail = email_charts(mail)
    assert len(in_mail) == 2
    assert all(png.startswith(b"\x89PNG") for png in in_mail)

    with freeze_time(NEXT_MONDAY_0700):
        page = client.get(f"/digests/{WEEK}")
        document = client.get(f"/digests/{WEEK}.pdf")

    assert page.status_code == 200
    body = page.get_data(as_text=True)
    page_text = flat(re.sub(r"<[^>]+>", " ", body))
    on_page = [
        base64.b64decode(b) for b in re.findall(r'src="data:image/png;base64,([^"]+)"', body)
    ]
    assert on_page == in_mail  # the very same files
    assert document.status_code == 200
    assert document.mimetype == "application/pdf"
    pdf_text, in_pdf = pdf_text_and_images(document.data, tmp_path)
    pdf_text = flat(pdf_text)
    for where in (page_text, pdf_text):
        assert "Week 49, 30 Nov to 6 Dec 2026" in where
        for title in TITLES:
            assert title in where
        for learning in LEARNINGS:
            assert learning in where
    # WeasyPrint re-encodes images, so compare the pictures, pixel for pixel.
    assert [pixels(png) for png in in_pdf] == [pixels(png) for png in in_mail]
