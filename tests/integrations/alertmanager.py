"""Run the real Prometheus Alertmanager on loopback and talk to it through its own API.

Shared by tests/integrations (firing then resolved as one record) and tests/browser (the
"Done when" walk). A missing binary fails loudly with how to install it: these tests never skip.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BINARY = Path(os.environ.get("HINDSIGHT_ALERTMANAGER", "/usr/bin/prometheus-alertmanager"))
WAIT = 30.0
# Group quickly and repeat often, so a test sees notifications within seconds.
ROUTE = """route:
  receiver: hindsight
  group_by: ['alertname', 'service']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
"""


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, payload: object | None = None) -> int:
    """GET `url`, or POST `payload` to it as JSON; return the status."""
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 - a loopback http:// address we built
        url, data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - same
        return response.status


def wait_for(check: Callable[[], bool], what: str, log: Path | None = None) -> None:
    """Poll `check` until it holds; fail after WAIT seconds, with the log's tail if given."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    pytest.fail(f"Timed out after {WAIT:.0f} s waiting for {what}.\n{tail}", pytrace=False)


def prometheus_alert(
    starts: dt.datetime, ends: dt.datetime | None = None, *, service: str = "checkout"
) -> dict[str, object]:
    """An alert as Prometheus posts it to Alertmanager's API v2 (resolved when `ends` is given)."""
    alert: dict[str, object] = {
        "labels": {
            "alertname": "CheckoutErrorRateHigh",
            "service": service,
            "env": "prod",
            "severity": "page",
        },
        "annotations": {"summary": "5xx ratio above 5% for 5 minutes"},
        "startsAt": _zulu(starts),
        "generatorURL": "http://prometheus.invalid/graph?g0.expr=errors",
    }
    if ends is not None:
        alert["endsAt"] = _zulu(ends)
    return alert


def _zulu(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _ready(address: str) -> bool:
    try:
        return call(f"{address}/-/ready") == 200
    except (urllib.error.URLError, ConnectionError):
        return False


def require_binary() -> None:
    """Fail (never skip) with installation advice when the Alertmanager binary is missing."""
    if not BINARY.is_file():
        pytest.fail(
            f"Prometheus Alertmanager not found at {BINARY}. This test runs the real one: "
            "install the Debian package (bash .ci/system-deps, or apt-get install "
            "prometheus-alertmanager), or point HINDSIGHT_ALERTMANAGER at the binary.",
            pytrace=False,
        )


@contextmanager
def running(config: str, workdir: Path) -> Iterator[str]:
    """Run Alertmanager with this alertmanager.yml text on a free loopback port; yield its URL.

    Its log goes to workdir/alertmanager.log and is shown if it does not become ready.
    """
    require_binary()
    workdir.mkdir(parents=True, exist_ok=True)
    config_file, log = workdir / "alertmanager.yml", workdir / "alertmanager.log"
    config_file.write_text(config)
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - a fixed binary with our own arguments
            [
                str(BINARY),
                f"--config.file={config_file}",
                f"--storage.path={workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
                "--log.level=debug",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        address = f"http://127.0.0.1:{port}"
        wait_for(lambda: _ready(address), "Alertmanager to start", log)
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
