"""Time the weekly digest and the insights page over many incidents, on SQLite and PostgreSQL.

    .venv/bin/python bench/digests.py                                  # 100,000, both engines
    .venv/bin/python bench/digests.py --engine sqlite --runs 20 --keep
    .venv/bin/python bench/digests.py --engine postgresql --profile    # + cProfile of a build

Seeds once with `flask bench seed --incidents N --seed 1 --end 2026-11-22` (three years of
incidents with published revisions, action items, factors and confirmed deploy triggers) into
a SQLite file under /tmp/hindsight-bench (reused while it holds N incidents) and a scratch
PostgreSQL database `bench_digest` (dropped afterwards unless --keep). Then, in process, for a
synthetic member (who may see the restricted reviews they took part in), it times:

- building one week's digest (`content.build` plus its two charts: what the page and the
  email both need), and the email of it (`email.compose`, as `digest send` does per recipient);
- `GET /digests/<week>` through the test client, signed in;
- `GET /insights/` for the 52 weeks up to the seed's end, and each of its chart PNGs.

Targets: a week's digest under 1 s; the insights page under 500 ms for a year of data.
It prints p50/p95/max per measure and the heaviest SQL statements of one run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402  (after the path above, like the other benchmarks)
from sqlalchemy import create_engine, event, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.models import User  # noqa: E402
from app.digests import content, email  # noqa: E402
from app.digests.weeks import IsoWeek  # noqa: E402
from app.extensions import db  # noqa: E402
from app.insights.panels import CHARTS  # noqa: E402
from app.seed import directory  # noqa: E402

WORK = Path(tempfile.gettempdir()) / "hindsight-bench"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/"
PG_NAME = "bench_digest"
FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi"]
END = "2026-11-22"  # the seed's last day (a Sunday)
TZ = "Europe/Berlin"
YEAR = {"from": "2025-11-24", "to": "2026-11-22"}  # 52 weeks up to the seed's end


def load() -> str:
    """Return the 1, 5 and 15 minute load averages, as `uptime` shows them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def database_url(engine: str, count: int) -> str:
    if engine == "sqlite":
        WORK.mkdir(exist_ok=True)
        return f"sqlite:///{WORK}/digest_sqlite_{count}.sqlite3"
    return PG_SERVER + PG_NAME


