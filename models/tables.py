"""A day as tables, and tables as a day: the one step CSV folders, workbooks and DataFrames share.

A day's tables are ``areas``, ``units``, ``resources``, ``needs`` and ``arcs`` (the first three
required): one row per record under a header row naming its fields (``xy`` as ``x`` and ``y``),
cells read and written by the rules of :mod:`models.cells`. A row whose cells are all empty is
skipped. The day's settings (``date``, ``levels`` and the ``settings`` object) are
``settings.json`` in a CSV folder, a sheet ``settings`` with columns ``setting`` and ``value``
in a workbook (one row per setting: ``date``, ``levels``, ``objective``, ``escalation_cost``,
``distance_cost``, ``fairness_level``; lists separated by ``;``), and a mapping beside DataFrames.

Each format only moves rows in and out of its files (:mod:`models.csv_day`,
:mod:`models.xlsx_day`, :mod:`models.frames`):

- reading, it hands :func:`read_tables` a :class:`Table` per table (header, rows of cells, where
  each row came from) and gets a :class:`TableDay`: the day as JSON would hold it, and
  :meth:`TableDay.locate`, which adds to each problem found in the day the file, sheet, row and
  column it came from;
- writing, it takes :func:`day_tables`: the header and rows of every table and the settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from models.cells import CellError, cell_text, read_record, read_setting, record_cells, setting_cell
from models.day import Arc, Area, Need, Record, Resource, Unit
from models.errors import InvalidProblem, Issue, Place
from models.types import MAX_RECORDS

__all__ = ["TABLES", "REQUIRED_TABLES", "COLUMNS", "SETTINGS_HEADER", "Table", "TableDay", "DayTables",
           "read_tables", "read_settings_table", "day_tables", "column_letter"]

TABLES = ("areas", "units", "resources", "needs", "arcs")
REQUIRED_TABLES = ("areas", "resources", "needs")
SETTINGS_HEADER = ("setting", "value")
_TOP_SETTINGS = ("date", "levels")
"""Settings-sheet rows that are fields of the day itself; every other row is a field of its ``settings``."""


def _columns(model) -> tuple[str, ...]:
    return tuple(column for name in model.model_fields for column in (("x", "y") if name == "xy" else (name,)))


COLUMNS: Mapping[str, tuple[str, ...]] = {name: _columns(model) for name, model in
                                          zip(TABLES, (Area, Unit, Resource, Need, Arc))}
"""The columns of each table, in the order written: the fields of its records."""


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → ``A``, 26 → ``AA``)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Table:
    """One table as a file holds it, before its cells are read.

    ``rows`` hold cells as the file gives them (text, or a spreadsheet's numbers, flags and times);
    ``labels`` say where each row is (its spreadsheet row number, or a DataFrame's index label);
    ``title`` is how messages call the table (``needs.csv``, ``sheet needs``).
    """

    table: str
    header: list[str]
    rows: Sequence[Sequence[Any]]
    labels: Sequence[int | str]
    title: str
    file: str | None
    sheet: str | None = None
    header_row: int | None = 1
    kept: list[int | str] = field(default_factory=list)
    """The labels of the rows that became records, in order (filled by :func:`read_tables`)."""

    def place(self, row: int | str | None = None, column: str | None = None) -> Place:
        """The place of a row and column of this table."""
        letter = None
        if column is not None and column in self.header and self.file is not None:
            letter = column_letter(self.header.index(column))
        return Place(self.file, self.sheet, row, column, letter)


@dataclass
class TableDay:
    """A day read from tables: ``data`` as JSON would hold it, and where each of its records came from."""

    data: dict[str, Any]
    tables: Mapping[str, Table]
    settings_places: Mapping[str, Place]
    """The place of each setting (``date``, ``objective``...); ``""`` for the settings as a whole."""
    issues: list[Issue] = field(default_factory=list)
    """Rows that could not be read whole (a cell no rule reads, more cells than the header names):
    reported with the day's own problems, so that one error lists them all."""

    def locate(self, issue: Issue) -> Issue:
        """``issue`` with the file, sheet, row and column its path points into (unchanged if it has one)."""
        if issue.where is not None:
            return issue
        place = self._place(issue.path)
        return replace(issue, where=place) if place is not None else issue

    def _place(self, path: str) -> Place | None:
        match = _RECORD_PATH.match(path)
        if match and match["table"] in self.tables:
            table = self.tables[match["table"]]
            index = int(match["index"])
            if index >= len(table.kept):
                return table.place()
            column = match["field"]
            if column == "xy":
                column = "y" if match["item"] == "1" else "x"
            return table.place(table.kept[index], column)
        root = re.split(r"[.\[]", path, maxsplit=1)[0]
        if root in self.tables:
            return self.tables[root].place()
        if root == "settings" and "." in path:
            root = re.split(r"[.\[]", path.split(".", 1)[1], maxsplit=1)[0]
        return self.settings_places.get(root) or self.settings_places.get("")


_RECORD_PATH = re.compile(r"(?P<table>[a-z_]+)\[(?P<index>[0-9]+)\]"
                          r"(?:\.(?P<field>[^.\[]+)(?:\[(?P<item>[0-9]+)\])?)?")


# Tables to a day -----------------------------------------------------------------------------


def read_tables(tables: Mapping[str, Table], top: Mapping[str, Any],
                settings_places: Mapping[str, Place] | None = None) -> TableDay:
    """The day the tables hold, with ``top`` (date, levels, settings) beside them.

    A cell no rule reads, a row with more cells than its header names, a repeated column name or a
    table of more than ``MAX_RECORDS`` rows is an issue of the result (``TableDay.issues``), with its
    place; the rest of the day is read all the same, for its own problems to be reported with them.
    """
    day: dict[str, Any] = dict(top)
    issues: list[Issue] = []
    for name in TABLES:
        if name in tables:
            day[name] = _records(tables[name], issues)
    return TableDay(day, tables, dict(settings_places or {}), issues)


def _records(table: Table, issues: list[Issue]) -> list[dict[str, Any]]:
    if len(table.rows) > MAX_RECORDS + 1:  # blank rows are counted too: a bound on the work, not on records
        issues.append(Issue(table.table, f"more than {MAX_RECORDS + 1:,} rows: more than the {MAX_RECORDS:,} "
                            "records a day may hold (not read)", table.place()))
        return []
    issues += _header_issues(table)
    records = []
    table.kept = []
    for cells, label in zip(table.rows, table.labels):
        path = f"{table.table}[{len(records)}]"
        texts = _texts(table, cells, label, path, issues)
        if not any(text.strip() for text in texts):
            continue  # a blank row
        issues += _row_issues(table, texts, label, path)
        table.kept.append(label)
        records.append(read_record(dict(zip(table.header, texts))))
    return records


def _texts(table: Table, cells: Sequence[Any], label: int | str, path: str, issues: list[Issue]) -> list[str]:
    """The cells of a row as the texts a CSV file would hold; a cell no rule reads is an issue, and empty."""
    texts = []
    for position, cell in enumerate(cells):
        try:
            texts.append(cell_text(cell))
        except CellError as error:
            column = table.header[position] if position < len(table.header) else None
            issues.append(Issue(path, str(error), table.place(label, column)))
            texts.append("")
    return texts


def _row_issues(table: Table, texts: list[str], label: int | str, path: str) -> list[Issue]:
    """Cells past the header's last column, or under a column without a name."""
    issues = []
    width = len(table.header)
    if len(texts) > width:
        beyond = next((position for position in range(width, len(texts)) if texts[position].strip()), width)
        issues.append(Issue(path, f"{len(texts)} cells, but the header of {table.title} names {width} columns",
                            _unnamed(table, label, beyond)))
    unnamed = [position for position, (column, text) in enumerate(zip(table.header, texts))
               if not column and text.strip()]
    if unnamed:
        issues.append(Issue(path, f"a cell under a column of {table.title} that has no name",
                            _unnamed(table, label, unnamed[0])))
    return issues


def _unnamed(table: Table, label: int | str, position: int) -> Place:
    """The place of a cell under no column name: by its letter in a file, by its position in a frame."""
    place = table.place(label)
    if table.file is None:
        return replace(place, column=f"#{position + 1}")
    return replace(place, letter=column_letter(position))


def _header_issues(table: Table) -> list[Issue]:
    seen: set[str] = set()
    issues = []
    for position, column in enumerate(table.header):
        if column and column in seen:
            place = table.place(table.header_row, column)
            issues.append(Issue(table.file or table.table, f"column {column!r} appears more than once in the header "
                                f"(column {position + 1})",
                                replace(place, letter=column_letter(position)) if place.letter else place))
        seen.add(column)
    return issues


def read_settings_table(table: Table) -> tuple[dict[str, Any], dict[str, Place], list[Issue]]:
    """The day's settings held by a settings sheet (columns ``setting`` and ``value``), the place of each, and
    the rows that could not be read (a setting named twice, a cell no rule reads), each with its place.

    Raises
    ------
    InvalidProblem
        For a sheet without those columns.
    """
    top: dict[str, Any] = {}
    places: dict[str, Place] = {"": table.place()}
    issues: list[Issue] = []
    missing = [column for column in SETTINGS_HEADER if column not in table.header]
    if missing:
        raise InvalidProblem([Issue("settings", f"the settings need columns 'setting' and 'value' in their first "
                                    f"row; {' and '.join(repr(column) for column in missing)} is missing",
                                    table.place(table.header_row))])
    key_at, value_at = (table.header.index(column) for column in SETTINGS_HEADER)
    for cells, label in zip(table.rows, table.labels):
        try:
            key = cell_text(cells[key_at] if key_at < len(cells) else None).strip()
            text = cell_text(cells[value_at] if value_at < len(cells) else None)
        except CellError as error:
            issues.append(Issue("settings", str(error), table.place(label)))
            continue
        if not key:
            if text.strip():
                issues.append(Issue("settings", "a value without the name of its setting",
                                    table.place(label, "setting")))
            continue
        if key in places:
            issues.append(Issue(key, f"setting {key!r} appears more than once (first at row {places[key].row})",
                                table.place(label, "setting")))
            continue
        places[key] = table.place(label, "value")
        if not text.strip():
            continue  # left out: its default
        value = read_setting(key, text)
        if key in _TOP_SETTINGS:
            top[key] = value
        else:
            top.setdefault("settings", {})[key] = value
    return top, places, issues


# A day to tables -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DayTables:
    """A day's tables, each as (header, rows of cells), and its settings."""

    tables: Mapping[str, tuple[tuple[str, ...], list[list[Any]]]]
    settings: Mapping[str, Any]
    """What ``settings.json`` holds: ``date`` (when set), ``levels`` and ``settings``."""
    settings_rows: list[list[Any]]
    """The rows of a settings sheet under its header ``setting``, ``value``."""


def day_tables(problem: Record) -> DayTables:
    """The tables of a day (every table, every column, also when empty), as every format writes them.

    Raises
    ------
    InvalidProblem
        For values the table notation cannot hold (``models.cells``), each with its path.
    """
    issues: list[Issue] = []
    tables = {}
    for name in TABLES:
        columns = COLUMNS[name]
        rows = [record_cells(record.model_dump(mode="json"), columns, f"{name}[{index}]", issues)
                for index, record in enumerate(getattr(problem, name))]
        tables[name] = (columns, rows)
    settings = problem.model_dump(mode="json", include={"date", "levels", "settings"}, exclude_none=True)
    flat = {key: settings[key] for key in _TOP_SETTINGS if key in settings} | settings["settings"]
    rows = [[key, setting_cell(key, value, issues)] for key, value in flat.items()]
    if issues:
        raise InvalidProblem(issues, subject="the day, written as tables")
    return DayTables(tables, settings, rows)
