"""Reading a day from a folder of CSV files, converting cells by documented rules only.

Folder layout: ``areas.csv``, ``resources.csv``, ``needs.csv`` and optionally
``units.csv``, ``arcs.csv`` and ``settings.json`` (the day's ``date``, ``levels``
and ``settings``). One row per record, columns named as the JSON fields; empty
cells are left out. Files are UTF-8, with or without a byte-order mark.

Every cell is text; these rules, and no others, turn it into what JSON would hold:

- numbers (``capacity``, ``weight``, ``amount``, ``count``, ``max_tasks``, ``daily_cap``,
  ``max_members``, ``max_outbound``, ``cost_per_unit``, ``cost``, ``x``, ``y``): ASCII
  digits with an optional sign, decimal point and exponent (``7.5``, ``-1``, ``2e3``);
  ``1_000``, ``1,5`` or ``٣`` stay text and are refused as not a number;
- ``required``: ``true`` or ``false`` (any case); ``yes`` or ``1`` are refused;
- ``parent``: empty, ``null`` or ``none`` for the root;
- lists, separated by ``;``: ``skills``, ``extra_areas``, ``partner_areas``
  (``repair;lead:housing``); ``available`` and ``window`` as ``08:30-12:00;14:00-17:30``;
- ``xy``: columns ``x`` and ``y``;
- ``requires``: ``skill[*count][@amount]``, e.g. ``repair*2@2;liaison@0.5``.

A row with more cells than its header names is refused (its extra cells would
otherwise be lost). Paths in error messages count data rows from 0 (``needs[3]``
is the fourth row).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models.errors import InvalidProblem, Issue
from models.types import MAX_DIGITS, MAX_TEXT, LongNumber

__all__ = ["read_csv_folder", "CSV_FILES", "number", "NUMBER_COLUMNS"]

CSV_FILES = ("areas", "units", "resources", "needs", "arcs")
NUMBER_COLUMNS = frozenset({"capacity", "weight", "amount", "count", "max_tasks", "daily_cap", "max_members",
                            "max_outbound", "cost_per_unit", "cost", "x", "y"})
_LIST_FIELDS = {"skills", "extra_areas", "partner_areas"}
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def number(text: str) -> Any:
    """A CSV cell as a number by the rules above; the text itself when it is not one."""
    if len(text) > MAX_DIGITS and _NUMBER.fullmatch(text):
        return LongNumber(text)
    if _INTEGER.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        return float(text)
    return text


def _flag(text: str) -> Any:
    return {"true": True, "false": False}.get(text.lower(), text)


def read_csv_folder(folder: Path, settings: dict[str, Any]) -> dict[str, Any]:
    """The day held by a CSV folder, as JSON would hold it (``settings``: what ``settings.json`` holds)."""
    missing = [name for name in ("areas", "resources", "needs") if not (folder / f"{name}.csv").exists()]
    if missing:
        raise InvalidProblem([Issue(str(folder), f"a CSV day folder needs {', '.join(f'{name}.csv' for name in missing)}")])
    day: dict[str, Any] = dict(settings)
    issues: list[Issue] = []
    for name in CSV_FILES:
        file = folder / f"{name}.csv"
        if file.exists():
            day[name] = _read_table(file, name, issues)
    if issues:
        raise InvalidProblem(issues)
    return day


@contextmanager
def _cells_up_to_max_text() -> Iterator[None]:
    """Let the csv module read cells as long as ``MAX_TEXT`` (its own limit is 131,072)."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, MAX_TEXT + 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _read_table(file: Path, name: str, issues: list[Issue]) -> list[dict[str, Any]]:
    records = []
    with _cells_up_to_max_text(), file.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [column.strip() for column in next(reader, [])]
            issues += _header_issues(file, header)
            for row in reader:
                if not row:
                    continue  # a blank line
                path = f"{name}[{len(records)}]"
                if len(row) > len(header):
                    issues.append(Issue(path, f"{len(row)} cells, but the header of {file.name} names "
                                        f"{len(header)} columns (line {reader.line_num})"))
                if any(cell.strip() for column, cell in zip(header, row) if not column):
                    issues.append(Issue(path, f"a cell under a column of {file.name} that has no name "
                                        f"(line {reader.line_num})"))
                records.append(_record(dict(zip(header, row))))
        except csv.Error as error:
            raise InvalidProblem([Issue(str(file), f"not a CSV table: {error} (line {reader.line_num})")]) from None
        except UnicodeDecodeError as error:
            raise InvalidProblem([Issue(str(file), f"not UTF-8 text: {error.reason}")]) from None
    return records


def _header_issues(file: Path, header: list[str]) -> list[Issue]:
    seen: set[str] = set()
    issues = []
    for position, column in enumerate(header):
        if column and column in seen:
            issues.append(Issue(str(file), f"column {column!r} appears more than once in the header "
                                f"(column {position + 1})"))
        seen.add(column)
    return issues


def _record(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, cell in row.items():
        cell = cell.strip()
        if cell == "" or key == "":
            continue
        if key in _LIST_FIELDS:
            record[key] = _split(cell)
        elif key == "available":
            record[key] = [_span(part) for part in _split(cell)]
        elif key == "window":
            record[key] = _span(cell)
        elif key == "requires":
            record[key] = [_requirement(part) for part in _split(cell)]
        elif key in ("x", "y"):
            record.setdefault("xy", [None, None])[key == "y"] = number(cell)
        elif key == "parent" and cell.lower() in ("null", "none"):
            record[key] = None
        elif key in NUMBER_COLUMNS:
            record[key] = number(cell)
        elif key == "required":
            record[key] = _flag(cell)
        else:
            record[key] = cell
    return record


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
