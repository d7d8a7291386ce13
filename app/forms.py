"""Shared form helpers."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import SelectChoice

from app.errors import InvalidInput


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices for select and radio fields."""
    return [SelectChoice(value, label) for value, label in pairs]


def attach_errors(form: FlaskForm, error: InvalidInput) -> None:
    """Show a service's field errors next to the fields, keeping what was typed."""
    if not error.errors:
        form.form_errors.append(error.message)
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        (field.errors if field is not None else form.form_errors).append(message)
