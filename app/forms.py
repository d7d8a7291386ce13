"""Shared form helpers."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectChoice


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices for select and radio fields."""
    return [SelectChoice(value, label) for value, label in pairs]
