"""The weekly learning digest, as data."""

from __future__ import annotations

from app.api.auth import actor
from app.api.blueprint import ApiBlueprint
from app.api.schemas_digests import DigestOut
from app.clock import utcnow
from app.digests import content, settings
from app.digests.weeks import BadWeek, IsoWeek
from app.errors import NotFound

bp = ApiBlueprint("digests_api", __name__, description="The weekly learning digest.")

FIRST_YEAR = 1971  # a digest looks 13 weeks back; nothing before the epoch is worth a digest


@bp.get("/digests/<week>")
@bp.response(200, DigestOut)
def get_digest(week: str):
    """Show one ISO week's digest (like 2026-W49) as you may read it."""
    tz_name = settings.timezone()
    try:
        iso = IsoWeek.parse(week[:20])
    except BadWeek as error:
        raise NotFound(f"{error} Digests are at /api/v1/digests/YYYY-Www.") from error
    if iso > IsoWeek.containing(utcnow(), tz_name):
        raise NotFound(f"Week {iso} has not started yet.")
    if iso.year < FIRST_YEAR:
        raise NotFound(f"There are no digests before {FIRST_YEAR}.")
    return content.build(week=iso, tz_name=tz_name, viewer=actor())
