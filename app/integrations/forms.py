"""Forms: integrations and aliases (admins), decisions about suggestions (contributors)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import options
from app.integrations.enums import Relation, Source


class IntegrationForm(FlaskForm):
    source = SelectField(
        "Source", choices=options((s.value, s.label) for s in Source), validators=[DataRequired()]
    )
    name = StringField(
        "Name",
        validators=[Optional(), Length(max=100)],
        description="So you can tell several of one source apart, e.g. 'prod cluster'.",
    )
    secret = PasswordField(
        "Secret",
        validators=[Optional(), Length(max=500)],
        description="Leave empty to generate one. PagerDuty and Sentry make their own: paste it.",
    )


class AliasForm(FlaskForm):
    name = StringField(
        "Name a tool uses",
        validators=[DataRequired(), Length(max=200)],
        description="e.g. 'API Service' from PagerDuty, or a repository name.",
    )
    service_id = SelectField("Means the service", coerce=int, validators=[DataRequired()])


class DecisionForm(FlaskForm):
    relation = SelectField(
        "Decision",
        choices=options((r.value, r.label) for r in Relation),
        validators=[DataRequired()],
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])


class VerdictForm(FlaskForm):
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])