def incident_count(url: str) -> int:
    """Return how many incidents with published revisions the database holds (0: rebuild)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not conn.execute(text("SELECT count(*) FROM revisions")).scalar_one():
                return 0
            return conn.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    except Exception:  # no database or no table yet: build it
        return 0
    finally:
        engine.dispose()


def server_sql(statement: str) -> None:
    server = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(statement))
    server.dispose()


def build(engine: str, url: str, count: int) -> None:
    """Migrate and seed the database, unless it already holds `count` incidents."""
    have = incident_count(url)
    if have >= count:
        print(f"Reusing {url} ({have:,} incidents).")
        return
    if engine == "postgresql":
        server_sql(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        server_sql(f'CREATE DATABASE "{PG_NAME}"')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HINDSIGHT_ENV": "development",
        "SECRET_KEY": "bench-digests-not-secret",
    }
    subprocess.run([*FLASK, "db", "upgrade"], env=env, cwd=ROOT, check=True)  # noqa: S603
    seed = [*FLASK, "bench", "seed", "--incidents", str(count), "--seed", "1", "--end", END]
    clock = time.perf_counter()
    subprocess.run(seed, env=env, cwd=ROOT, check=True)  # noqa: S603
    print(f"Seeded in {time.perf_counter() - clock:.0f} s.")


class SqlTimer:
    """Add up the time of each distinct SQL statement while `on`."""

    def __init__(self, engine) -> None:
        self.on, self.totals = False, defaultdict(lambda: [0.0, 0])
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info["bench_clock"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.on:
            entry = self.totals[" ".join(statement.split())]
            entry[0] += time.perf_counter() - conn.info.pop("bench_clock")
            entry[1] += 1

    def report(self, label: str, top: int = 5) -> None:
        ranked = sorted(self.totals.items(), key=lambda item: -item[1][0])
        total = sum(seconds for seconds, _ in self.totals.values())
        count = len(self.totals)
        print(f"  heaviest SQL of one {label} ({count} statements, {total * 1e3:.0f} ms):")
        for statement, (seconds, calls) in ranked[:top]:
            print(f"    {seconds * 1e3:7.1f} ms x{calls}  {statement[:150]}")
        self.totals.clear()


def timed(label: str, work: Callable[[], object], runs: int) -> dict[str, float]:
    """Run `work` once to warm up, then `runs` times; print and return p50/p95/max in ms.

    The CPU-time median (this process only: not the PostgreSQL server's) says how much of the
    wall time was ours when the machine is busy.
    """
    work()
    times, cpu = [], []
    for _ in range(runs):
        clock, used = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - clock) * 1e3)
        cpu.append((time.process_time() - used) * 1e3)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    figures = {"p50": statistics.median(times), "p95": p95, "max": times[-1]}
    figures["cpu_p50"] = statistics.median(cpu)
    print(
        f"  {label:<44} p50 {figures['p50']:7.1f}  p95 {p95:7.1f}  max {times[-1]:7.1f}"
        f"  cpu p50 {figures['cpu_p50']:7.1f} ms"
    )
    return figures


def measure(app: Flask, week: IsoWeek, runs: int, profile: bool) -> None:
    """Time the digest and the insights for a synthetic member."""
    sql = SqlTimer(db.engine)
    member = db.session.scalar(select(User).where(User.email == directory.PEOPLE[0][0]))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = member.get_id(), True

    def digest() -> content.DigestContent:
        built = content.build(week=week, tz_name=TZ, viewer=member)
        assert len(built.charts) == 2
        return built

    def mail() -> None:
        email.compose(content=digest(), to=member.email, sender="h@x", base_url="https://h")

    def get(path: str, **args: str) -> None:
        response = client.get(path, query_string=args)
        assert response.status_code == 200, (path, response.status_code)

    def insights_all() -> None:
        get("/insights/", **YEAR)
        for name in CHARTS:
            get(f"/insights/charts/{name}.png", **YEAR)

    built = digest()
    print(
        f"  {week}: {len(built.reviews)} reviews published, {built.hidden} hidden, "
        f"{built.trend.total} incidents started, {built.actions.overdue:,} overdue actions"
    )
    # A fresh app context: a request context of its own would share `g`, and with it the
    # anonymous user flask-login caches there, with the test client's requests below.
    with app.app_context(), app.test_request_context():
        timed("digest: content.build + 2 charts", digest, runs)
        timed("digest: email.compose (as digest send)", mail, runs)
    timed(f"GET /digests/{week}", lambda: get(f"/digests/{week}"), runs)
    timed("GET /insights/ (52 weeks, HTML)", lambda: get("/insights/", **YEAR), runs)
    for name in CHARTS:
        timed(f"  chart {name}.png", lambda n=name: get(f"/insights/charts/{n}.png", **YEAR), runs)
    timed("GET /insights/ + all 7 charts, one after another", insights_all, max(3, runs // 3))
    with app.app_context(), app.test_request_context():
        sql.on = True
        digest()
        sql.on = False
    sql.report("digest build")
    sql.on = True
    insights_all()
    sql.on = False
    sql.report("insights page + charts")
    if profile:
        with app.app_context(), app.test_request_context():
            profiler = cProfile.Profile()
            profiler.runcall(digest)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--week", default="2026-W44")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--profile", action="store_true", help="cProfile one digest build")
    args = parser.parse_args()
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
    for engine in engines:
        url = database_url(engine, args.incidents)
        build(engine, url, args.incidents)
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "DIGEST_TIMEZONE": TZ, "BASE_URL": "https://h"}
        )
        print(f"\n{engine}, {args.incidents:,} incidents, load average {load()}")
        with app.app_context():
            measure(app, IsoWeek.parse(args.week), args.runs, args.profile)
            db.session.remove()
            db.engine.dispose()
        print(f"  load average after: {load()}")
        if engine == "postgresql" and not args.keep:
            server_sql(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
            print(f"  dropped {PG_NAME}")


if __name__ == "__main__":
    main()
