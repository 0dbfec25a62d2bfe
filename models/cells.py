"""One table cell, both ways: the rules that turn a cell into what JSON would hold, and back.

Every table format (a CSV folder, an ``.xlsx`` workbook, pandas DataFrames) reads and writes
its cells through this module, so a day means the same in each.

Reading. A cell is first taken as the text a CSV file would hold for it (:func:`cell_text`):
text as it is; ``None`` or a missing value (NaN, ``pd.NA``) as an empty cell; a whole number
as its digits, also when a spreadsheet stores it as a float (``2.0`` → ``"2"``); another
number as Python writes it back exactly (``7.5``, ``1e-05``); ``True`` / ``False`` as
``"true"`` / ``"false"``; a time (``datetime.time``, or a ``timedelta`` up to a day, as
spreadsheets give a cell formatted as a time) as ``"HH:MM"`` (``"24:00"`` for a whole day;
seconds other than zero are kept, ``"08:00:30"``, and refused where a time is meant); a date,
or a date and time at midnight, as ``"YYYY-MM-DD"``. Other values (a list in a DataFrame
cell) are refused. Then the text is read by these rules, and no others:

- numbers (``capacity``, ``weight``, ``amount``, ``count``, ``max_tasks``, ``daily_cap``,
  ``max_members``, ``max_outbound``, ``cost_per_unit``, ``cost``, ``x``, ``y``): ASCII
  digits with an optional sign, decimal point and exponent (``7.5``, ``-1``, ``2e3``);
  ``1_000``, ``1,5`` or ``٣`` stay text and are refused as not a number;
- ``required``: ``true`` or ``false`` (any case); ``yes`` or ``1`` are refused;
- ``parent``: empty, ``null`` or ``none`` for the root;
- lists, separated by ``;``: ``skills``, ``extra_areas``, ``partner_areas``
  (``repair;lead:housing``); ``available`` and ``window`` as ``08:30-12:00;14:00-17:30``;
  a cell holding only ``;`` is an empty list (a resource available at no time);
- ``xy``: columns ``x`` and ``y``;
- ``requires``: ``skill[*count][@amount]``, e.g. ``repair*2@2;liaison@0.5``;
- anything else is text; every cell is stripped of surrounding spaces, and an empty cell
  is left out of its record.

Writing is the inverse (:func:`record_cells`): numbers stay numbers (a whole float as an
integer), flags stay ``True``/``False``, everything else is written in the notation above
(a requirement's count and amount only when they are not 1). What the notation cannot
hold is refused, each with its path, rather than written to mean something else: a
``;`` inside a list item, ``*`` or ``@`` in a required skill, surrounding spaces, an empty
``category``, a parent whose id reads as the root (``null``, ``none``).
"""

from __future__ import annotations

import datetime
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from models.errors import Issue
from models.types import MAX_DIGITS, LongNumber

__all__ = [
    "CellError",
    "NUMBER_COLUMNS",
    "LIST_COLUMNS",
    "cell_text",
    "number",
    "read_record",
    "read_setting",
    "record_cells",
    "setting_cell",
]

NUMBER_COLUMNS = frozenset({"capacity", "weight", "amount", "count", "max_tasks", "daily_cap", "max_members",
                            "max_outbound", "cost_per_unit", "cost", "x", "y"})
LIST_COLUMNS = frozenset({"skills", "extra_areas", "partner_areas"})
_EMPTY_BY_DEFAULT = frozenset({"extra_areas", "partner_areas"})
"""List columns whose empty cell already means the empty list (elsewhere it is written ``;``)."""
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_ROOT_PARENT = ("null", "none")
_NUMBER_SETTINGS = frozenset({"escalation_cost", "distance_cost"})
_LIST_SETTINGS = frozenset({"levels", "objective"})


class CellError(ValueError):
    """A cell holding a value no rule reads (a list or a dict in a DataFrame cell)."""


