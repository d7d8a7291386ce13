"""`flask bench seed`: synthetic, realistic reviews in bulk, for benchmarks."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import time
from collections import Counter

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.extensions import db
from app.incidents.models import Incident
from app.seed import bulk
from app.seed.generate import Generator

bench_cli = AppGroup("bench", help="Benchmark data.")


@bench_cli.command("seed")
@click.option("--incidents", "count", type=click.IntRange(min=1), required=True, help="How many.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same reviews.")
@click.option("--batch", type=click.IntRange(1, 10_000), default=1000, show_default=True)
@click.option(
    "--end",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day the three years of incidents end [default: today, UTC].",
)
def seed(count: int, seed: int, batch: int, end: dt.datetime | None) -> None:
    """Add N synthetic reviews (refs BENCH-000001 on), fast, the same for the same seed."""
    clock = time.perf_counter()
    ids = bulk.prepare_directory()
    first = bulk.first_number()
    day = (end.date() if end else dt.datetime.now(dt.UTC).date()) + dt.timedelta(days=1)
    generator = Generator(seed=seed, total=count, end=_midnight(day), ids=ids)
    db.session.commit()
    totals: Counter[str] = Counter()
    with click.progressbar(length=count, label=f"Seeding {count:,} incidents") as bar:
        for start in range(0, count, batch):
            numbers = range(start, min(start + batch, count))
            totals.update(bulk.write([generator.make(i, bulk.ref(first + i)) for i in numbers]))
            db.session.commit()  # one batch at a time: memory stays flat, progress is kept
            bar.update(len(numbers))
    seconds = time.perf_counter() - clock
    rows = sum(totals.values())
    refs = f"{bulk.ref(first)} to {bulk.ref(first + count - 1)}"
    parts = ", ".join(f"{totals[k]:,} {k}" for k in totals if k != "incidents")
    click.echo(f"Seeded {totals['incidents']:,} incidents ({refs}): {parts}.")
    click.echo(f"{rows:,} rows in {seconds:.1f} s ({rows / max(seconds, 1e-9):,.0f} rows/s).")
    _reindex(totals["incidents"])


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _reindex(added: int) -> None:
    """Rebuild the search index if search exists: the bulk insert went around the services."""
    if not (
        importlib.util.find_spec("app.search") and importlib.util.find_spec("app.search.index")
    ):
        click.echo("Note: search is not installed yet (app.search.index); nothing to reindex.")
        return
    reindex_all = importlib.import_module("app.search.index").reindex_all
    clock = time.perf_counter()
    total = db.session.scalar(select(func.count()).select_from(Incident)) or added
    with click.progressbar(length=total, label="Rebuilding the search index") as bar:
        indexed = reindex_all(progress=bar.update, batch=1000)
    db.session.commit()
    seconds = time.perf_counter() - clock
    click.echo(f"Search index rebuilt: {indexed:,} incidents in {seconds:.1f} s.")
