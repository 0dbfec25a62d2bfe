"""A day as a folder of CSV files: reading and writing it.

Folder layout: ``areas.csv``, ``resources.csv``, ``needs.csv`` and optionally
``units.csv``, ``arcs.csv`` and ``settings.json`` (the day's ``date``, ``levels``
and ``settings``, as JSON). One row per record, columns named as the JSON fields
(``xy`` as ``x`` and ``y``); empty cells are left out and blank rows skipped
(``models.tables``). Files are read as UTF-8, with or without a byte-order mark,
and written as UTF-8 without one.

Every cell is text, turned into what JSON would hold by the rules of
``models.cells`` and no others: numbers are ASCII digits with an optional sign,
point and exponent (``1_000``, ``1,5`` or ``٣`` are refused); ``required`` is
``true`` or ``false`` in any case; a root's ``parent`` is empty, ``null`` or
``none``; lists are separated by ``;`` (``repair;lead:housing``,
``08:30-12:00;14:00-17:30``); requirements are ``skill[*count][@amount]``
(``repair*2@2;liaison@0.5``).

A row with more cells than its header names is refused (its extra cells would
otherwise be lost). Paths in error messages count records from 0 (``needs[3]``
is the fourth record), and each names the file, row and column it came from,
rows counted as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from models.cells import NUMBER_COLUMNS, number
from models.day import Record
from models.errors import InvalidProblem, Issue, Place
from models.tables import REQUIRED_TABLES, TABLES, Table, TableDay, day_tables, read_tables
from models.types import MAX_RECORDS, MAX_TEXT

__all__ = ["read_csv_folder", "csv_files", "csv_table", "CSV_FILES", "DAY_FILES", "number", "NUMBER_COLUMNS"]

CSV_FILES = TABLES
DAY_FILES = frozenset({*(f"{name}.csv" for name in TABLES), "settings.json"})
"""Every file a CSV day folder may hold: a folder holding only these may be replaced by a written day."""


def read_csv_folder(folder: Path, settings: dict[str, Any]) -> TableDay:
    """The day held by a CSV folder (``settings``: what ``settings.json`` holds).

    Raises
    ------
    InvalidProblem
        For a missing table, text that is not UTF-8 or not CSV, or a row that cannot be read, each
        with its file, row and column.
    """
    missing = [name for name in REQUIRED_TABLES if not (folder / f"{name}.csv").exists()]
    if missing:
        files = ", ".join(f"{name}.csv" for name in missing)
        raise InvalidProblem([Issue(str(folder), f"a CSV day folder needs {files}")])
    tables = {name: _read_table(folder / f"{name}.csv", name) for name in TABLES if (folder / f"{name}.csv").exists()}
    return read_tables(tables, settings, {"": Place(str(folder / "settings.json"))})


@contextmanager
def _cells_up_to_max_text() -> Iterator[None]:
    """Let the csv module read cells as long as ``MAX_TEXT`` (its own limit is 131,072)."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, MAX_TEXT + 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _read_table(file: Path, name: str) -> Table:
    with _cells_up_to_max_text(), file.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [column.strip() for column in next(reader, [])]
            rows = list(islice(reader, MAX_RECORDS + 2))  # more is refused unread
        except csv.Error as error:
            raise InvalidProblem([Issue(str(file), f"not a CSV table: {error} (line {reader.line_num})")]) from None
        except UnicodeDecodeError as error:
            raise InvalidProblem([Issue(str(file), f"not UTF-8 text: {error.reason}")]) from None
    return Table(name, header, rows, range(2, len(rows) + 2), title=file.name, file=str(file))


def csv_files(problem: Record) -> dict[str, bytes]:
    """The files of a CSV day folder holding ``problem``: every table (also an empty one) and ``settings.json``.

    Raises
    ------
    InvalidProblem
        For values the table notation cannot hold (``models.cells``), each with its path.
    """
    tables = day_tables(problem)
    files = {"settings.json": (json.dumps(tables.settings, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}
    for name, (columns, rows) in tables.tables.items():
        files[f"{name}.csv"] = csv_table(columns, rows)
    return files


def csv_table(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> bytes:
    """One CSV file: the header row, then a row per record, as UTF-8 (with a byte-order mark when ``bom``).

    Cells as the table step gives them: ``None`` empty, flags ``true`` / ``false``, numbers as Python
    writes them back exactly; rows end in CRLF, as RFC 4180 has it.
    """
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_text(cell) for cell in row] for row in rows)
    return ("\ufeff" if bom else "").encode("utf-8") + text.getvalue().encode("utf-8")


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)