# Reading -------------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as the text a CSV file would hold for it (the module docstring gives the rules)."""
    if isinstance(value, str):
        return value
    if value is None or _missing(value):
        return ""
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict)) and getattr(value, "ndim", 0) == 0:
        value = value.item()  # a numpy scalar, as pandas gives cells
        if isinstance(value, str):
            return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, (float, Decimal)):
        return _real_text(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return _clock_text(value.hour * 3600 + value.minute * 60 + value.second, value.microsecond)
    if isinstance(value, datetime.timedelta) and datetime.timedelta(0) <= value <= datetime.timedelta(days=1):
        return _clock_text(value.days * 86400 + value.seconds, value.microseconds)
    raise CellError(f"holds {type(value).__name__} {str(value)[:60]!r}, which no cell rule reads "
                    "(write a list as 'a;b', a window as '08:00-12:00')")


def _real_text(value: float | Decimal) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ""  # a missing value, as pandas holds it
    if value.is_finite() if isinstance(value, Decimal) else math.isfinite(value):
        if value == int(value) and abs(value) < 2**53:
            return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _clock_text(seconds: int, microseconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    text = f"{hours:02d}:{rest // 60:02d}"
    if rest % 60 or microseconds:
        text += f":{rest % 60:02d}" + (f".{microseconds:06d}" if microseconds else "")
    return text


def _missing(value: Any) -> bool:
    """pandas' missing values (``pd.NA``, ``pd.NaT``), recognised without importing pandas."""
    return type(value).__name__ in ("NAType", "NaTType")


def number(text: str) -> Any:
    """A cell's text as a number by the rules above; the text itself when it is not one."""
    if len(text) > MAX_DIGITS and _NUMBER.fullmatch(text):
        return LongNumber(text)
    if _INTEGER.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        return float(text)
    return text


def read_record(row: Mapping[str, str]) -> dict[str, Any]:
    """A row of cell texts, keyed by column, as the record JSON would hold (empty cells left out)."""
    record: dict[str, Any] = {}
    for key, cell in row.items():
        cell = cell.strip()
        if cell == "" or key == "":
            continue
        if key in LIST_COLUMNS:
            record[key] = _split(cell)
        elif key == "available":
            record[key] = [_span(part) for part in _split(cell)]
        elif key == "window":
            record[key] = _span(cell)
        elif key == "requires":
            record[key] = [_requirement(part) for part in _split(cell)]
        elif key in ("x", "y"):
            record.setdefault("xy", [None, None])[key == "y"] = number(cell)
        elif key == "parent" and cell.lower() in _ROOT_PARENT:
            record[key] = None
        elif key in NUMBER_COLUMNS:
            record[key] = number(cell)
        elif key == "required":
            record[key] = {"true": True, "false": False}.get(cell.lower(), cell)
        else:
            record[key] = cell
    return record


def read_setting(key: str, text: str) -> Any:
    """The value of one row of a settings sheet: ``levels`` and ``objective`` lists, costs numbers."""
    text = text.strip()
    if key in _LIST_SETTINGS:
        return _split(text)
    if key in _NUMBER_SETTINGS:
        return number(text)
    return text


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _span(text: str) -> list[str]:
    start, _, end = text.partition("-")
    return [start.strip(), end.strip()]


def _requirement(text: str) -> dict[str, Any]:
    requirement: dict[str, Any] = {}
    text, _, amount = text.partition("@")
    skill, _, count = text.partition("*")
    requirement["skill"] = skill.strip()
    if count.strip():
        requirement["count"] = number(count.strip())
    if amount.strip():
        requirement["amount"] = number(amount.strip())
    return requirement


# Writing -------------------------------------------------------------------------------------


def record_cells(record: Mapping[str, Any], columns: Sequence[str], path: str, issues: list[Issue]) -> list[Any]:
    """The cells of one record (as ``model_dump(mode="json")`` gives it) under ``columns``.

    What the notation cannot hold is added to ``issues``, each with its path (``needs[3].requires``).
    """
    values = dict(record)
    xy = values.pop("xy", None)
    if xy is not None:
        values["x"], values["y"] = xy
    return [_cell(column, values.get(column), f"{path}.{column}", issues) for column in columns]


def setting_cell(key: str, value: Any, issues: list[Issue]) -> Any:
    """The value cell of one row of a settings sheet."""
    if key in _LIST_SETTINGS:
        return _joined(key, value, key, issues)
    return _plain(value, key, issues)


def _cell(column: str, value: Any, path: str, issues: list[Issue]) -> Any:
    if value is None:
        return None
    if column in LIST_COLUMNS:
        return _joined(column, value, path, issues)
    if column == "available":
        return ";".join(f"{start}-{end}" for start, end in value) or ";"
    if column == "window":
        return f"{value[0]}-{value[1]}"
    if column == "requires":
        return ";".join(_requirement_cell(requirement, f"{path}[{index}]", issues)
                        for index, requirement in enumerate(value))
    if column == "parent" and value.lower() in _ROOT_PARENT:
        issues.append(Issue(path, f"parent {value!r} would read as the root in a table cell"))
    if column == "category" and value == "":
        issues.append(Issue(path, "an empty category would read as no category in a table cell"))
    return _plain(value, path, issues)


def _plain(value: Any, path: str, issues: list[Issue]) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value == int(value) and abs(value) < 2**53:
        return int(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text != text.strip():
        issues.append(Issue(path, f"{text[:60]!r} has surrounding spaces, which a table cell drops"))
    return text


def _joined(column: str, items: Sequence[str], path: str, issues: list[Issue]) -> str | None:
    for index, item in enumerate(items):
        if ";" in item:
            issues.append(Issue(f"{path}[{index}]", f"{item[:60]!r} holds ';', which separates a list's items "
                                "in a table cell"))
    if not items:
        return None if column in _EMPTY_BY_DEFAULT else ";"
    return ";".join(items)


def _requirement_cell(requirement: Mapping[str, Any], path: str, issues: list[Issue]) -> str:
    skill = requirement["skill"]
    if any(mark in skill for mark in ";*@"):
        issues.append(Issue(f"{path}.skill", f"{skill[:60]!r} holds ';', '*' or '@', which a requirement's "
                            "cell uses to separate its parts"))
    text = skill
    if requirement.get("count", 1) != 1:
        text += f"*{requirement['count']}"
    if requirement.get("amount", 1) != 1:
        text += f"@{_plain(requirement['amount'], path, issues)}"
    return text
