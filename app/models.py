"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from app.accounts.models import ApiToken, User
from app.audit.models import AuditEvent
from app.catalog.models import Service, Tag, Team
from app.digests.models import (
    DefaultRecipient,
    Delivery,
    Digest,
    FeedKey,
    Nomination,
    OptOut,
    Subscription,
)
from app.exports.models import ExportCache
from app.incidents.models import ActionItem, ContributingFactor, Incident, TimelineEntry
from app.insights.models import REPORTING_INDEXES
from app.integrations.models import (
    Alert,
    ChangeLink,
    Deploy,
    Integration,
    NoChangeVerdict,
    ServiceAlias,
)
from app.reviews.models import Comment, Reviewer, Revision
from app.search.models import SearchDocument, SearchText

__all__ = [
    "REPORTING_INDEXES",
    "ActionItem",
    "Alert",
    "ApiToken",
    "AuditEvent",
    "ChangeLink",
    "Comment",
    "ContributingFactor",
    "DefaultRecipient",
    "Delivery",
    "Deploy",
    "Digest",
    "ExportCache",
    "FeedKey",
    "Incident",
    "Integration",
    "NoChangeVerdict",
    "Nomination",
    "OptOut",
    "Reviewer",
    "Revision",
    "SearchDocument",
    "SearchText",
    "Service",
    "ServiceAlias",
    "Subscription",
    "Tag",
    "Team",
    "TimelineEntry",
    "User",
]
