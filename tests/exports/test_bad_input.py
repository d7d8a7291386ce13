"""Reviews nobody should write still export: broken Markdown, megabytes, hostile images."""

from __future__ import annotations

import json
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.exports import pdf
from app.extensions import db
from tests.exports.conftest import look_at, pdf_pages, write_review

BROKEN = """```python
def never_closed(:
<div><table><tr><td>**unbalanced _emphasis
[a link](javascript:alert(1)) and <script>alert(1)</script>
> > > > deeply
* * *
| a | b |
|---|
| 1 | 2 | 3 | 4 |
<img src="file:///etc/passwd"> ![passwd](file:///etc/passwd)
<img src="http://169.254.169.254/latest/meta-data/iam"> ![](https://evil.example/x.png)
<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">
"""


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record every address WeasyPrint asks for, and what the fetcher answered."""
    calls: list[tuple[str, str]] = []
    real = pdf.HindsightFetcher.fetch

    def spy(self, url, headers=None):
        try:
            answer = real(self, url, headers)
        except pdf.Refused:
            calls.append((url, "refused"))
            raise
        calls.append((url, answer.headers.get_content_type()))
        return answer

    monkeypatch.setattr(pdf.HindsightFetcher, "fetch", spy)
    return calls


def test_broken_markdown_and_hostile_images_still_export_without_fetching_anything(
    member_client: FlaskClient, member: User, fetched: list[tuple[str, str]]
) -> None:
    incident = write_review(member, entries=3)
    incident.impact = BROKEN
    incident.went_well = "Our own icon: ![logo](/static/favicon.svg)"
    incident.got_lucky = "![passwd](file:///etc/passwd) ![](https://evil.example/x.png)"
    incident.timeline[0].body = BROKEN
    db.session.commit()

    response = member_client.get(f"/incidents/{incident.ref}.pdf")

    assert response.status_code == 200
    text = "\n".join(pdf_pages(response.data))
    look_at(response.data, "broken-markdown", pages=1)
    assert "never_closed" in text
    assert "unbalanced" in text
    assert "root:" not in text  # /etc/passwd was never read
    assert ("http://127.0.0.1:5000/static/print.css", "text/css") in fetched
    assert ("http://127.0.0.1:5000/static/favicon.svg", "image/svg+xml") in fetched
    refused = {url for url, answer in fetched if answer == "refused"}
    assert "http://169.254.169.254/latest/meta-data/iam" in refused
    assert "https://evil.example/x.png" in refused
    assert not any(url.startswith(("file:", "data:text")) for url, _ in fetched)
    for fmt in ("md", "json"):  # the other formats carry the text as written
        assert member_client.get(f"/incidents/{incident.ref}.{fmt}").status_code == 200


def test_five_megabytes_of_text_export_in_full_and_print_shortened(
    member_client: FlaskClient, member: User
) -> None:
    incident = write_review(member, entries=3)
    paragraph = "The queue grew while the consumers waited on the lock. " * 20
    incident.summary = "\n\n".join(f"{n}. {paragraph.strip()}" for n in range(4_600))
    assert len(incident.summary) > 5_000_000
    db.session.commit()

    started = time.monotonic()
    response = member_client.get(f"/incidents/{incident.ref}.pdf")
    seconds = time.monotonic() - started

    pages = pdf_pages(response.data)
    assert seconds < 30
    assert len(pages) < 40
    assert "Shortened for print" in "\n".join(pages)
    assert "The Markdown and JSON exports have the full text." in "\n".join(pages)
    body = json.loads(member_client.get(f"/incidents/{incident.ref}.json").data)
    assert body["summary"] == incident.summary
    markdown = member_client.get(f"/incidents/{incident.ref}.md").get_data(as_text=True)
    assert incident.summary in markdown


FETCHER_BASE = "https://hindsight.example/"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "https://other.example/static/app.css",
        "https://hindsight.example.evil.example/static/app.css",
        "http://hindsight.example/static/favicon.svg",  # other scheme, other origin
        "https://hindsight.example/incidents/INC-0001.pdf",
        "https://hindsight.example/static/../../app/config.py",
        "https://hindsight.example/static/%2e%2e/%2e%2e/app/config.py",
        "https://hindsight.example/static/app.js",
        "https://hindsight.example/static/missing.png",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:,hello",
        "data:image/png;base64,!!!",
        "ftp://hindsight.example/static/favicon.svg",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_images(app: Flask, url: str) -> None:
    fetcher = pdf.HindsightFetcher(base_url=FETCHER_BASE, static_folder=app.static_folder)
    with pytest.raises(pdf.Refused):
        fetcher.fetch(url)


def test_the_fetcher_serves_static_images_and_data_images_without_the_network(
    app: Flask,
) -> None:
    fetcher = pdf.HindsightFetcher(base_url=FETCHER_BASE, static_folder=app.static_folder)

    icon = fetcher.fetch("https://HINDSIGHT.example/static/favicon.svg?v=2")
    dot = fetcher.fetch("data:image/gif;base64,R0lGODlhAQABAAAAACw=")

    assert icon.read().startswith(b"<svg")
    assert icon.content_type == "image/svg+xml"
    assert dot.read().startswith(b"GIF89a")
    assert dot.content_type == "image/gif"
