"""Helpers for import tests: Markdown files written on the fly, and the shared corpus."""

from __future__ import annotations

import os
from pathlib import Path
from textwrap import dedent

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The public postmortem collection lives next to the project, not in it (GPL-3.0 data).
_CANDIDATES = [ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")]
CORPUS = Path(
    os.environ.get("HINDSIGHT_CORPUS")
    or next((c for c in _CANDIDATES if c.is_dir()), _CANDIDATES[0])
)
ICCO = CORPUS / "icco-postmortems"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a file under `folder`, dedenting text so tests can indent it."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def icco() -> Path:
    if not ICCO.is_dir():
        # CI always has ../shared beside the clone: there a missing corpus is a failure.
        message = f"the icco corpus is not at {ICCO} (set HINDSIGHT_CORPUS)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return ICCO
