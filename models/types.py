"""Annotated type aliases shared by the day and plan models.

Every quantity a planner writes (hours, uses, weights, costs) is exact to 0.01:
values are rounded to the nearest hundredth when read, so that the solver's
integer scaling (``matching.scaling``) loses nothing.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

__all__ = [
    "Id",
    "Clock",
    "Window",
    "Amount",
    "NonNegative",
    "Count",
    "XY",
    "ResourceKind",
    "NeedKind",
    "Measure",
    "TierName",
    "round_hundredth",
    "minutes",
    "DEFAULT_LEVELS",
    "WHOLE_DAY",
]

DEFAULT_LEVELS: tuple[str, ...] = ("city", "street", "community", "grid", "micro")
WHOLE_DAY: tuple[str, str] = ("00:00", "24:00")

_CLOCK = re.compile(r"^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$")


def round_hundredth(value: float) -> float:
    """Round to the nearest 0.01, halves away from zero, as the decimal shown."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number, got {value!r}")
    return round_hundredth(value)


def _positive(value: float) -> float:
    rounded = _finite(value)
    if not rounded > 0:
        raise ValueError(f"must be positive (at least 0.01), got {value!r}")
    return rounded


def _non_negative(value: float) -> float:
    rounded = _finite(value)
    if rounded < 0:
        raise ValueError(f"must not be negative, got {value!r}")
    return rounded


def _clock(value: str) -> str:
    if not _CLOCK.match(value):
        raise ValueError(f"must be a time 'HH:MM' between 00:00 and 24:00, got {value!r}")
    return value


def minutes(clock: str) -> int:
    """Minutes after midnight of a ``"HH:MM"`` time (``"24:00"`` is 1440)."""
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def _window(value: tuple[str, str]) -> tuple[str, str]:
    start, end = value
    if minutes(end) <= minutes(start):
        raise ValueError(f"window ends before it starts: [{start!r}, {end!r}]")
    return value


Id = Annotated[str, StringConstraints(min_length=1)]
Clock = Annotated[str, AfterValidator(_clock)]
Window = Annotated[tuple[Clock, Clock], AfterValidator(_window)]
Amount = Annotated[float, AfterValidator(_positive)]
NonNegative = Annotated[float, AfterValidator(_non_negative)]
Count = Annotated[int, Field(ge=1)]
XY = tuple[float, float]

ResourceKind = Literal[
    "staff", "grid_worker", "volunteer", "party_member", "unit_service", "department", "material"
]
NeedKind = Literal["simple", "complex"]
Measure = Literal["hours", "count"]
TierName = Literal["coverage", "fairness", "cost", "balance", "stability"]
