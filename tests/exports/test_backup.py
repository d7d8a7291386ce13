"""Backup and restore: everything, row for row, on either engine and from one to the other."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, inspect, select

from app import create_app
from app.accounts import services as accounts
from app.accounts.models import User
from app.accounts.tokens import create_token
from app.exports import backup, cache, rows
from app.exports.models import ExportCache
from app.extensions import db
from app.incidents.enums import Visibility
from app.incidents.models import Incident
from app.integrations import links
from app.integrations.enums import Relation
from app.reviews import services as reviews
from app.reviews.models import Revision
from tests.exports.conftest import TARGETS, publish, scratch_app, write_review
from tests.factories.accounts import make_user
from tests.factories.incidents import T0
from tests.integrations.factories import make_alert, make_deploy, make_integration


def populate(owner: User) -> None:
    """Something in every table a real instance fills: reviews, people, decisions, hooks."""
    first = publish(write_review(owner, entries=8, actions=3), owner)
    reviews.add_comment(actor=owner, incident=first, section="timeline", body="Add 23:05?")
    secret = write_review(owner, entries=3, title="Access review", visibility=Visibility.RESTRICTED)
    reviews.request_reviewer(actor=owner, incident=secret, reviewer=make_user(name="Iris"))
    make_integration("github", secret="hmac-secret-kept-in-clear-for-checks")
    make_integration("alertmanager")
    deploy = make_deploy(started_at=T0 - dt.timedelta(minutes=20))
    alert = make_alert(started_at=T0 + dt.timedelta(minutes=2))
    links.decide(
        actor=owner, incident=secret, kind="deploy", record_id=deploy.id,
        relation=Relation.SUSPECTED_TRIGGER,
    )  # fmt: skip
    links.decide(
        actor=owner, incident=secret, kind="alert", record_id=alert.id, relation=Relation.RELATED
    )
    third = write_review(owner, entries=1, title="Disk filled on a build agent")
    links.record_no_change(actor=owner, incident=third, note="A log file grew.")
    create_token(user=owner, name="nightly export")
    revision = db.session.scalar(select(Revision))
    cache.store(revision.id, "md", b"# rendered", "text/markdown")
    db.session.commit()


def table_rows(app: Flask) -> dict[str, list[dict]]:
    """Every backed-up table's rows, in primary-key order, as the application reads them."""
    with app.app_context():
        return {
            table.name: [
                dict(row)
                for row in db.session.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in backup.tables()
        }


def export(runner: FlaskCliRunner, folder: Path, *flags: str) -> Path:
    result = runner.invoke(
        args=["export", "all", "--format", "jsonl", "--out", str(folder), *flags]
    )
    assert result.exit_code == 0, result.output
    (path,) = folder.glob("*.jsonl")
    return path


def restore(app: Flask, path: Path):
    # Commands run against the app whose context is current: make it the restored one's.
    with app.app_context():
        return app.test_cli_runner().invoke(args=["import", "jsonl", str(path)])


def is_empty(app: Flask) -> bool:
    with app.app_context():
        return all(
            not db.session.scalar(select(func.count()).select_from(t))
            for t in db.metadata.sorted_tables
        )


@pytest.mark.parametrize("target", TARGETS)
def test_a_backup_restores_row_for_row_into_an_empty_database(
    app: Flask, runner: FlaskCliRunner, member: User, tmp_path: Path, target: str
) -> None:
    populate(member)
    source = table_rows(app)
    path = export(runner, tmp_path, "--with-password-hashes", "--with-integration-secrets")

    with scratch_app(target, tmp_path) as other:
        result = restore(other, path)
        assert result.exit_code == 0, result.output
        restored = table_rows(other)
        with other.app_context():
            assert db.session.scalar(select(func.count(ExportCache.id))) == 0  # derived
            indexed = db.session.execute(select(func.count()).select_from(
                db.metadata.tables["search_documents"])).scalar()  # fmt: skip
            assert indexed == 3  # the search index is rebuilt, not copied
            # The id sequences moved past the restored ids: new rows do not collide.
            newcomer = accounts.create_user(
                email="new@example.com", name="New", password=None, admin=False
            )
            assert newcomer.id > max(r["id"] for r in source["users"])
            db.session.rollback()

    assert restored == source
    filled = [name for name, found in source.items() if found]
    assert len(filled) >= 20, filled  # the comparison covers nearly every table
    assert f"Restored {sum(map(len, source.values())):,} rows" in result.output


def test_credentials_stay_out_of_a_backup_unless_asked_for(
    app: Flask, runner: FlaskCliRunner, member: User, tmp_path: Path
) -> None:
    populate(member)
    path = export(runner, tmp_path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]

    users = [line["row"] for line in lines if line.get("table") == "users"]
    hooks = [line["row"] for line in lines if line.get("table") == "integrations"]
    tokens = [line["row"] for line in lines if line.get("table") == "api_tokens"]
    assert users
    assert all(user["password_hash"] is None for user in users)
    assert hooks
    assert all(hook["secret"] is None for hook in hooks)
    assert any(hook["secret_hash"] for hook in hooks)  # a salted hash, useless to a thief
    assert tokens
    assert all(len(token["token_hash"]) == 64 for token in tokens)
    assert lines[0]["left_out"] == ["integrations.secret", "users.password_hash"]
    assert "export_cache" in lines[0]["rebuilt_not_copied"]
    assert lines[-1]["end"] is True
    assert sum(lines[-1]["rows"].values()) == len(lines) - 2


def test_a_restore_refuses_a_database_that_is_not_empty(
    app: Flask, runner: FlaskCliRunner, member: User, tmp_path: Path
) -> None:
    populate(member)
    path = export(runner, tmp_path)
    before = table_rows(app)

    result = restore(app, path)

    assert result.exit_code == 1
    assert "Nothing was imported: The database is not empty" in result.output
    assert table_rows(app) == before


def test_a_restore_into_a_database_without_tables_says_to_create_them(
    runner: FlaskCliRunner, member: User, tmp_path: Path
) -> None:
    populate(member)
    path = export(runner, tmp_path)
    blank = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'blank.sqlite3'}"})

    result = restore(blank, path)

    assert result.exit_code == 1
    assert "create the tables first with `flask --app wsgi db upgrade`" in result.output
    with blank.app_context():
        assert inspect(db.engine).get_table_names() == []
        db.engine.dispose()


