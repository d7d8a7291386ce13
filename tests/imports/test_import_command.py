"""`flask import markdown PATH...`: every file on its own, reported, never aborting the batch."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from app.accounts.models import User
from app.catalog.models import Service, Tag
from app.extensions import db
from app.incidents.enums import Severity, Status
from app.incidents.models import Incident, TimelineEntry
from app.reviews.models import Revision
from tests.factories.accounts import make_user
from tests.factories.incidents import make_incident
from tests.imports.conftest import write

CHECKOUT = """
    ---
    uuid: 5b1f3a52-checkout
    title: Checkout errors after a pooler restart
    severity: sev-2
    started_at: 2026-07-09T10:12:00Z
    resolved_at: 2026-07-09T10:43:00Z
    services: [checkout, inventory]
    team: Fulfilment
    tags: [database]
    url: https://wiki.example.com/pm/1
    ---
    The pooler kept sending writes to the old primary.

    ## Timeline
    - 10:12 UTC: Reservation errors rose.
    - 10:43 UTC: Pooler restarted; errors stopped.
"""


def run(runner: FlaskCliRunner, *args: str | Path) -> Result:
    return runner.invoke(args=["import", "markdown", *map(str, args)])


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_the_icco_corpus_imports_without_failures_and_again_without_duplicates(
    runner: FlaskCliRunner, admin: User, icco: Path
) -> None:
    files = len(list(icco.glob("*.md")))
    first = run(runner, icco)
    assert first.exit_code == 0, first.output[-2000:]
    assert f"{files} files: {files} imported, 0 updated, 0 skipped, 0 failed; " in first.output
    untitled = first.output.count("warning: no title; used ")
    assert untitled == 46  # the corpus README: 46 files have no title
    assert count(Incident) == files
    amazon = db.session.scalar(
        select(Incident).where(Incident.import_id == "00b7f759-21f8-4767-8803-f09d863005cd")
    )
    assert amazon.title == "Amazon SimpleDB US East Region Disruption on June 13"
    assert amazon.source_url == "https://aws.amazon.com/message/65649/"
    assert amazon.status is Status.PUBLISHED
    assert amazon.owner_id == admin.id
    assert [s.name for s in amazon.services] == ["amazon", "simpledb"]
    assert {"cloud", "simpledb", "lock-service"} <= {t.name for t in amazon.tags}
    assert amazon.summary.startswith("Multiple SimpleDB storage nodes lost power")
    assert "Recovery required manually raising" in amazon.summary
    assert "On June 13, the Amazon SimpleDB service" in amazon.summary

    again = run(runner, icco)
    assert again.exit_code == 0, again.output[-2000:]
    assert f"{files} files: 0 imported, 0 updated, {files} skipped, 0 failed; " in again.output
    assert count(Incident) == files


def test_a_changed_file_updates_its_review_in_place(
    runner: FlaskCliRunner, admin: User, tmp_path: Path
) -> None:
    path = write(tmp_path, "checkout.md", CHECKOUT)
    assert run(runner, tmp_path).exit_code == 0
    incident = db.session.scalar(select(Incident))
    assert incident.severity is Severity.SEV2
    assert incident.team.name == "Fulfilment"
    assert [e.body for e in incident.timeline] == [
        "Reservation errors rose.",
        "Pooler restarted; errors stopped.",
    ]
    ref, entries = incident.ref, count(TimelineEntry)

    path.write_text(path.read_text().replace("sev-2", "SEV1").replace("stopped.", "ended."))
    result = run(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert f"updated   checkout.md -> {ref} Checkout errors" in result.output
    db.session.expire_all()
    incident = db.session.scalar(select(Incident))
    assert (incident.ref, incident.severity) == (ref, Severity.SEV1)
    assert incident.timeline[-1].body == "Pooler restarted; errors ended."
    assert count(Incident) == 1
    assert count(TimelineEntry) == entries
    assert incident.status is Status.PUBLISHED
    assert count(Revision) == 0  # published as written elsewhere, not through our workflow


def test_a_broken_file_fails_alone_and_the_command_exits_1(
    runner: FlaskCliRunner, admin: User, tmp_path: Path
) -> None:
    write(tmp_path, "a-good.md", CHECKOUT)
    write(tmp_path, "b-bad-yaml.md", "---\ntitle: [oops\nseverity: SEV1\n---\nBody\n")
    write(tmp_path, "c-junk.md", bytes(range(256)) * 4)
    write(tmp_path, "nested/d-good.markdown", "---\ntitle: DNS lookups failed\n---\nBody\n")
    write(tmp_path, "notes.txt", "not Markdown, not imported")
    result = run(runner, tmp_path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "failed    b-bad-yaml.md: The front matter is not valid YAML at line 3: " in result.output
    )
    assert "failed    c-junk.md: This is not a text file (it contains binary data)." in lines
    assert lines[-1] == "4 files: 2 imported, 0 updated, 0 skipped, 2 failed; 0 warnings."
    titles = set(db.session.scalars(select(Incident.title)))
    assert titles == {"Checkout errors after a pooler restart", "DNS lookups failed"}


def test_files_without_uuid_or_ref_are_known_by_their_path(
    runner: FlaskCliRunner, admin: User, tmp_path: Path
) -> None:
    write(tmp_path, "2019/dns.md", "---\ntitle: DNS lookups failed\n---\nBody\n")
    assert run(runner, tmp_path).exit_code == 0
    assert db.session.scalar(select(Incident.import_id)) == "path:2019/dns.md"
    result = run(runner, tmp_path)
    assert result.output.splitlines()[-1] == (
        "1 file: 0 imported, 0 updated, 1 skipped, 0 failed; 0 warnings."
    )


def test_a_ref_that_belongs_to_another_review_fails_that_file(
    runner: FlaskCliRunner, admin: User, tmp_path: Path
) -> None:
    make_incident(admin)  # INC-0001, written here
    db.session.commit()
    write(tmp_path, "x.md", "---\nref: INC-0001\ntitle: Someone else's\n---\n")
    result = run(runner, tmp_path)
    assert result.exit_code == 1
    assert "failed    x.md: ref INC-0001 belongs to another review" in result.output
    assert count(Incident) == 1


def test_statuses_and_refs_from_the_file_are_kept(
    runner: FlaskCliRunner, admin: User, tmp_path: Path
) -> None:
    write(tmp_path, "d.md", "---\nref: OPS-0007\nstatus: draft\ntitle: Draft one\n---\n")
    assert run(runner, tmp_path).exit_code == 0
    incident = db.session.scalar(select(Incident))
    assert (incident.ref, incident.status) == ("OPS-0007", Status.DRAFT)


def test_reviews_belong_to_the_owner_named(
    runner: FlaskCliRunner, admin: User, tmp_path: Path
) -> None:
    writer = make_user(email="writer@example.com")
    db.session.commit()
    write(tmp_path, "x.md", CHECKOUT)
    assert run(runner, "--owner", "Writer@Example.com", tmp_path).exit_code == 0
    assert db.session.scalar(select(Incident.owner_id)) == writer.id
    unknown = run(runner, "--owner", "nobody@example.com", tmp_path)
    assert unknown.exit_code == 1
    assert unknown.output == "Error: No active account with the email nobody@example.com.\n"


def test_without_an_admin_the_command_says_how_to_make_one(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    write(tmp_path, "x.md", CHECKOUT)
    result = run(runner, tmp_path)
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert "users create EMAIL --name NAME --password PW --admin" in result.output
    assert count(Incident) == 0


def test_a_dry_run_checks_everything_and_writes_nothing(
    runner: FlaskCliRunner, admin: User, tmp_path: Path
) -> None:
    write(tmp_path, "a.md", CHECKOUT)
    write(tmp_path, "b.md", "---\ntitle: [oops\n---\n")
    result = run(runner, "--dry-run", tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "2 files: 1 imported, 0 updated, 0 skipped, 1 failed; 0 warnings; "
        "dry run: nothing was written."
    )
    assert (count(Incident), count(Service), count(Tag)) == (0, 0, 0)


def test_a_folder_without_markdown_is_an_error(
    runner: FlaskCliRunner, admin: User, tmp_path: Path
) -> None:
    write(tmp_path, "notes.txt", "hello")
    result = run(runner, tmp_path)
    assert result.exit_code == 1
    assert result.output == "Error: No Markdown files (*.md, *.markdown) in the paths given.\n"
