"""Search speed at scale: the API over HTTP, `search()` in process, the raw SQL, and indexing.

For each kind of query it times, per search:
  - API: `GET /api/v1/search` through gunicorn on loopback, bearer token, JSON parsed;
  - search(): `app.search.queries.search` in an app context (no HTTP, no JSON);
  - DB: the SQL statements that search() sent, replayed on the DBAPI connection and fetched,
    so `API / DB` is what the application adds on top of the database's own work.
Then `reindex(incident)` + flush over 200 reviews, and optionally a full `reindex_all`.

    .venv/bin/python bench/search_speed.py --incidents 100000 --engine sqlite
    .venv/bin/python bench/search_speed.py --incidents 100000 --engine postgresql \\
        --pg-database bench_search --reindex-all

The database is built once with `flask bench seed` and reused while it holds N incidents:
SQLite in /tmp/hindsight-bench/search_sqlite_N.sqlite3, PostgreSQL in the database named by
--pg-database (default hs_search_speed_N; --drop drops it when done). Searches run as a
member (not an admin), so the visibility rule is part of every query.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.queries import user_by_email  # noqa: E402
from app.accounts.tokens import create_token  # noqa: E402
from app.extensions import db  # noqa: E402
from app.incidents.models import Incident  # noqa: E402
from app.search import index  # noqa: E402
from app.search.queries import SearchParams, search  # noqa: E402

WORK = Path("/tmp/hindsight-bench")  # noqa: S108 - a scratch place, reused between runs
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/"
VIEWER, PASSWORD = "bench-speed@example.com", "bench-Speed-4471-pw"
FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi"]

SHORT = [
    "database",
    "failover",
    "disk full",
    "certificate expired",
    "connection pool exhausted",
    "cache stampede after restart",
    "dns resolution",
    "deploy rollback latency",
    "memory leak",
    "queue backlog consumers",
    "rate limit",
    "replication lag primary",
]
LONG = [  # eight words each
    "database failover during deploy caused elevated error rates",
    "expired tls certificate took down the public api",
    "cache stampede after restart overloaded the primary database",
    "connection pool exhausted when traffic spiked after release",
    "config change rolled out globally broke dns resolution",
    "disk filled up on the queue brokers overnight",
]


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "HINDSIGHT_ENV": "development",
        "SECRET_KEY": "bench-search-speed-not-secret",
    }


def database_url(engine: str, count: int, pg_database: str | None) -> str:
    if engine == "sqlite":
        WORK.mkdir(exist_ok=True)
        return f"sqlite:///{WORK}/search_sqlite_{count}.sqlite3"
    return f"{PG_SERVER}{pg_database or f'hs_search_speed_{count}'}"


def incident_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    except Exception:  # no database or no table yet: build it
        return 0
    finally:
        engine.dispose()


def build(engine: str, url: str, count: int) -> None:
    """Seed N incidents unless the database already holds them; always upgrade the schema."""
    env = environment(url)
    have = incident_count(url)
    if have < count:
        if engine == "postgresql":
            server = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT")
            with server.connect() as conn:
                name = url.rsplit("/", 1)[1]
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            server.dispose()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    subprocess.run([*FLASK, "db", "upgrade"], env=env, cwd=ROOT, check=True)  # noqa: S603
    if have < count:
        seed = [*FLASK, "bench", "seed", "--incidents", str(count), "--seed", "1"]
        subprocess.run(seed, env=env, cwd=ROOT, check=True)  # noqa: S603
    else:
        print(f"Reusing {url} ({have:,} incidents).")


def viewer_token(app) -> str:
    """Make sure the benchmark member exists; return a fresh API token for them."""
    made = subprocess.run(  # noqa: S603
        [*FLASK, "users", "create", VIEWER, "--name", "Speed", "--password", PASSWORD],
        env=environment(app.config["SQLALCHEMY_DATABASE_URI"]),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if made.returncode != 0 and "already" not in (made.stdout + made.stderr).lower():
        print(made.stdout, made.stderr)
    with app.app_context():
        _, token = create_token(user=user_by_email(VIEWER), name="search speed")
        db.session.commit()
        db.session.remove()
    return token


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def workload(app) -> dict[str, list[SearchParams]]:
    """1-4 word queries; 8-word queries alone and with the most common severity and service."""
    with app.app_context():
        facets = search(user_by_email(VIEWER), SearchParams(q="database")).facets
        db.session.remove()
    severity = next(iter(facets["severity"]), "")
    service = next(iter(facets["service"]), "")
    return {
        "1-4 words": [SearchParams(q=q) for q in SHORT],
        "8 words": [SearchParams(q=q) for q in LONG],
        "8 words + 2 filters": [
            SearchParams(q=q, severity=severity, service=service) for q in LONG
        ],
    }


class Recorder:
    """Collect the SQL statements (and parameters) a block of code sends."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, object]] = []
        self.on = False

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.on:
            self.statements.append((statement, parameters))


