"""Where the ``sanhu`` command writes: places tried before any work is done, and the plan's tables.

An output path is tried for real before the day is read (a file or folder made there and
removed), so that a long solve never ends in a place that cannot take its result.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from models import InvalidProblem, Issue, Plan, Problem, write_atomic
from models.io import DAY_FOLDER, FolderKind, replaceable_folder, write_folder_atomic

__all__ = ["check_writable", "check_folder_writable", "check_tables_writable", "table_files", "write_table_files",
           "write_tables"]


def check_writable(out: str | None, option: str = "--out") -> None:
    """Refuse an output path that cannot be written, before any work is done.

    The folder is tried for real (a file made there and removed), as ``write_atomic`` will use it.
    """
    if out is None:
        return
    target = Path(out)
    problem = None
    try:
        if not out.strip():
            problem = "must name a file, got an empty name"
        elif target.is_dir():
            problem = f"{target} is a directory"
        elif not target.parent.is_dir():
            problem = f"folder {target.parent} does not exist"
        elif target.exists() and not target.stat().st_mode & 0o222:
            problem = f"{target} is read-only (it is not replaced)"
        else:
            descriptor, trial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(descriptor)
            os.unlink(trial)
    except OSError as error:
        problem = f"cannot write in folder {target.parent}: {error.strerror or error}"
    if problem:
        raise InvalidProblem([Issue(option, problem)], subject="the command line")


def check_folder_writable(out: str, option: str, kind: FolderKind = DAY_FOLDER) -> None:
    """Refuse a place a folder of CSV files (a day's, by default) cannot be written to, before any work is done."""
    target = Path(out)
    problem = None
    try:
        if not out.strip():
            problem = "must name a folder, got an empty name"
        elif target.suffix.lower() == ".csv":
            problem = (f"{target} names one CSV file, but a CSV {kind.holder.removeprefix('a ')} is a folder of them "
                       f"({kind.marker or 'areas.csv'}, needs.csv, ...): name the folder"
                       + (", or use .json or .xlsx" if option == "OUT" else ""))
        elif not target.parent.is_dir():
            problem = f"folder {target.parent} does not exist"
        else:
            replaceable_folder(target, kind)
            os.rmdir(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as error:
        problem = f"{error.filename or target}: {error.strerror or error}"
    if problem:
        raise InvalidProblem([Issue(option, problem)], subject="the command line")


def check_tables_writable(csv: str | None, xlsx: str | None) -> None:
    """Refuse places the plan's tables cannot be written to (``--csv DIR``, ``--xlsx FILE``), or a missing
    extra, before any work is done."""
    from models.plan_tables import PLAN_FOLDER

    if xlsx is not None:
        from models.xlsx_day import openpyxl

        openpyxl()  # a missing extra is said before any work is done
        if Path(xlsx).suffix.lower() != ".xlsx":
            raise InvalidProblem([Issue("--xlsx", f"{xlsx} must end in .xlsx (a workbook); for CSV files, use "
                                        "--csv DIR")], subject="the command line")
        check_writable(xlsx, "--xlsx")
    if csv is not None:
        check_folder_writable(csv, "--csv", PLAN_FOLDER)


def table_files(problem: Problem, plan: Plan, csv: str | None, xlsx: str | None) -> list[tuple[str, Any]]:
    """The plan's tables for ``--csv DIR`` and ``--xlsx FILE`` (each if given), as they will be written: (place,
    files of the folder or bytes of the workbook). Made before anything is written, so that a text a workbook
    cannot hold leaves no output half-written.

    Raises
    ------
    InvalidProblem
        For a text a spreadsheet cell cannot hold (a control character), each with its path.
    """
    from models.plan_tables import plan_csv_files, plan_xlsx_bytes

    made: list[tuple[str, Any]] = []
    if csv is not None:
        made.append((csv, plan_csv_files(problem, plan)))
    if xlsx is not None:
        made.append((xlsx, plan_xlsx_bytes(problem, plan)))
    return made


def write_table_files(made: list[tuple[str, Any]]) -> list[str]:
    """Write what :func:`table_files` made, each atomically; the places written."""
    from models.plan_tables import PLAN_FOLDER

    for place, content in made:
        if isinstance(content, dict):
            write_folder_atomic(place, content, PLAN_FOLDER)
        else:
            write_atomic(place, content)
    return [place for place, _ in made]


def write_tables(problem: Problem, plan: Plan, csv: str | None, xlsx: str | None) -> list[str]:
    """Write the plan's tables as a folder of CSV files at ``csv`` and a workbook at ``xlsx`` (each if given),
    atomically; the places written."""
    return write_table_files(table_files(problem, plan, csv, xlsx))
