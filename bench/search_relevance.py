"""Search relevance on the imported icco corpus, on SQLite and PostgreSQL.

Builds a fresh database per backend (a temp SQLite file; a scratch PostgreSQL database that is
dropped afterwards), runs the migrations, creates an admin, imports the corpus with
`flask import markdown`, then runs every query of `bench/search_queries.yaml` through
`app.search.queries.search` and reports top-1, top-5 and mean reciprocal rank, with the misses.

    .venv/bin/python bench/search_relevance.py
    .venv/bin/python bench/search_relevance.py --engine sqlite --show 3
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.queries import user_by_email  # noqa: E402
from app.extensions import db  # noqa: E402
from app.incidents.models import Incident  # noqa: E402
from app.search.queries import SearchParams, search  # noqa: E402

CORPUS = Path("/work/shared/corpus/icco-postmortems")
QUERIES = ROOT / "bench" / "search_queries.yaml"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/"
ADMIN = "bench-admin@example.com"
DEPTH = 100  # ranks past this count as "not found"


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text())["queries"]


def run_backend(url: str, queries: list[dict], show: int) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        runner = app.test_cli_runner()
        made = runner.invoke(
            args=[
                "users",
                "create",
                ADMIN,
                "--name",
                "Bench",
                "--password",
                "bench-Relevance-9127",
                "--admin",
            ]
        )
        assert made.exit_code == 0, made.output
        clock = time.perf_counter()
        imported = runner.invoke(args=["import", "markdown", str(CORPUS), "--owner", ADMIN])
        seconds = time.perf_counter() - clock
        summary = imported.output.strip().splitlines()[-1] if imported.output else ""
        admin = user_by_email(ADMIN)
        refs = dict(db.session.execute(select(Incident.ref, Incident.import_id)).all())
        results = []
        for item in queries:
            found = search(admin, SearchParams(q=item["q"], per_page=DEPTH))
            ids = [refs.get(hit.ref) for hit in found.hits]
            rank = ids.index(item["target"]) + 1 if item["target"] in ids else None
            results.append({**item, "rank": rank, "top": [h.title for h in found.hits[:show]]})
        db.session.remove()
        db.engine.dispose()
    return {"results": results, "imported": summary, "import_s": seconds, "count": len(refs)}


def report(name: str, out: dict, show: int) -> None:
    results = out["results"]
    n = len(results)
    top1 = sum(1 for r in results if r["rank"] == 1)
    top5 = sum(1 for r in results if r["rank"] and r["rank"] <= 5)
    mrr = sum(1 / r["rank"] for r in results if r["rank"]) / n
    print(f"\n== {name}: {out['count']} incidents imported in {out['import_s']:.1f} s")
    print(f"   import: {out['imported']}")
    print(f"   top 1: {top1}/{n}   top 5: {top5}/{n}   MRR: {mrr:.3f}")
    for r in results:
        if r["rank"] != 1 or show:
            rank = r["rank"] if r["rank"] else f">{DEPTH} / not matched"
            flag = "MISS" if not r["rank"] or r["rank"] > 5 else "    "
            print(f"   {flag} rank {rank}: {r['q']!r} ({r['note']})")
            for title in r["top"]:
                print(f"          - {title}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--show", type=int, default=0, help="Print the top N titles per query.")
    args = parser.parse_args()
    queries = load_queries()
    print(f"{len(queries)} queries from {QUERIES.relative_to(ROOT)}; corpus {CORPUS}")
    if args.engine in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/relevance.sqlite3"
            report("SQLite", run_backend(url, queries, args.show), args.show)
    if args.engine in ("postgresql", "both"):
        name = f"hs_relevance_{os.getpid()}"
        server = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            report("PostgreSQL", run_backend(PG_SERVER + name, queries, args.show), args.show)
        finally:
            with server.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            server.dispose()
    print(f"\nload average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
