"""Reading day files (JSON or a folder of CSV files) and writing outputs atomically.

CSV folder layout: ``areas.csv``, ``resources.csv``, ``needs.csv`` and optionally
``units.csv``, ``arcs.csv`` and ``settings.json`` (the day's ``date``, ``levels``
and ``settings``). One row per record, columns named as the JSON fields; empty
cells are left out. List cells are separated by ``;``:

- ``skills``, ``extra_areas``, ``partner_areas``: ``repair;lead:housing``
- ``available`` and ``window``: ``08:30-12:00;14:00-17:30``
- ``xy``: columns ``x`` and ``y``
- ``requires``: ``skill[*count][@amount]``, e.g. ``repair*2@2;liaison@0.5``

Paths in error messages count CSV data rows from 0 (``needs[3]`` is the fourth row).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from models.errors import InvalidProblem, Issue

__all__ = ["read_day", "write_atomic"]

_LIST_FIELDS = {"skills", "extra_areas", "partner_areas"}
_CSV_FILES = ("areas", "units", "resources", "needs", "arcs")


def read_day(path: Path) -> Any:
    """The parsed content of a day: a JSON file, or a folder of CSV files."""
    if path.is_dir():
        return _read_csv_folder(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidProblem([Issue(str(path), f"cannot read the day file: {error.strerror or error}")]) from None
    except UnicodeDecodeError as error:
        raise InvalidProblem([Issue(str(path), f"not UTF-8 text: {error.reason} at byte {error.start}")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidProblem([Issue(str(path), f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}")]) from None


def _read_csv_folder(folder: Path) -> dict[str, Any]:
    missing = [name for name in ("areas", "resources", "needs") if not (folder / f"{name}.csv").exists()]
    if missing:
        raise InvalidProblem([Issue(str(folder), f"a CSV day folder needs {', '.join(f'{name}.csv' for name in missing)}")])
    day: dict[str, Any] = {}
    settings = folder / "settings.json"
    if settings.exists():
        try:
            top = json.loads(settings.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise InvalidProblem([Issue(str(settings), f"not valid JSON: {getattr(error, 'msg', error)}")]) from None
        if not isinstance(top, dict):
            raise InvalidProblem([Issue(str(settings), "must hold a JSON object (date, levels, settings)")])
        day.update(top)
    for name in _CSV_FILES:
        file = folder / f"{name}.csv"
        if file.exists():
            try:
                with file.open(newline="", encoding="utf-8-sig") as handle:
                    day[name] = [_record(row) for row in csv.DictReader(handle)]
            except UnicodeDecodeError as error:
                raise InvalidProblem([Issue(str(file), f"not UTF-8 text: {error.reason}")]) from None
    return day


def _record(row: dict[str, str | None]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, cell in row.items():
        if key is None or cell is None or cell.strip() == "":
            continue
        key, cell = key.strip(), cell.strip()
        if key in _LIST_FIELDS:
            record[key] = _split(cell)
        elif key == "available":
            record[key] = [_span(part) for part in _split(cell)]
        elif key == "window":
            record[key] = _span(cell)
        elif key == "requires":
            record[key] = [_requirement(part) for part in _split(cell)]
        elif key in ("x", "y"):
            record.setdefault("xy", [None, None])[key == "y"] = cell
        elif key == "parent" and cell.lower() in ("null", "none"):
            record[key] = None
        else:
            record[key] = cell
    return record


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _span(text: str) -> list[str]:
    start, _, end = text.partition("-")
    return [start.strip(), end.strip()]


def _requirement(text: str) -> dict[str, str]:
    requirement: dict[str, str] = {}
    text, _, amount = text.partition("@")
    skill, _, count = text.partition("*")
    requirement["skill"] = skill.strip()
    if count.strip():
        requirement["count"] = count.strip()
    if amount.strip():
        requirement["amount"] = amount.strip()
    return requirement


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, "is a directory", str(target))
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as a plain open() would have made it
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
