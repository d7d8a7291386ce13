"""Time the exports: a typical review as PDF, a cached download, the memory of one render,
and a backup (and restore) of many reviews, with the peak memory of each command.

    .venv/bin/python bench/exports.py                   # PDF, cached download, memory (~1 min)
    .venv/bin/python bench/exports.py --backup 100000   # ... and seed, back up, restore N reviews
    .venv/bin/python bench/exports.py --backup 100000 --restore-url postgresql://.../empty_db

Targets: PDF p50 under 1 s, cached download p50 under 20 ms, one render under 200 MB, and a
backup whose memory does not grow with the number of reviews.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402  (after the path above, like the other benchmarks)
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts import services as accounts  # noqa: E402
from app.extensions import db  # noqa: E402
from app.incidents import actions, factors, services, timeline  # noqa: E402
from app.incidents.enums import EntryKind, FactorCategory, Milestone, Severity  # noqa: E402
from app.reviews import services as reviews  # noqa: E402

T0 = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.UTC)
KINDS = list(EntryKind)


def make_app(url: str) -> Flask:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
    return app


def typical_review(owner, *, publish: bool) -> str:
    """Write a review the size most are: 40 timeline entries, 3 factors, 5 actions."""
    incident = services.create_incident(
        actor=owner,
        basics=services.Basics(
            title="Checkout errors after a pool size change", severity=Severity.SEV2
        ),
    )
    text = "The pool filled within a minute of the change; retries doubled the load. " * 3
    sections = {"summary": text, "impact": text, "went_well": text, "got_lucky": text}
    services.update_sections(
        actor=owner, incident=incident, sections=sections, expected_version=None
    )
    for n in range(40):
        milestone = {0: Milestone.STARTED, 3: Milestone.DETECTED, 39: Milestone.RESOLVED}.get(n)
        body = f"Entry {n}: p99 latency {n % 7}.{n % 10} s; *checked* the `pooler` logs. " * 2
        data = timeline.EntryInput(
            occurred_at=T0 + dt.timedelta(minutes=2 * n),
            kind=KINDS[n % 9],
            body=body,
            milestone=milestone,
        )
        timeline.add_entry(actor=owner, incident=incident, data=data)
    for category in list(FactorCategory)[:3]:
        factors.add_factor(actor=owner, incident=incident, category=category, description=text)
    for n in range(5):
        data = actions.ActionInput(
            title=f"Add a canary stage, step {n}", owner=owner, due_date=T0.date()
        )
        actions.add_action(actor=owner, incident=incident, data=data)
    if publish:
        reviews.submit(actor=owner, incident=incident, acknowledge_language=True)
        reviewer = accounts.create_user(
            email="rae@example.com", name="Rae", password=None, admin=False
        )
        reviews.approve(actor=reviewer, incident=incident)
        reviews.publish(actor=owner, incident=incident, min_approvals=1)
    db.session.commit()
    return incident.ref


def timed(get, runs: int) -> tuple[list[float], list[float]]:
    """Return the wall and CPU milliseconds of each request (CPU: a busy machine aside)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = get()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code in {200, 304}, response.status_code
    return wall, cpu