def corrupt(path: Path, number: int, change) -> Path:
    lines = path.read_text().splitlines(keepends=True)
    lines[number - 1] = change(lines[number - 1])
    bad = path.with_name(f"bad-{number}.jsonl")
    bad.write_text("".join(lines))
    return bad


def line_of(path: Path, table: str, nth: int = 0) -> int:
    found = [
        n
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if line.startswith(f'{{"table":"{table}"')
    ]
    return found[nth]


def edit_row(**changes):
    """Return a change to a backup line that sets these values in its row."""

    def change(line: str) -> str:
        item = json.loads(line)
        item["row"].update(changes)
        return json.dumps(item) + "\n"

    return change


def rename(old: str, new: str):
    def change(line: str) -> str:
        item = json.loads(line)
        item["row"][new] = item["row"].pop(old)
        return json.dumps(item) + "\n"

    return change


@pytest.mark.parametrize(
    ("table", "change", "says"),
    [
        ("timeline_entries", lambda line: line[:40] + "\n", "not valid JSON"),
        ("action_items", edit_row(priority="Q1"), "refused"),
        ("incidents", edit_row(id="two"), "incidents.id: 'two' is not a whole number"),
        ("comments", lambda line: line.replace('"table":"comments"', '"table":"nope"'), "table"),
        ("users", rename("name", "nickname"), "no column 'nickname'"),
        ("revisions", edit_row(incident_id=10**9), "refused"),
        ("incidents", edit_row(started_at="yesterday"), "is not an ISO 8601 time"),
    ],
)
@pytest.mark.parametrize("target", TARGETS)
def test_a_bad_line_is_named_and_nothing_is_imported(
    app: Flask,
    runner: FlaskCliRunner,
    member: User,
    tmp_path: Path,
    target: str,
    table: str,
    change,
    says: str,
) -> None:
    populate(member)
    path = export(runner, tmp_path)
    number = line_of(path, table, nth=1 if table == "incidents" else 0)
    bad = corrupt(path, number, change)

    with scratch_app(target, tmp_path) as other:
        result = restore(other, bad)
        assert is_empty(other)

    assert result.exit_code == 1
    message = result.output.strip().splitlines()[-1]
    assert message.startswith(f"Error: Nothing was imported: line {number}: ")
    assert says in message


def test_a_truncated_or_foreign_file_is_refused(
    app: Flask, runner: FlaskCliRunner, member: User, tmp_path: Path
) -> None:
    populate(member)
    path = export(runner, tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text("".join(lines[:-1]))
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text('{"hello": "world"}\n')
    older = tmp_path / "older.jsonl"
    older.write_text(lines[0].replace('"schema":"', '"schema":"x') + "".join(lines[1:]))

    with scratch_app("sqlite", tmp_path) as other:
        outputs = [restore(other, p).output for p in (truncated, foreign, older)]
        assert is_empty(other)

    assert "stops at line" in outputs[0]
    assert "truncated" in outputs[0]
    assert "line 1: not a Hindsight backup" in outputs[1]
    assert "restore with the Hindsight version that made it" in outputs[2]


def test_the_backup_is_read_from_one_snapshot_in_primary_key_order(
    app: Flask, runner: FlaskCliRunner, member: User, tmp_path: Path
) -> None:
    populate(member)
    path = export(runner, tmp_path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]

    order = list(dict.fromkeys(line["table"] for line in lines[1:-1]))
    expected = [t.name for t in backup.tables() if lines[-1]["rows"][t.name]]
    assert order == expected  # parents before children, as the foreign keys need
    incident_ids = [line["row"]["id"] for line in lines if line.get("table") == "incidents"]
    assert incident_ids == sorted(incident_ids)
    assert not any(rows.is_derived(db.metadata.tables[t]) for t in order)
    assert db.session.scalar(select(func.count(Incident.id))) == 3
