"""Annotated type aliases shared by the day and plan models.

Every quantity a planner writes (hours, uses, weights, costs) is exact to 0.01:
values are rounded to the nearest hundredth when read, so that the solver's
integer scaling (``matching.scaling``) loses nothing. Quantities are bounded
(``MAX_QUANTITY``) so that sums over a metropolis stay exact in 64-bit integers.

Types are strict, as JSON has them: a number is a JSON number (``"4"`` is text,
not a number), a flag is ``true`` or ``false`` (not ``"yes"`` or ``1``), a time is
``"HH:MM"`` in ASCII digits. Table cells (CSV, ``.xlsx``, DataFrames) are converted by the
documented rules of ``models.cells`` before they get here. Text is bounded (``MAX_TEXT``) and
must be encodable (no lone surrogate from a ``\\ud800`` escape).
"""

from __future__ import annotations

import datetime
import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

__all__ = [
    "Id",
    "Name",
    "Text",
    "Flag",
    "DayDate",
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
    "MAX_TEXT",
    "MAX_DIGITS",
    "MAX_RECORDS",
    "LongNumber",
    "shown",
]

DEFAULT_LEVELS: tuple[str, ...] = ("city", "street", "community", "grid", "micro")
MAX_QUANTITY = 1e9
"""The largest amount, capacity, weight or cost a day may state."""
MAX_COUNT = 1_000_000
"""The largest count, ``max_tasks`` or ``max_members`` a day may state."""
MAX_KM = 1e6
"""The largest coordinate, in km."""
MAX_TEXT = 1_000_000
"""The most characters an id, name or title may have (a CSV cell may be as long)."""
MAX_DIGITS = 100
"""The most characters a number may be written with in a day file (JSON or CSV)."""
MAX_RECORDS = 1_000_000
"""The most records one list of a day may hold (a metro day has 124,000 areas and 100,000 resources)."""

CLOCK_PATTERN = r"^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
_CLOCK = re.compile(CLOCK_PATTERN)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class LongNumber:
    """A number written with more than ``MAX_DIGITS`` characters, kept unread.

    Readers put it where the number was, so that the field's validation refuses
    it with the field's path (``int("9" * 5000)`` would raise instead).
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)

    def __repr__(self) -> str:
        return f"a number written with {self.length} characters"


def shown(value: Any, width: int = 60) -> str:
    """``value`` as an error message quotes it: short, and safe to print whatever it holds."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 200:
            return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
        return repr(value)
    if isinstance(value, (float, LongNumber)):
        return repr(value)
    if isinstance(value, str):
        text = repr(value[:width]) + ("…" if len(value) > width else "")
        return text if len(value) <= width else f"{text} ({len(value)} characters)"
    return f"a {type(value).__name__}"


def round_hundredth(value: float) -> float:
    """Round to the nearest 0.01, halves away from zero, as the decimal shown."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _number(value: Any) -> Any:
    """Only numbers where numbers are meant: not text (``"4"``), not ``true``."""
    if isinstance(value, LongNumber):
        raise ValueError(f"must be a number of at most {MAX_DIGITS} characters, got {shown(value)}")
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        raise ValueError(f"must be a number, got {shown(value)}")
    if isinstance(value, int) and value.bit_length() > 64:
        raise ValueError(f"must be at most {MAX_QUANTITY:g} in size, got {shown(value)}")
    return value


def _whole(value: Any) -> Any:
    """Only whole numbers where counts are meant (``2`` or ``2.0``, not ``"2"`` or ``2.5``)."""
    value = _number(value)
    if not isinstance(value, int):
        if not math.isfinite(value) or value != int(value):
            raise ValueError(f"must be a whole number, got {shown(value)}")
        value = int(value)
    return value


def _boolean(value: Any) -> bool:
    """Only ``true`` or ``false`` where a flag is meant (not ``"yes"``, not ``1``)."""
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {shown(value)}")
    return value


def _date(value: Any) -> Any:
    """A ``"YYYY-MM-DD"`` date (or a ``datetime.date``), not a number of seconds."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(f"must be a date 'YYYY-MM-DD', got {shown(value)}")
    return value


def _text(value: str) -> str:
    if len(value) > MAX_TEXT:
        raise ValueError(f"must be at most {MAX_TEXT:,} characters, got {len(value):,}")
    try:
        value.isascii() or value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(f"holds a lone surrogate {value[error.start]!r} at character {error.start}, "
                         "which is not text") from None
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
    value = _text(value)
    if not value or value != value.strip():
        raise ValueError(f"must be non-empty without surrounding spaces, got {shown(value)}")
    return value


def _clock(value: str) -> str:
    if not _CLOCK.fullmatch(value):
        raise ValueError(f"must be a time 'HH:MM' between 00:00 and 24:00, got {shown(value)}")
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


Id = Annotated[str, AfterValidator(_name), Field(json_schema_extra={"minLength": 1, "maxLength": MAX_TEXT,
                                                                    "pattern": r"^\S(.*\S)?$"})]
Name = Id
"""Skill and level names follow the same rule as ids: non-empty, no surrounding spaces."""
Text = Annotated[str, AfterValidator(_text), Field(json_schema_extra={"maxLength": MAX_TEXT})]
"""Names and titles for people: any text up to ``MAX_TEXT`` characters."""
Flag = Annotated[bool, BeforeValidator(_boolean)]
DayDate = Annotated[datetime.date, BeforeValidator(_date)]
Clock = Annotated[str, AfterValidator(_clock), Field(json_schema_extra={"pattern": CLOCK_PATTERN})]
Window = Annotated[tuple[Clock, Clock], AfterValidator(_window)]
Amount = Annotated[float, BeforeValidator(_number), AfterValidator(_positive),
                   Field(json_schema_extra={"exclusiveMinimum": 0, "maximum": MAX_QUANTITY})]
NonNegative = Annotated[float, BeforeValidator(_number), AfterValidator(_non_negative),
                        Field(json_schema_extra={"minimum": 0, "maximum": MAX_QUANTITY})]
Count = Annotated[int, BeforeValidator(_whole), Field(ge=1, le=MAX_COUNT)]
Coordinate = Annotated[float, BeforeValidator(_number), AfterValidator(_coordinate)]
XY = tuple[Coordinate, Coordinate]

ResourceKind = Literal[
    "staff", "grid_worker", "volunteer", "party_member", "unit_service", "department", "material"
]
NeedKind = Literal["simple", "complex"]
Measure = Literal["hours", "count"]
TierName = Literal["coverage", "fairness", "cost", "balance", "stability"]
