"""`flask digest send`: the weekly job for cron or a Kubernetes CronJob; safe to run twice."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup

from app.clock import utcnow
from app.config import ConfigError
from app.digests import job, settings
from app.digests.weeks import BadWeek, IsoWeek

digest_cli = AppGroup("digest", help="The weekly learning digest.")

SAYS = {"sent": "sent", "already sent": "already had it", "failed": "FAILED", "busy": "skipped"}


@digest_cli.command("send")
@click.option("--week", "week_text", metavar="YYYY-Www", help="Default: the last week that ended.")
@click.option("--dry-run", is_flag=True, help="Say who would get what; send and record nothing.")
def send(week_text: str | None, dry_run: bool) -> None:
    """Email a week's digest to everyone who does not have it yet."""
    try:
        tz_name = settings.timezone()
        week = IsoWeek.parse(week_text) if week_text else IsoWeek.last_complete(utcnow(), tz_name)
    except (BadWeek, ConfigError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Digest {week} ({week.label}, {tz_name}){' - dry run' if dry_run else ''}")
    try:
        report = job.send_week(week=week, dry_run=dry_run, progress=_counter())
    except job.CannotSend as error:
        raise click.ClickException(error.message) from error
    for address in report.invalid:
        click.echo(f"  ignored {address!r} in DIGEST_RECIPIENTS: not an email address", err=True)
    _summary(report, dry_run)


def _counter() -> Callable[[job.Outcome, int], None]:
    """Return a callback that shows each recipient as it is done, counted: [3/40]."""
    done = 0

    def show(outcome: job.Outcome, total: int) -> None:
        nonlocal done
        done += 1
        said = SAYS.get(outcome.status, outcome.status)
        detail = f" ({outcome.detail})" if outcome.detail else ""
        click.echo(f"  [{done}/{total}] {outcome.email}: {said}{detail}")

    return show


def _summary(report: job.Report, dry_run: bool) -> None:
    total = len(report.outcomes)
    if dry_run:
        click.echo(f"Dry run: {total} recipient(s) would get the digest; nothing was sent.")
        return
    if not total:
        click.echo(
            "No recipients: members subscribe on their profile; admins set DIGEST_RECIPIENTS."
        )
        return
    failed, busy = report.count("failed"), report.count("busy")
    click.echo(
        f"Sent {report.count('sent')}, {report.count('already sent')} already had it, "
        f"{failed} failed, {busy} skipped."
    )
    if failed or busy:
        raise click.ClickException(
            f"{failed + busy} recipient(s) still miss the digest; run the command again to retry."
        )
