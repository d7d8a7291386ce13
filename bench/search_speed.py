"""Search speed at scale: raw `search()` time, the HTML page over HTTP, and indexing cost.

There is no `GET /api/v1/search` yet, so the HTTP figures are for the search page
`GET /search?q=...` (same `search()` call, plus facets rendered into HTML), served by gunicorn
on loopback with 2 workers and a signed-in session.

    .venv/bin/python bench/search_speed.py --incidents 100000 --engine sqlite
    .venv/bin/python bench/search_speed.py --incidents 100000 --engine postgresql

The database is built once with `flask bench seed` and reused while it holds N incidents:
SQLite in /tmp/hindsight-bench/search_sqlite_N.sqlite3, PostgreSQL in the scratch database
hs_search_speed_N (dropped with --drop when done).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.queries import user_by_email  # noqa: E402
from app.extensions import db  # noqa: E402
from app.incidents.models import Incident  # noqa: E402
from app.search import index  # noqa: E402
from app.search.queries import SearchParams, search  # noqa: E402

WORK = Path("/tmp/hindsight-bench")  # noqa: S108 - a scratch place, reused between runs
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/"
ADMIN, PASSWORD = "bench-speed@example.com", "bench-Speed-4471-pw"
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
LONG = [
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


def database_url(engine: str, count: int) -> str:
    if engine == "sqlite":
        WORK.mkdir(exist_ok=True)
        return f"sqlite:///{WORK}/search_sqlite_{count}.sqlite3"
    return f"{PG_SERVER}hs_search_speed_{count}"


def incident_count(url: str) -> int:
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    except Exception:  # no database or no table yet: build it
        return 0
    finally:
        engine.dispose()


def build(engine: str, url: str, count: int) -> None:
    have = incident_count(url)
    if have >= count:
        print(f"Reusing {url} ({have:,} incidents).")
        return
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
    env = environment(url)
    subprocess.run([*FLASK, "db", "upgrade"], env=env, cwd=ROOT, check=True)  # noqa: S603
    seed = [*FLASK, "bench", "seed", "--incidents", str(count), "--seed", "1"]
    subprocess.run(seed, env=env, cwd=ROOT, check=True)  # noqa: S603


def ensure_admin(url: str) -> None:
    env = environment(url)
    made = subprocess.run(  # noqa: S603
        [*FLASK, "users", "create", ADMIN, "--name", "Speed", "--password", PASSWORD, "--admin"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if made.returncode != 0 and "already" not in (made.stdout + made.stderr).lower():
        print(made.stdout, made.stderr)


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def workload(app) -> dict[str, list[SearchParams]]:
    """Short queries plain; 8-word queries with the most common severity and service facets."""
    with app.app_context():
        admin = user_by_email(ADMIN)
        facets = search(admin, SearchParams(q="database")).facets
        severity = next(iter(facets["severity"]), "")
        service = next(iter(facets["service"]), "")
        db.session.remove()
    return {
        "1-4 words": [SearchParams(q=q) for q in SHORT],
        "8 words + facets": [SearchParams(q=q, severity=severity, service=service) for q in LONG],
    }


def raw_times(app, params: list[SearchParams], n: int) -> tuple[list[float], int]:
    with app.app_context():
        admin = user_by_email(ADMIN)
        for p in params:  # warm the caches once
            search(admin, p)
        times, hits = [], 0
        for p in itertools.islice(itertools.cycle(params), n):
            clock = time.perf_counter()
            result = search(admin, p)
            times.append((time.perf_counter() - clock) * 1000)
            hits += result.total
            db.session.rollback()
        db.session.remove()
    return times, hits // max(n, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """Keep-alive HTTP/1.1 with a cookie jar of one site."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")

    def sign_in(self) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        form = {"email": ADMIN, "password": PASSWORD, "csrf_token": token.group(1) if token else ""}
        status, _ = self.request("POST", "/login", urllib.parse.urlencode(form))
        if status != 302:
            raise SystemExit(f"Could not sign in (HTTP {status}).")


def address(p: SearchParams) -> str:
    args = {"q": p.q, "severity": p.severity, "service": p.service}
    return "/search?" + urllib.parse.urlencode({k: v for k, v in args.items() if v})


def http_times(port: int, params: list[SearchParams], n: int) -> list[float]:
    client = Client(port)
    client.sign_in()
    for p in params:
        status, _ = client.request("GET", address(p))
        assert status == 200, status
    times = []
    for p in itertools.islice(itertools.cycle(params), n):
        clock = time.perf_counter()
        status, _ = client.request("GET", address(p))
        times.append((time.perf_counter() - clock) * 1000)
        assert status == 200, status
    return times


def serve(url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    args = [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]
    server = subprocess.Popen(args, env=environment(url), cwd=ROOT)  # noqa: S603
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def index_cost(app, n: int) -> list[float]:
    """Time `reindex(incident)` plus its flush for n incidents spread over the table."""
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Incident))
        step = max(total // n, 1)
        ids = db.session.scalars(select(Incident.id).order_by(Incident.id)).all()[::step][:n]
        times = []
        for incident_id in ids:
            incident = db.session.get(Incident, incident_id)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--requests", type=int, default=200, help="Per query kind and path.")
    parser.add_argument("--no-reindex-all", action="store_true", help="Skip the full reindex.")
    parser.add_argument("--drop", action="store_true", help="Drop the PostgreSQL database after.")
    args = parser.parse_args()
    url = database_url(args.engine, args.incidents)
    build(args.engine, url, args.incidents)
    ensure_admin(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    kinds = workload(app)
    print(f"\n{args.engine}, {incident_count(url):,} incidents, {args.requests} runs per row")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = []
    server, port = serve(url)
    try:
        for kind, params in kinds.items():
            raw, hits = raw_times(app, params, args.requests)
            page = http_times(port, params, args.requests)
            rows.append((kind, raw, page, hits))
    finally:
        server.terminate()
        server.wait()
    print("\n| queries | raw p50 | raw p95 | page p50 | page p95 | page/raw p50 | mean total |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for kind, raw, page, hits in rows:
        r50, r95, h50, h95 = pct(raw, 50), pct(raw, 95), pct(page, 50), pct(page, 95)
        print(
            f"| {kind} | {r50:.1f} ms | {r95:.1f} ms | {h50:.1f} ms | {h95:.1f} ms "
            f"| {h50 / r50:.2f}x | {hits:,} |"
        )
    cost = index_cost(app, 200)
    print(
        f"\nreindex(incident) + flush over {len(cost)} incidents: mean {statistics.mean(cost):.2f}"
        f" ms, p50 {pct(cost, 50):.2f} ms, p95 {pct(cost, 95):.2f} ms"
    )
    if not args.no_reindex_all:
        done, seconds = full_reindex(app)
        print(f"reindex_all: {done:,} incidents in {seconds:.1f} s")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.drop and args.engine == "postgresql":
        with app.app_context():
            db.engine.dispose()
        server_engine = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT")
        with server_engine.connect() as conn:
            name = url.rsplit("/", 1)[1]
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server_engine.dispose()


if __name__ == "__main__":
    main()
