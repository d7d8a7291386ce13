"""What happened to each file, said the same way on the command line and on the web."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

OUTCOMES = ("imported", "updated", "skipped", "failed")


@dataclass
class FileReport:
    """The outcome for one file: imported, updated, skipped (unchanged) or failed (with why)."""

    name: str
    outcome: str
    ref: str | None = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    reason: str | None = None

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"


def line(report: FileReport) -> str:
    """Say in one line what happened to a file."""
    if report.failed:
        return f"failed    {report.name}: {report.reason}"
    return f"{report.outcome:<9} {report.name} -> {report.ref} {report.title}"


def summary(reports: list[FileReport], *, dry_run: bool = False) -> str:
    """Count the outcomes and warnings of a batch in one line."""
    counts = Counter(r.outcome for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    files = f"{len(reports)} file{'s' if len(reports) != 1 else ''}"
    parts = ", ".join(f"{counts[o]} {o}" for o in OUTCOMES)
    tail = "; dry run: nothing was written" if dry_run else ""
    return f"{files}: {parts}; {warnings} warning{'s' if warnings != 1 else ''}{tail}."
