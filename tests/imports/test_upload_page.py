"""The upload page: a few Markdown files from the browser, reported like the command does."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import stream_encode_multipart

from app.accounts.models import User
from app.extensions import db
from app.imports.files import UPLOAD_LIMIT
from app.incidents.models import Incident
from tests.conftest import sign_in

DNS = b"---\nuuid: dns-1\ntitle: DNS lookups failed in eu-west-1\nseverity: P2\n---\nBody\n"
QUEUE = b"---\nuuid: queue-1\ntitle: The payments queue backed up\n---\nBody\n"


def upload(client: FlaskClient, *files: tuple[bytes, str]):
    fields = MultiDict(
        [("files", FileStorage(io.BytesIO(content), filename=name)) for content, name in files]
    )
    # Encoded in memory: the test client would spool a big body to a file it never closes.
    body, length, boundary = stream_encode_multipart(fields, use_tempfile=False)
    return client.post(
        "/import",
        input_stream=body,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def titles() -> set[str]:
    return set(db.session.scalars(select(Incident.title)))


def test_the_page_offers_a_multiple_file_input(member_client: FlaskClient) -> None:
    page = member_client.get("/import")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Import postmortems</h1>" in html
    assert 'type="file"' in html
    assert "multiple" in html
    assert 'enctype="multipart/form-data"' in html


def test_two_files_are_imported_for_the_member_and_reported(
    member_client: FlaskClient, member: User
) -> None:
    response = upload(member_client, (DNS, "dns.md"), (QUEUE, "queue.md"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2 files: 2 imported, 0 updated, 0 skipped, 0 failed; 0 warnings." in html
    assert "DNS lookups failed in eu-west-1" in html
    assert "The payments queue backed up" in html
    assert titles() == {"DNS lookups failed in eu-west-1", "The payments queue backed up"}
    assert set(db.session.scalars(select(Incident.owner_id))) == {member.id}
    again = upload(member_client, (DNS, "dns.md"))
    assert "1 file: 0 imported, 0 updated, 1 skipped, 0 failed" in again.get_data(as_text=True)


def test_a_file_over_1_mib_is_refused_and_the_others_imported(
    member_client: FlaskClient,
) -> None:
    big = b"---\ntitle: Big\n---\n" + b"x" * UPLOAD_LIMIT
    response = upload(member_client, (big, "big.md"), (DNS, "dns.md"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The file is over 1 MiB" in html
    assert "2 files: 1 imported, 0 updated, 0 skipped, 1 failed" in html
    assert titles() == {"DNS lookups failed in eu-west-1"}


@pytest.mark.parametrize("csrf", [False, True], ids=["csrf-off", "csrf-on"])
def test_an_upload_over_the_request_limit_explains_the_limits(
    app: Flask, member_client: FlaskClient, monkeypatch: pytest.MonkeyPatch, csrf: bool
) -> None:
    # With CSRF on, the limit trips while the token is read, before the view runs.
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", csrf)
    huge = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = upload(member_client, (huge, "huge.md"))
    assert response.status_code == 413
    assert "send at most 2 MiB at once, 1 MiB per file" in response.get_data(as_text=True)


def test_no_files_asks_for_some_without_an_error_page(member_client: FlaskClient) -> None:
    response = member_client.post("/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose one or more Markdown files (.md) to import." in response.get_data(as_text=True)
    empty = upload(member_client, (b"", ""))
    assert empty.status_code == 422


def test_files_that_are_not_markdown_are_reported_not_crashed_on(
    member_client: FlaskClient,
) -> None:
    response = upload(member_client, (b"\x89PNG\r\n\x1a\n", "diagram.png"), (b"\x00\xff", "x.md"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This is not a Markdown file: upload .md or .markdown files." in html
    assert "This is not a text file (it contains binary data)." in html
    assert "2 files: 0 imported, 0 updated, 0 skipped, 2 failed" in html
    assert titles() == set()


def test_the_form_needs_its_csrf_token(
    app: Flask, member_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert 'name="csrf_token"' in member_client.get("/import").get_data(as_text=True)
    response = upload(member_client, (DNS, "dns.md"))
    assert response.status_code == 400
    assert titles() == set()


def test_signing_in_comes_first(client: FlaskClient) -> None:
    response = client.get("/import")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_two_people_uploading_notes_md_do_not_overwrite_each_other(
    client: FlaskClient, member: User, admin: User
) -> None:
    notes = b"---\ntitle: Notes from the outage\n---\nBody\n"
    upload(sign_in(client, member), (notes, "notes.md"))
    result = upload(sign_in(client, admin), (notes.replace(b"Body", b"Other"), "notes.md"))
    assert "1 file: 1 imported" in result.get_data(as_text=True)
    owners = sorted(db.session.scalars(select(Incident.owner_id)))
    assert owners == sorted([member.id, admin.id])


def test_a_restricted_review_from_the_same_file_is_not_revealed(
    client: FlaskClient, member: User, admin: User
) -> None:
    secret = b"---\nuuid: sec-1\ntitle: Credential leak\nvisibility: restricted\n---\nBody\n"
    upload(sign_in(client, admin), (secret, "leak.md"))
    result = upload(sign_in(client, member), (secret.replace(b"Body", b"Edit"), "leak.md"))
    html = result.get_data(as_text=True)
    assert "A review imported from this file exists, and you cannot edit it." in html
    assert "Credential leak" not in html
    assert db.session.scalar(select(Incident.summary)) == "Body"
