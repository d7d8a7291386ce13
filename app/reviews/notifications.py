"""The emails the review workflow sends, written for the person receiving them."""

from __future__ import annotations

from app.accounts.models import User
from app.incidents.models import Incident
from app.mail import Message


def review_requested(*, incident: Incident, reviewer: User, by: User, base_url: str) -> Message:
    """Tell someone they were asked to review, and where."""
    link = f"{base_url}/incidents/{incident.ref}/review"
    text = (
        f"Hi {reviewer.name.split()[0]},\n\n"
        f"{by.name} asked you to review {incident.ref}: {incident.title}.\n\n"
        "Reviews are there to learn, not to judge: look for gaps in the story, contributing "
        "factors that are missing, and action items that would really change the system. "
        "Approve it, or ask for changes with a comment.\n\n"
        f"{link}\n\n-- Hindsight"
    )
    return Message(
        to=[reviewer.email], subject=f"Review requested: {incident.ref} {incident.title}", text=text
    )
