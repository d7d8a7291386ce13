"""`flask demo load`: fill an empty database with the demo organisation."""

from __future__ import annotations

from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")
