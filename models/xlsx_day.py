"""A day as an ``.xlsx`` workbook: reading and writing it (the ``excel`` extra, openpyxl).

One sheet per table of a CSV day folder, named as its file without ``.csv``: ``areas``,
``resources``, ``needs`` and optionally ``units`` and ``arcs``, each with a header row
naming its columns as the CSV file does. What ``settings.json`` holds is an optional sheet
``settings`` with columns ``setting`` and ``value``, one row per setting: ``date``,
``levels`` (``city;street;community;grid;micro``), ``objective`` (``coverage;cost``),
``escalation_cost``, ``distance_cost``, ``fairness_level``. Sheet names are matched in any case
(``Needs``); other sheets are ignored.

Cells are read by the rules of a CSV folder (``models.cells``), after taking each cell as the
text a CSV file would hold: a number cell as its digits (``2.0`` stored by the spreadsheet
reads as ``2``), a flag cell as ``true`` or ``false``, a cell formatted as a time
(``datetime.time``, or a duration up to 24 hours) as ``"HH:MM"``, a date cell as
``"YYYY-MM-DD"``. A formula reads as the value the spreadsheet last computed for it (none,
an empty cell, when the file was written by a program that computes nothing). Errors name the
file, the sheet, the row and the column (``day.xlsx, sheet needs, row 5, column D 'capacity'``).

Written workbooks hold every table (also an empty one) with every column, and the settings
sheet; text is written as text (also when it starts with ``=``), numbers as numbers, flags as
``TRUE``/``FALSE``, times and windows as text (``08:30-12:00``). A cell holds at most 32,767
characters and no control character: longer text, or text holding one, is refused when writing.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from models.cells import cell_text
from models.day import Record
from models.errors import InvalidProblem, Issue, MissingExtra
from models.tables import (REQUIRED_TABLES, SETTINGS_HEADER, TABLES, Table, TableDay, day_tables,
                           read_settings_table, read_tables)
from models.types import MAX_RECORDS

__all__ = ["read_xlsx", "xlsx_bytes", "workbook_bytes", "openpyxl", "MAX_CELL_TEXT"]

MAX_CELL_TEXT = 32_767
"""The most characters a spreadsheet cell may hold (Excel's limit)."""


def openpyxl():
    """The openpyxl module, or a clear error saying which extra to install."""
    try:
        import openpyxl as module
    except ImportError:
        raise MissingExtra("reading and writing .xlsx workbooks needs openpyxl: pip install 'sanhu[excel]'") from None
    return module


def read_xlsx(path: Path) -> TableDay:
    """The day held by an ``.xlsx`` workbook.

    Raises
    ------
    InvalidProblem
        For a file that is not a workbook, a missing sheet or a cell that cannot be read, each with its
        file, sheet, row and column.
    MissingExtra
        When openpyxl is not installed.
    """
    excel = openpyxl()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not read
            workbook = excel.load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as error:  # noqa: BLE001 - a broken file may fail anywhere inside openpyxl
        raise InvalidProblem([Issue(str(path), f"not an .xlsx workbook: {error or type(error).__name__}")]) from None
    try:
        sheets = {name.strip().lower(): name for name in workbook.sheetnames}
        missing = [name for name in REQUIRED_TABLES if name not in sheets]
        if missing:
            raise InvalidProblem([Issue(str(path), f"a day workbook needs sheets {', '.join(missing)} "
                                        f"(it has {', '.join(workbook.sheetnames) or 'none'})")])
        tables = {name: _table(workbook[sheets[name]], name, path) for name in TABLES if name in sheets}
        top, places, issues = ({}, {}, []) if "settings" not in sheets else read_settings_table(
            _table(workbook[sheets["settings"]], "settings", path))
    except (InvalidProblem, OSError):
        raise
    except Exception as error:  # noqa: BLE001 - a sheet's XML may be broken anywhere
        raise InvalidProblem([Issue(str(path), f"not an .xlsx workbook: {error or type(error).__name__}")]) from None
    finally:
        workbook.close()
    day = read_tables(tables, top, places)
    day.issues += issues
    return day


def _table(sheet, name: str, path: Path) -> Table:
    sheet.reset_dimensions()  # read every row and cell there is, not only those the file's stated size covers
    rows = []
    for cells in islice(sheet.iter_rows(values_only=True), MAX_RECORDS + 3):  # more is refused unread
        cells = list(cells)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()  # a sheet's rows run as wide as its widest: trailing empty cells are no cells
        rows.append(cells)
    header = [cell_text(cell).strip() if isinstance(cell, (str, int, float)) else "" if cell is None else str(cell)
              for cell in (rows[0] if rows else [])]
    return Table(name, header, rows[1:], range(2, len(rows) + 1), title=f"sheet {name}", file=str(path),
                 sheet=sheet.title)


def xlsx_bytes(problem: Record) -> bytes:
    """The ``.xlsx`` workbook holding ``problem``: a sheet per table and the settings sheet.

    Raises
    ------
    InvalidProblem
        For values the table notation or a spreadsheet cell cannot hold, each with its path.
    MissingExtra
        When openpyxl is not installed.
    """
    openpyxl()  # a missing extra is said before the day's own problems
    tables = day_tables(problem)
    sheets = {**tables.tables, "settings": (SETTINGS_HEADER, tables.settings_rows)}
    return workbook_bytes(sheets, subject="the day, written as a workbook")


def workbook_bytes(sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]], *, subject: str) -> bytes:
    """An ``.xlsx`` workbook with a sheet per entry of ``sheets`` (its name: its header and rows of cells).

    Text is written as text (also when it starts with ``=``), numbers as numbers, flags as flags.

    Raises
    ------
    InvalidProblem
        For text a spreadsheet cell cannot hold, each with its path (``needs[3].title``); ``subject``
        says what was being written.
    MissingExtra
        When openpyxl is not installed.
    """
    excel = openpyxl()
    issues: list[Issue] = []
    workbook = excel.Workbook(write_only=True)
    for name, (columns, rows) in sheets.items():
        _write_sheet(workbook.create_sheet(name), columns, rows, name, issues)
    if issues:
        raise InvalidProblem(issues, subject=subject)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet, columns, rows: Sequence[Sequence[Any]], name: str, issues: list[Issue]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell

    sheet.append(list(columns))
    for index, row in enumerate(rows):
        cells = []
        for column, value in zip(columns, row):
            if isinstance(value, str):
                path = f"{name}[{index}].{column}" if name != "settings" else str(row[0])
                if len(value) > MAX_CELL_TEXT:
                    issues.append(Issue(path, f"{len(value):,} characters, more than the {MAX_CELL_TEXT:,} a "
                                        "spreadsheet cell holds"))
                    value = None  # the workbook is not saved
                elif ILLEGAL_CHARACTERS_RE.search(value):
                    issues.append(Issue(path, "holds a control character, which a spreadsheet cell cannot hold"))
                    value = None
                elif value.startswith("="):
                    value = WriteOnlyCell(sheet, value)
                    value.data_type = "s"  # text, not a formula
            cells.append(value)
        sheet.append(cells)