def summary(name: str, times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    p50, p95 = statistics.median(wall), statistics.quantiles(wall, n=20, method="inclusive")[18]
    return (
        f"{name:<28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   max {max(wall):7.1f} ms   "
        f"CPU p50 {statistics.median(cpu):7.1f} ms"
    )


def one_render(url: str, ref: str) -> None:
    """Child process: render one PDF and report resident memory before and at the peak."""
    from app.exports import document, pdf
    from app.incidents.queries import get_visible

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.test_request_context():
        owner = db.session.scalar(
            db.select(accounts.User).where(accounts.User.email == "bench@example.com")
        )
        incident = get_visible(owner, ref)
        doc = document.build(incident, None)
        _ = [e.author for e in incident.timeline], incident.actions, incident.factors
        before = _rss_mb()
        size = len(pdf.render(doc))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"before_mb": before, "peak_mb": peak, "pdf_bytes": size}))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pdf_and_cache(folder: Path, runs: int) -> None:
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = make_app(url)
    with app.app_context():
        owner = accounts.create_user(
            email="bench@example.com", name="Bench Owner", password=None, admin=True
        )
        draft, published = typical_review(owner, publish=False), typical_review(owner, publish=True)
        session_id = owner.get_id()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    client.get(f"/incidents/{draft}.pdf")  # warm up: fonts, templates, the first connection
    print(
        summary(
            "PDF, 40 entries (rendered)", timed(lambda: client.get(f"/incidents/{draft}.pdf"), runs)
        )
    )
    first = client.get(f"/incidents/{published}.pdf")
    etag = first.headers["ETag"]
    cached = timed(lambda: client.get(f"/incidents/{published}.pdf"), runs * 10)
    print(summary("PDF, published (cached)", cached))
    same = timed(
        lambda: client.get(f"/incidents/{published}.pdf", headers={"If-None-Match": etag}),
        runs * 10,
    )
    print(summary("PDF, published (304)", same))
    child = subprocess.run(  # noqa: S603 - this very script, as a child
        [sys.executable, __file__, "--one-render", url, draft],
        capture_output=True,
        text=True,
        check=True,
    )
    memory = json.loads(child.stdout.strip().splitlines()[-1])
    peak, before = memory["peak_mb"], memory["before_mb"]
    print(
        f"one render: peak RSS {peak:.0f} MB, {peak - before:.0f} MB above the {before:.0f} MB "
        f"before it; PDF {memory['pdf_bytes'] / 1024:.0f} KiB ({len(first.data) / 1024:.0f} KiB "
        "published)"
    )


def flask(env: dict, *args: str) -> tuple[float, float, str]:
    """Run `flask --app wsgi ...`; return seconds, the child's peak RSS in MB, and its output."""
    start = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - our own flask, arguments from this script
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{output[-2000:]}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024, output


def backup_and_restore(folder: Path, count: int, restore_url: str | None) -> None:
    for n in sorted({max(count // 10, 1), count}):
        source = f"sqlite:///{folder / f'seed-{n}.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": source, "HINDSIGHT_ENV": "development"}
        flask(env, "db", "upgrade")
        seconds, peak, _ = flask(env, "bench", "seed", "--incidents", str(n))
        print(f"seed {n:>7,} reviews: {seconds:6.1f} s, peak RSS {peak:5.0f} MB")
        out = folder / f"backup-{n}"
        seconds, peak, output = flask(env, "export", "all", "--format", "jsonl", "--out", str(out))
        (file,) = out.glob("*.jsonl")
        rows = output.split("Wrote ")[1].split(" rows")[0]
        size = file.stat().st_size / 1024 / 1024
        print(
            f"backup {n:>7,} reviews: {seconds:6.1f} s, peak RSS {peak:5.0f} MB, "
            f"{rows} rows, {size:,.0f} MiB"
        )
        if n == count:
            target = restore_url or f"sqlite:///{folder / 'restored.sqlite3'}"
            env = {**env, "DATABASE_URL": target}
            flask(env, "db", "upgrade")
            seconds, peak, _ = flask(env, "import", "jsonl", str(file))
            engine = target.split(":")[0]
            print(
                f"restore {n:>6,} reviews into {engine}: {seconds:6.1f} s, peak RSS {peak:5.0f} MB"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="PDF renders to time.")
    parser.add_argument("--backup", type=int, metavar="N", help="Also seed, back up, restore N.")
    parser.add_argument("--restore-url", help="An empty database to restore into (default SQLite).")
    parser.add_argument("--one-render", nargs=2, metavar=("URL", "REF"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_render:
        one_render(*args.one_render)
        return 0
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="hindsight-bench-exports-") as tmp:
        pdf_and_cache(Path(tmp), args.runs)
        if args.backup:
            backup_and_restore(Path(tmp), args.backup, args.restore_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
