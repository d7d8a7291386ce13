"""The profile page's form for making an API token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional


class TokenForm(FlaskForm):
    name = StringField(
        "Name",
        description="What will use it, e.g. the deploy pipeline.",
        validators=[Optional(), Length(max=100)],
    )
    expires = DateField(
        "Expires after (optional)",
        description="The token stops working at the end of this day, in your time zone.",
        validators=[Optional()],
    )
