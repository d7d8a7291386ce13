"""Forms for each step of drafting a review."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from app.forms import options
from app.incidents.enums import (
    ActionKind,
    ActionStatus,
    EntryKind,
    FactorCategory,
    Milestone,
    Priority,
    Severity,
    Visibility,
)

TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
LONG_TEXT = Length(max=100_000, message="Keep this under 100,000 characters.")
CHECKED = {"data-check-language": "review"}  # live blameless-language hints while writing


def version_of(form: FlaskForm) -> int | None:
    """Return the version the edit started from, or None when the form did not say."""
    raw = (form.version.data or "").strip()
    return int(raw) if raw.isdigit() else None


def http_url(form: FlaskForm, field: StringField) -> None:
    """Accept only http(s) links, never javascript: or file:."""
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError("Use an http:// or https:// link.")


class VersionedForm(FlaskForm):
    version = HiddenField()


class BasicsForm(VersionedForm):
    title = StringField(
        "Title",
        description="What happened, to what, for how long. Facts, not fault.",
        validators=[DataRequired("Give the incident a title."), Length(max=200)],
    )
    severity = RadioField(
        "Severity", choices=options(Severity.choices()), validators=[DataRequired()]
    )
    services = SelectMultipleField("Services affected", validators=[Optional()])
    team = SelectField("Owning team", validators=[Optional()])
    tags = StringField(
        "Tags",
        description="Comma-separated, e.g. database, third-party.",
        validators=[Optional(), Length(max=500)],
    )
    is_exercise = BooleanField("This was an exercise (game day), not a real incident")
    visibility = RadioField(
        "Who can read it",
        choices=options(
            [
                ("internal", "Everyone in the organisation (recommended: learning is shared)"),
                ("restricted", "Restricted: only participants and admins (security, HR-adjacent)"),
            ]
        ),
        default=Visibility.INTERNAL.value,
        validators=[DataRequired()],
    )

    def tag_list(self) -> list[str]:
        return [t.strip() for t in (self.tags.data or "").split(",") if t.strip()]


class SectionsForm(VersionedForm):
    summary = TextAreaField("Summary", validators=[Optional(), LONG_TEXT], render_kw=CHECKED)
    impact = TextAreaField("Impact", validators=[Optional(), LONG_TEXT], render_kw=CHECKED)
    went_well = TextAreaField(
        "What went well", validators=[Optional(), LONG_TEXT], render_kw=CHECKED
    )
    got_lucky = TextAreaField(
        "Where we got lucky", validators=[Optional(), LONG_TEXT], render_kw=CHECKED
    )
    surprised = TextAreaField(
        "What surprised us", validators=[Optional(), LONG_TEXT], render_kw=CHECKED
    )
    no_action_reason = TextAreaField("No action items? Say why", validators=[Optional(), LONG_TEXT])


class EntryForm(VersionedForm):
    occurred_at = DateTimeLocalField(
        "When",
        format=TIME_FORMATS,
        invalid_value_message="Enter a date and time like 2026-11-25 14:05.",
        validators=[DataRequired("Enter a date and time like 2026-11-25 14:05.")],
    )
    kind = SelectField("Kind", choices=options(EntryKind.choices()), default=EntryKind.NOTE.value)
    milestone = SelectField(
        "Milestone", choices=options([("", "None"), *Milestone.choices()]), validators=[Optional()]
    )
    body = TextAreaField(
        "What happened",
        validators=[DataRequired("Say what happened, as you saw it then."), Length(max=20_000)],
        render_kw=CHECKED,
    )


class FactorForm(VersionedForm):
    category = SelectField("Category", choices=options(FactorCategory.choices()))
    description = TextAreaField(
        "How did the system allow this?",
        validators=[DataRequired("Say how the system allowed this."), LONG_TEXT],
        render_kw=CHECKED,
    )


class ActionForm(VersionedForm):
    title = StringField(
        "Action",
        description="Start with a verb: Add, Automate, Alert on, Remove...",
        validators=[DataRequired("Say what will change, verb first."), Length(max=200)],
    )
    description = TextAreaField("Details", validators=[Optional(), LONG_TEXT])
    kind = SelectField(
        "Kind", choices=options(ActionKind.choices()), default=ActionKind.PREVENT.value
    )
    priority = SelectField(
        "Priority", choices=options(Priority.choices()), default=Priority.P2.value
    )
    owner = SelectField("Owner", validators=[Optional()])
    due_date = DateField(
        "Due",
        validators=[Optional()],
        description="A date like 2026-12-31.",
        invalid_value_message="Enter a date like 2026-12-31.",
    )
    status = SelectField("Status", choices=options(ActionStatus.choices()), default="open")
    wont_do_reason = TextAreaField("Why won't it be done?", validators=[Optional(), LONG_TEXT])
    tracker_url = StringField(
        "Tracker link",
        validators=[Optional(), Length(max=2000), http_url, URL(message="Not a valid link.")],
    )

    def validate_wont_do_reason(self, field: TextAreaField) -> None:
        if self.status.data == ActionStatus.WONT_DO.value and not (field.data or "").strip():
            raise ValidationError("Say why this will not be done.")
