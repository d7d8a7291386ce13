"""Small statistics for skewed durations: medians and 90th percentiles, never a bare mean."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float | None:
    """Return the q-th percentile (0..100) by linear interpolation, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Spread:
    """How long something took across incidents: how many, the median and the 90th percentile."""

    count: int
    median: float | None  # seconds
    p90: float | None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Spread:
        values = [v for v in seconds if v is not None and v >= 0]
        return cls(len(values), percentile(values, 50), percentile(values, 90))

    @property
    def median_delta(self) -> dt.timedelta | None:
        return None if self.median is None else dt.timedelta(seconds=round(self.median))

    @property
    def p90_delta(self) -> dt.timedelta | None:
        return None if self.p90 is None else dt.timedelta(seconds=round(self.p90))


def share(part: int, whole: int) -> float | None:
    """Return part/whole, or None when there is nothing to divide."""
    return part / whole if whole else None
