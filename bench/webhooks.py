"""Benchmark the webhook receivers: signed Alertmanager and GitHub deliveries under gunicorn.

    .venv/bin/python bench/webhooks.py                     # SQLite, then PostgreSQL; 20 s each
    .venv/bin/python bench/webhooks.py --engine sqlite --seconds 10 --clients 8 --workers 2

Each run makes a fresh database (a SQLite file, or a scratch PostgreSQL database next to
--pg-admin-url, dropped afterwards), migrates it, adds both integrations with `flask
integrations create`, serves the app with gunicorn on loopback, and lets client processes
post for the given time: new firing alerts, their resolutions, new GitHub deployments, their
statuses, and exact redeliveries. Then it counts rows: every key sent is stored exactly once.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import multiprocessing as mp
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = secrets.token_urlsafe(24)
STARTS = "2026-11-24T22:27:00Z"


def alert(client: int, n: int, resolved: bool) -> tuple[str, dict, dict[str, str], str]:
    """A one-alert Alertmanager notification, firing or resolved."""
    fingerprint = f"{client:04x}{n:012x}"
    item = {
        "status": "resolved" if resolved else "firing",
        "labels": {"alertname": "CheckoutLatencyHigh", "service": f"svc-{n % 20}", "n": str(n)},
        "annotations": {"summary": "p99 latency above 800 ms"},
        "startsAt": STARTS,
        "endsAt": "2026-11-24T22:41:00Z" if resolved else "0001-01-01T00:00:00Z",
        "fingerprint": fingerprint,
    }
    body = {"version": "4", "status": item["status"], "receiver": "hindsight", "alerts": [item]}
    key = f"{fingerprint}:2026-11-24T22:27:00+00:00"
    return "alertmanager", body, {"Authorization": f"Bearer {SECRET}"}, key


def deployment(client: int, n: int, state: str | None) -> tuple[str, dict, dict[str, str], str]:
    """A GitHub `deployment` event, or its `deployment_status` when `state` is given."""
    ident = client * 10_000_000 + n
    body: dict = {
        "deployment": {
            "id": ident,
            "sha": "9fceb02d0ae598e9",
            "ref": f"v1.{n}",
            "environment": "production",
            "created_at": "2026-11-24T22:18:00Z",
        },
        "repository": {"name": f"svc-{n % 20}", "html_url": "https://github.com/larkspur/x"},
    }
    if state:
        body["deployment_status"] = {"state": state, "created_at": "2026-11-24T22:21:00Z"}
    event = "deployment_status" if state else "deployment"
    return "github", body, {"X-GitHub-Event": event}, f"deployment:{ident}"


def plan(client: int, step: int) -> tuple[str, dict, dict[str, str], str]:
    """Every 10 deliveries: 4 new alerts, 1 resolution, 3 deploys, 1 status, 1 redelivery."""
    cycle, slot = divmod(step, 10)
    if slot < 5:
        return alert(client, cycle * 4 + min(slot, 3), resolved=slot == 4)
    if slot < 9:
        return deployment(client, cycle * 3 + min(slot - 5, 2), "success" if slot == 8 else None)
    return plan(client, step - 9)


def sign(source: str, body: bytes, headers: dict[str, str]) -> dict[str, str]:
    if source == "github":
        digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        headers = {**headers, "X-Hub-Signature-256": f"sha256={digest}"}
    return {"Content-Type": "application/json", **headers}


def client_loop(client: int, port: int, start: float, stop: float, out: mp.Queue) -> None:
    """Post deliveries one after another until `stop`; report latencies and stored keys."""
    latencies, answers, keys, step = [], {}, set(), 0
    time.sleep(max(0.0, start - time.time()))
    while time.time() < stop:
        source, payload, headers, key = plan(client, step)
        step += 1
        body = json.dumps(payload).encode()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        began = time.perf_counter()
        connection.request("POST", f"/hooks/{source}", body, sign(source, body, headers))
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - began)
        connection.close()
        answers[response.status] = answers.get(response.status, 0) + 1
        if response.status in (200, 202):
            keys.add(key)
    used = os.times()
    out.put((latencies, answers, keys, used.user + used.system))


def cpu_seconds(master: int) -> float:
    """Return the CPU time used so far by gunicorn's master and its workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for pid in [master, *map(int, children)]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env: dict[str, str], workers: int) -> tuple[subprocess.Popen, int]:
    """Migrate, add the integrations, start gunicorn; return it and its port once healthy."""
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*flask, "db", "upgrade"], **quiet, stderr=subprocess.DEVNULL)  # noqa: S603
    for source in ("alertmanager", "github"):
        subprocess.run([*flask, "integrations", "create", source, "--secret", SECRET], **quiet)  # noqa: S603
    port = free_port()
    command = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "wsgi:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not become healthy")


def run(url: str, args: argparse.Namespace) -> dict:
    # SQLite has one writer at a time: more workers than cores only queue on its lock.
    args.workers = args.workers or (2 if url.startswith("sqlite") else 4)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HINDSIGHT_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(32),
    }
    server, port = serve(env, args.workers)
    try:
        server_cpu = cpu_seconds(server.pid)
        out: mp.Queue = mp.Queue()
        start = time.time() + 1.0
        clients = [
            mp.Process(target=client_loop, args=(c, port, start, start + args.seconds, out))
            for c in range(args.clients)
        ]
        for process in clients:
            process.start()
        results = [out.get() for _ in clients]
        server_cpu = cpu_seconds(server.pid) - server_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    return count(url, args, results) | {"server_cpu": server_cpu}


def count(url: str, args: argparse.Namespace, results: list) -> dict:
    """Compare what was acknowledged with what is stored; compute throughput and latency."""
    latencies = sorted(t for r in results for t in r[0])
    answers: dict[int, int] = {}
    for result in results:
        for status, n in result[1].items():
            answers[status] = answers.get(status, 0) + n
    sent = set().union(*(r[2] for r in results))
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        query = "SELECT dedupe_key FROM alerts UNION ALL SELECT dedupe_key FROM deploys"
        stored = [row[0] for row in conn.execute(text(query))]
    engine.dispose()
    n = len(latencies)
    ms = lambda q: round(latencies[min(n - 1, int(q * n))] * 1000, 1)  # noqa: E731
    return {
        "deliveries": n,
        "per_second": round(n / args.seconds),
        "p50_ms": ms(0.50),
        "p95_ms": ms(0.95),
        "p99_ms": ms(0.99),
        "max_ms": ms(1.0),
        "answers": answers,
        "records": len(stored),
        "lost": len(sent - set(stored)),
        "duplicated": len(stored) - len(set(stored)),
        "unexpected": len(set(stored) - sent),
        "client_cpu": sum(r[3] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (default: 2 on SQLite, 4 on PostgreSQL)"
    )
    parser.add_argument("--pg-admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    chosen = args.workers
    for engine in ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]:
        args.workers = chosen
        if engine == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                figures = run(f"sqlite:///{tmp}/bench.sqlite3", args)
        else:
            admin_url = make_url(args.pg_admin_url).set(drivername="postgresql+psycopg")
            name = f"hindsight_bench_{os.getpid()}"
            admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                figures = run(admin_url.set(database=name).render_as_string(False), args)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        for side in ("server", "client"):
            figures[f"{side}_cpu_ms_per_delivery"] = round(
                figures.pop(f"{side}_cpu") * 1000 / figures["deliveries"], 2
            )
        figures |= {"engine": engine, "workers": args.workers, "clients": args.clients}
        figures["load_average_1m"] = round(os.getloadavg()[0], 1)
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
