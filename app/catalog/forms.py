"""Forms for the managed lists."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=80)])
    description = StringField("Description", validators=[Optional(), Length(max=500)])


class ServiceForm(FlaskForm):
    name = StringField("Service name", validators=[DataRequired(), Length(max=80)])
    team_id = SelectField("Owning team", coerce=int, validators=[Optional()])
    description = StringField("Description", validators=[Optional(), Length(max=500)])


class TagForm(FlaskForm):
    name = StringField("Tag", validators=[DataRequired(), Length(max=60)])
