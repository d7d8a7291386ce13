"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from app.accounts.models import ApiToken, User
from app.audit.models import AuditEvent
from app.catalog.models import Service, Tag, Team
from app.incidents.models import ActionItem, ContributingFactor, Incident, TimelineEntry
from app.reviews.models import Comment, Reviewer, Revision
from app.search.models import SearchDocument, SearchText

__all__ = [
    "ActionItem",
    "ApiToken",
    "AuditEvent",
    "Comment",
    "ContributingFactor",
    "Incident",
    "Reviewer",
    "Revision",
    "SearchDocument",
    "SearchText",
    "Service",
    "Tag",
    "Team",
    "TimelineEntry",
    "User",
]
