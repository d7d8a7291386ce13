"""The columns a search reads for each review it considers, shared by the engine and backends."""

from __future__ import annotations

from sqlalchemy import String, type_coerce

from app.incidents.models import Incident
from app.search.models import SearchDocument

SD = SearchDocument.__table__
INCIDENTS = Incident.__table__
# The columns after (incident id, score) in a Row, and where they are read from.
DETAILS = (
    type_coerce(SD.c.severity, String),
    type_coerce(INCIDENTS.c.status, String),
    SD.c.team,
    SD.c.services,
    SD.c.tags,
    SD.c.factors,
    type_coerce(SD.c.occurred_at, String),
)
DETAILS_FROM = SD.join(INCIDENTS, INCIDENTS.c.id == SD.c.incident_id)
