"""Annotated type aliases shared by the day and plan models.

Every quantity a planner writes (hours, uses, weights, costs) is exact to 0.01:
values are rounded to the nearest hundredth when read, so that the solver's
integer scaling (``matching.scaling``) loses nothing. Quantities are bounded
(``MAX_QUANTITY``) so that sums over a metropolis stay exact in 64-bit integers.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

__all__ = [
    "Id",
    "Name",
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
    "MAX_QUANTITY",
    "MAX_COUNT",
    "MAX_KM",
]

DEFAULT_LEVELS: tuple[str, ...] = ("city", "street", "community", "grid", "micro")
MAX_QUANTITY = 1e9
"""The largest amount, capacity, weight or cost a day may state."""
MAX_COUNT = 1_000_000
"""The largest count, ``max_tasks`` or ``max_members`` a day may state."""
MAX_KM = 1e6
"""The largest coordinate, in km."""

CLOCK_PATTERN = r"^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$"
_CLOCK = re.compile(CLOCK_PATTERN)


def round_hundredth(value: float) -> float:
    """Round to the nearest 0.01, halves away from zero, as the decimal shown."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _number(value: Any) -> Any:
    """Refuse booleans where numbers are meant (pydantic would read ``true`` as 1)."""
    if isinstance(value, bool):
        raise ValueError(f"must be a number, got {value!r}")
    return value


def _bounded(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number, got {value!r}")
    if abs(value) > MAX_QUANTITY:
        raise ValueError(f"must be at most {MAX_QUANTITY:g} in size, got {value!r}")
    return round_hundredth(value)


def _positive(value: float) -> float:
    rounded = _bounded(value)
    if not rounded > 0:
        raise ValueError(f"must be positive (at least 0.01), got {value!r}")
    return rounded


def _non_negative(value: float) -> float:
    rounded = _bounded(value)
    if rounded < 0:
        raise ValueError(f"must not be negative, got {value!r}")
    return rounded


def _coordinate(value: float) -> float:
    if not math.isfinite(value) or abs(value) > MAX_KM:
        raise ValueError(f"must be a finite coordinate within ±{MAX_KM:g} km, got {value!r}")
    return value


def _name(value: str) -> str:
    if not value or value != value.strip():
        raise ValueError(f"must be non-empty without surrounding spaces, got {value!r}")
    return value


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
        raise ValueError(f"window must end after it starts, got [{start!r}, {end!r}]")
    return value


Id = Annotated[str, AfterValidator(_name), Field(json_schema_extra={"minLength": 1, "pattern": r"^\S(.*\S)?$"})]
Name = Id
"""Skill and level names follow the same rule as ids: non-empty, no surrounding spaces."""
Clock = Annotated[str, AfterValidator(_clock), Field(json_schema_extra={"pattern": CLOCK_PATTERN})]
Window = Annotated[tuple[Clock, Clock], AfterValidator(_window)]
Amount = Annotated[float, BeforeValidator(_number), AfterValidator(_positive),
                   Field(json_schema_extra={"exclusiveMinimum": 0, "maximum": MAX_QUANTITY})]
NonNegative = Annotated[float, BeforeValidator(_number), AfterValidator(_non_negative),
                        Field(json_schema_extra={"minimum": 0, "maximum": MAX_QUANTITY})]
Count = Annotated[int, BeforeValidator(_number), Field(ge=1, le=MAX_COUNT)]
Coordinate = Annotated[float, BeforeValidator(_number), AfterValidator(_coordinate)]
XY = tuple[Coordinate, Coordinate]

ResourceKind = Literal[
    "staff", "grid_worker", "volunteer", "party_member", "unit_service", "department", "material"
]
NeedKind = Literal["simple", "complex"]
Measure = Literal["hours", "count"]
TierName = Literal["coverage", "fairness", "cost", "balance", "stability"]