def in_process(app, params: list[SearchParams], n: int) -> tuple[list[float], list[float], int]:
    """Time search() n times; return those times, the replayed SQL times and mean total."""
    recorder = Recorder()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", recorder)
        viewer = user_by_email(VIEWER)
        recorded = []
        for p in params:  # warm the caches once, and record each search's SQL
            recorder.statements, recorder.on = [], True
            search(viewer, p)
            recorder.on = False
            recorded.append(list(recorder.statements))
            db.session.rollback()
        times, totals = [], 0
        for p in itertools.islice(itertools.cycle(params), n):
            clock = time.perf_counter()
            result = search(viewer, p)
            times.append((time.perf_counter() - clock) * 1000)
            totals += result.total
            db.session.rollback()
        event.remove(db.engine, "before_cursor_execute", recorder)
        raw = []
        connection = db.engine.raw_connection()
        try:
            for statements in itertools.islice(itertools.cycle(recorded), n):
                cursor = connection.cursor()
                clock = time.perf_counter()
                for statement, parameters in statements:
                    cursor.execute(statement, parameters)
                    if cursor.description is not None:
                        cursor.fetchall()
                raw.append((time.perf_counter() - clock) * 1000)
                cursor.close()
                connection.rollback()
        finally:
            connection.close()
        db.session.remove()
    return times, raw, totals // max(n, 1)


def address(p: SearchParams) -> str:
    args = {"q": p.q, "severity": p.severity, "service": p.service}
    return "/api/v1/search?" + urllib.parse.urlencode({k: v for k, v in args.items() if v})


def api_times(port: int, token: str, params: list[SearchParams], n: int) -> list[float]:
    def get(p: SearchParams) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{address(p)}", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            assert response.status == 200, response.status
            return json.loads(response.read())

    for p in params:
        get(p)
    times = []
    for p in itertools.islice(itertools.cycle(params), n):
        clock = time.perf_counter()
        get(p)
        times.append((time.perf_counter() - clock) * 1000)
    return times


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    args = [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]
    server = subprocess.Popen(args, env=environment(url), cwd=ROOT)  # noqa: S603
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def index_cost(app, n: int) -> list[float]:
    """Time `reindex(incident)` plus its flush for n incidents spread over the table.

    The incident and its parts are loaded first, as they are when a service saves an edit.
    """
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Incident))
        step = max(total // n, 1)
        ids = db.session.scalars(select(Incident.id).order_by(Incident.id)).all()[::step][:n]
        times = []
        for incident_id in ids:
            incident = db.session.get(Incident, incident_id)
            for part in ("services", "tags", "timeline", "factors", "actions", "team"):
                getattr(incident, part)
            clock = time.perf_counter()
            index.reindex(incident)
            db.session.flush()
            times.append((time.perf_counter() - clock) * 1000)
            db.session.commit()
        db.session.remove()
    return times


def full_reindex(app) -> tuple[int, float]:
    with app.app_context():
        clock = time.perf_counter()
        done = index.reindex_all(batch=1000)
        db.session.commit()
        seconds = time.perf_counter() - clock
        db.session.remove()
    return done, seconds


def loads() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(engine: str, args: argparse.Namespace) -> None:
    url = database_url(engine, args.incidents, args.pg_database)
    build(engine, url, args.incidents)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    token = viewer_token(app)
    kinds = workload(app)
    print(f"\n{engine}, {incident_count(url):,} incidents, {args.requests} runs per row")
    print(f"load average before: {loads()}")
    rows = []
    server, port = serve(url)
    try:
        for kind, params in kinds.items():
            api = api_times(port, token, params, args.requests)
            local, raw, hits = in_process(app, params, args.requests)
            rows.append((kind, api, local, raw, hits))
    finally:
        server.terminate()
        server.wait()
    print(f"load average after searches: {loads()}")
    print("\n| engine | queries | API p50 | API p95 | search() p50 | DB p50 | DB p95 "
          "| API/DB p50 | mean total |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind, api, local, raw, hits in rows:
        print(
            f"| {engine} | {kind} | {pct(api, 50):.1f} ms | {pct(api, 95):.1f} ms "
            f"| {pct(local, 50):.1f} ms | {pct(raw, 50):.1f} ms | {pct(raw, 95):.1f} ms "
            f"| {pct(api, 50) / pct(raw, 50):.2f}x | {hits:,} |"
        )
    cost = index_cost(app, 200)
    print(
        f"\nreindex(incident) + flush over {len(cost)} incidents: mean {statistics.mean(cost):.2f}"
        f" ms, p50 {pct(cost, 50):.2f} ms, p95 {pct(cost, 95):.2f} ms"
    )
    if args.reindex_all:
        done, seconds = full_reindex(app)
        print(f"reindex_all: {done:,} incidents in {seconds:.1f} s")
    print(f"load average after: {loads()}")
    with app.app_context():
        db.engine.dispose()
    if args.drop and engine == "postgresql":
        server_engine = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT")
        with server_engine.connect() as conn:
            name = url.rsplit("/", 1)[1]
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server_engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-database", help="PostgreSQL database to build or reuse.")
    parser.add_argument("--requests", type=int, default=200, help="Per query kind and path.")
    parser.add_argument("--reindex-all", action="store_true", help="Also time a full reindex.")
    parser.add_argument("--drop", action="store_true", help="Drop the PostgreSQL database after.")
    args = parser.parse_args()
    for engine in ("sqlite", "postgresql") if args.engine == "both" else (args.engine,):
        run(engine, args)


if __name__ == "__main__":
    main()
