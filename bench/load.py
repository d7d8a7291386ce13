"""Load: the incident page, list and search under 50 concurrent connections, behind gunicorn.

Starts gunicorn on loopback against an already seeded database, signs in once as a member,
then for each route runs 50 keep-alive connections (a small asyncio HTTP/1.1 client from the
standard library, so nothing to install) for --seconds after a short warm-up, and prints
requests/s, p50/p95/p99 latency and errors. `/healthz` is measured the same way, so the
ratio between a bare Flask route and the real pages is visible.

    createdb -h 127.0.0.1 -U postgres bench_load
    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_load
    export HINDSIGHT_ENV=production SECRET_KEY=bench-load-not-a-secret-0123456789
    .venv/bin/flask --app wsgi db upgrade
    .venv/bin/flask --app wsgi bench seed --incidents 5000 --end 2026-11-20
    .venv/bin/flask --app wsgi users create bench@example.com --name Bench --password '...'
    .venv/bin/python bench/load.py --email bench@example.com --password '...'

Target (issue 8): >= 200 requests/s with p99 < 250 ms and no errors on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["database failover", "certificate expired", "cache", "latency spike", "rollback"]


@dataclass
class Tally:
    """What one route's run saw."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def free_port() -> int:
    """Return a loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, workers: int, threads: int) -> subprocess.Popen:
    """Start gunicorn (gthread) on loopback with the environment's database; wait until up."""
    args = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        *("-k", "gthread", "-w", str(workers), "--threads", str(threads)),
        *("-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"),
    ]
    server = subprocess.Popen(args, cwd=ROOT, env=os.environ.copy())  # noqa: S603
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def sign_in(port: int, email: str, password: str) -> str:
    """Sign in through the real form (CSRF and all); return the session cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    response = conn.getresponse()
    cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.read().decode())
    form = {"email": email, "password": password, "csrf_token": token.group(1) if token else ""}
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", "/login", urllib.parse.urlencode(form), headers)
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"Could not sign in as {email} (HTTP {response.status}).")
    return (response.getheader("Set-Cookie") or cookie).split(";", 1)[0]


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (Content-Length or chunked); return its status."""
    status = int((await reader.readline()).split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status
    while size := int((await reader.readline()).split(b";")[0], 16):
        await reader.readexactly(size + 2)
    await reader.readline()
    return status


async def _connection(port: int, paths: list[str], cookie: str, until: float, tally: Tally):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n = 0
    try:
        while time.perf_counter() < until:
            path = paths[n % len(paths)]
            n += 1
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\r\n"
            clock = time.perf_counter()
            writer.write(request.encode())
            try:
                status = await _read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
                tally.error(type(error).__name__)
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            tally.latencies_ms.append((time.perf_counter() - clock) * 1000)
            if status != 200:
                tally.error(str(status))
    finally:
        writer.close()


async def _run(port: int, paths: list[str], cookie: str, connections: int, seconds: float):
    until = time.perf_counter() + seconds
    tally = Tally()
    await asyncio.gather(
        *(_connection(port, paths, cookie, until, tally) for _ in range(connections))
    )
    return tally


def measure(port: int, paths: list[str], cookie: str, args: argparse.Namespace) -> str:
    """Warm up, then load one route; return its row of the results table."""
    asyncio.run(_run(port, paths, cookie, args.connections, args.warmup))
    clock = time.perf_counter()
    tally = asyncio.run(_run(port, paths, cookie, args.connections, args.seconds))
    elapsed = time.perf_counter() - clock
    cuts = statistics.quantiles(tally.latencies_ms, n=100) if len(tally.latencies_ms) > 1 else []
    p50, p95, p99 = (cuts[i] for i in (49, 94, 98)) if cuts else (0.0, 0.0, 0.0)
    errors = ", ".join(f"{k} x{v}" for k, v in tally.errors.items()) or "0"
    rate = len(tally.latencies_ms) / elapsed
    return f"| {rate:,.0f} | {p50:.0f} ms | {p95:.0f} ms | {p99:.0f} ms | {errors} |"


WRK_SCRIPT = """
local paths = {%s}
i, bad = 0, 0  -- globals, so done() can read them with thread:get
local threads = {}
wrk.headers["Cookie"] = "%s"
function setup(thread) table.insert(threads, thread) end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local not200 = 0
  for _, t in ipairs(threads) do not200 = not200 + t:get("bad") end
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%f %%f %%f %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, not200))
end
"""


def measure_wrk(port: int, paths: list[str], cookie: str, args: argparse.Namespace) -> str:
    """Like `measure`, with wrk (one thread) as the load generator; return the table row."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(WRK_SCRIPT % (", ".join(f'"{p}"' for p in paths), cookie))
    lua = Path(file.name)
    try:
        for seconds in (args.warmup, args.seconds):
            command = ["wrk", "-t1", f"-c{args.connections}", f"-d{seconds:g}s", "--timeout", "10s"]
            run = subprocess.run(  # noqa: S603
                [*command, "-s", str(lua), f"http://127.0.0.1:{port}"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
    finally:
        lua.unlink()
    line = next(x for x in run.stdout.splitlines() if x.startswith("RESULT "))
    done, micros, p50, p95, p99, broken, not200 = (float(x) for x in line.split()[1:])
    errors = ", ".join(
        f"{what} x{n:.0f}" for what, n in (("socket", broken), ("not 200", not200)) if n
    )
    rate = done / (micros / 1e6)
    return (
        f"| {rate:,.0f} | {p50 / 1000:.0f} ms | {p95 / 1000:.0f} ms | {p99 / 1000:.0f} ms "
        f"| {errors or '0'} |"
    )


def visible_refs(port: int, cookie: str, pages: int = 10) -> list[str]:
    """Collect the references the signed-in member may open, from the first list pages."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    refs: list[str] = []
    for number in range(1, pages + 1):
        conn.request("GET", f"/incidents/?page={number}", headers={"Cookie": cookie})
        page = conn.getresponse().read().decode()
        refs += re.findall(r'href="/incidents/([A-Z]+-\d+)"', page)
    return list(dict.fromkeys(refs))


def routes(refs: list[str]) -> dict[str, list[str]]:
    """Return the addresses each route cycles through."""
    return {
        "`/healthz` (bare Flask route)": ["/healthz"],
        "incident page `/incidents/<ref>`": [f"/incidents/{ref}" for ref in refs],
        # The ten newest: pages read again and again, so their similar block is cached.
        "incident page, 10 newest only": [f"/incidents/{ref}" for ref in refs[:10]],
        "incident list `/incidents/?page=N`": [f"/incidents/?page={n}" for n in range(1, 11)],
        "search `/search?q=...`": ["/search?" + urllib.parse.urlencode({"q": q}) for q in QUERIES],
    }


def main() -> None:
    """Run every route and print a Markdown table of the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--only", help="Measure only routes whose name contains this.")
    parser.add_argument(
        "--client",
        choices=("asyncio", "wrk"),
        default="asyncio",
        help="Load generator: the built-in asyncio client, or wrk (apt-get install wrk).",
    )
    args = parser.parse_args()

    port = free_port()
    server = serve(port, args.workers, args.threads)
    try:
        cookie = sign_in(port, args.email, args.password)
        engine = (os.environ.get("DATABASE_URL") or "sqlite").split(":", 1)[0]
        print(
            f"gunicorn -k gthread -w {args.workers} --threads {args.threads}; {engine}; "
            f"client {args.client}"
        )
        print(f"{args.connections} connections, {args.seconds:g} s per route; load {_load()}")
        print("| route | req/s | p50 | p95 | p99 | errors |\n| --- | --- | --- | --- | --- | --- |")
        for name, paths in routes(visible_refs(port, cookie)).items():
            if args.only and args.only not in name:
                continue
            run = measure_wrk if args.client == "wrk" else measure
            print(f"| {name} {run(port, paths, cookie, args)}", flush=True)
        print(f"load average after: {_load()}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
