"""Forms for the review workflow."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import options
from app.reviews.models import SECTION_CHOICES


class SubmitForm(FlaskForm):
    acknowledge_language = BooleanField(
        "I have read the language hints and kept this wording on purpose"
    )


class ReviewerForm(FlaskForm):
    email = EmailField(
        "Ask someone to review",
        validators=[DataRequired("Give their email address."), Email(), Length(max=254)],
    )


class DecisionForm(FlaskForm):
    comment = TextAreaField(
        "Comment",
        validators=[Optional(), Length(max=20_000)],
        render_kw={"data-check-language": "comment"},
    )


class PublishForm(FlaskForm):
    note = TextAreaField(
        "What changed (for an amendment)", validators=[Optional(), Length(max=2000)]
    )


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        "What will be amended?",
        validators=[DataRequired("Say what will be amended."), Length(max=2000)],
    )


class CommentForm(FlaskForm):
    section = SelectField("On", choices=options(SECTION_CHOICES), default="general")
    body = TextAreaField(
        "Comment",
        validators=[DataRequired("An empty comment says nothing."), Length(max=20_000)],
        render_kw={"data-check-language": "comment"},
    )
