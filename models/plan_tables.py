"""A plan as tables: the one step plan CSV folders, plan workbooks and plan DataFrames share.

A street office forwards the plan to its communities as four tables, each a CSV file of a
folder, a sheet of a workbook or a DataFrame, with the same columns in every format:

``assignments``, one row per assignment, in the plan's order
    ``need``, ``need_title``, ``resource``, ``resource_name``, ``area`` (the need's), then one
    column per level of the day below the root's level (``street``, ``community``, ``grid``,
    ``micro`` for the default levels) holding the name of the need's area or its ancestor at
    that level (empty where the need's area is above the level or the tree skips it), then
    ``requirement`` (0-based index into the need's ``requires``, as in the plan), ``skill``,
    ``amount``, ``cost``;
``needs``, one row per need, in the day's order
    ``id``, ``title``, ``kind``, ``area``, the level columns, ``weight``, ``required``,
    ``outcome``, ``covered``, ``reason`` (the code of an unmet need's reason) and ``detail``
    (its sentence);
``resources``, one row per resource, in the day's order
    ``id``, ``name``, ``kind``, ``area``, ``area_name``, ``unit``, ``measure``, ``used``,
    ``capacity``, ``tasks``;
``areas``, one row per area, in the day's order (each area's whole subtree)
    ``id``, ``name``, ``level``, ``parent``, ``needs``, ``covered``, ``weight``,
    ``covered_weight``, ``covered_share`` (covered weight over weight, to 4 decimals; empty for an
    area without needs).

An area without a name is shown by its id. A level named like another column of a table
(a level ``weight``) gets the column ``weight (level)`` there. Cells are numbers (a whole amount
as an integer), flags (``required``, ``covered``) and text; an empty cell is ``None``. The
root's level has no column: it would hold the same name on every row.

Plan CSV folders are written with a byte-order mark, so that Excel opens their Chinese text as
UTF-8 (without one it guesses the system's code page); a day's CSV folder reads with or without
one.

A plan is typed here by its base class, ``Output``, as in ``models.plan_checks``: ``Plan.to_frames``
and ``Plan.save_tables`` call this module, and ``models.plan`` imports nothing that imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.base import Output
from models.csv_day import csv_table
from models.io import FolderKind, write_atomic, write_folder_atomic
from models.plan_checks import verify_plan
from models.problem import Problem

if TYPE_CHECKING:
    import pandas

__all__ = ["PLAN_TABLES", "PLAN_FOLDER", "plan_tables", "plan_csv_files", "plan_xlsx_bytes", "plan_frames",
           "write_plan_tables", "plan_tables_format"]

PLAN_TABLES = ("assignments", "needs", "resources", "areas")
PLAN_FOLDER = FolderKind(frozenset(f"{name}.csv" for name in PLAN_TABLES), "a plan", marker="assignments.csv")
"""A plan's CSV folder: it replaces only a folder holding a plan's files (never a day's ``needs.csv``)."""

Table = tuple[tuple[str, ...], list[list[Any]]]
"""A table's header and its rows of cells."""
Levels = list[tuple[str, str]]
"""(level, column name) of each level column."""
Places = dict[str, list[str | None]]
"""Every area's name at each level column."""

_ASSIGNMENT_COLUMNS = ("need", "need_title", "resource", "resource_name", "area", "requirement", "skill", "amount",
                       "cost")
_NEED_COLUMNS = ("id", "title", "kind", "area", "weight", "required", "outcome", "covered", "reason", "detail")
_RESOURCE_COLUMNS = ("id", "name", "kind", "area", "area_name", "unit", "measure", "used", "capacity", "tasks")
_AREA_COLUMNS = ("id", "name", "level", "parent", "needs", "covered", "weight", "covered_weight", "covered_share")


def plan_tables(problem: Problem, plan: Output) -> dict[str, Table]:
    """The four tables of ``plan`` (a :class:`models.Plan`), names and titles taken from ``problem``.

    Raises
    ------
    InvalidProblem
        When ``plan`` is not a plan of ``problem`` (``models.verify_plan``).
    """
    verify_plan(problem, plan)
    levels = _level_columns(problem)
    places = _places(problem, [level for level, _ in levels])
    return {
        "assignments": _assignments(problem, plan, levels, places),
        "needs": _needs(problem, plan, levels, places),
        "resources": _resources(problem, plan),
        "areas": _areas(problem, plan),
    }


def _level_columns(problem: Problem) -> Levels:
    """(level, column name) for every level of the day below the root's."""
    root = next(area for area in problem.areas if area.parent is None)
    below = problem.levels[problem.levels.index(root.level) + 1:]
    taken = {*_NEED_COLUMNS, *_ASSIGNMENT_COLUMNS}
    return [(level, f"{level} (level)" if level in taken else level) for level in below]


def _places(problem: Problem, levels: Sequence[str]) -> Places:
    """Every area's name at each of ``levels`` on its path from the root (None where there is none)."""
    wanted = {level: position for position, level in enumerate(levels)}
    places: Places = {}
    for area in problem.areas:
        path, current = [], area
        while current is not None and current.id not in places:  # up to an area already placed, or past the root
            path.append(current)
            current = None if current.parent is None else problem.area_by_id[current.parent]
        row = [None] * len(levels) if current is None else places[current.id]
        for step in reversed(path):
            row = list(row)
            if step.level in wanted:
                row[wanted[step.level]] = _name(step.name, step.id)
            places[step.id] = row
    return places


def _name(name: str, record_id: str) -> str:
    return name or record_id


def _number(value: float) -> float | int:
    """A whole amount as an integer (``3`` rather than ``3.0`` in a CSV cell), any other as it is."""
    return int(value) if value == int(value) and abs(value) < 2**53 else value


def _assignments(problem: Problem, plan: Output, levels: Levels, places: Places) -> Table:
    columns = (*_ASSIGNMENT_COLUMNS[:5], *(column for _, column in levels), *_ASSIGNMENT_COLUMNS[5:])
    rows = []
    for assignment in plan.assignments:
        need = problem.needs[problem.need_index[assignment.need]]
        resource = problem.resources[problem.resource_index[assignment.resource]]
        rows.append([need.id, need.title, resource.id, resource.name, need.area, *places[need.area],
                     assignment.requirement, need.requires[assignment.requirement].skill,
                     _number(assignment.amount), _number(assignment.cost)])
    return columns, rows


def _needs(problem: Problem, plan: Output, levels: Levels, places: Places) -> Table:
    columns = (*_NEED_COLUMNS[:4], *(column for _, column in levels), *_NEED_COLUMNS[4:])
    outcomes = {entry.id: entry for entry in plan.needs}
    rows = []
    for need in problem.needs:
        entry = outcomes[need.id]
        reason = entry.reason
        rows.append([need.id, need.title, need.kind, need.area, *places[need.area], _number(need.weight),
                     need.required, entry.outcome, entry.covered, reason and reason.code, reason and reason.detail])
    return columns, rows


def _resources(problem: Problem, plan: Output) -> Table:
    usage = {entry.id: entry for entry in plan.resources}
    rows = []
    for resource in problem.resources:
        entry = usage[resource.id]
        area = problem.area_by_id[resource.area]
        rows.append([resource.id, resource.name, resource.kind, resource.area, _name(area.name, area.id),
                     resource.unit, resource.measure, _number(entry.used), _number(entry.capacity), entry.tasks])
    return _RESOURCE_COLUMNS, rows


def _areas(problem: Problem, plan: Output) -> Table:
    rollups = {rollup.id: rollup for rollup in plan.areas}
    rows = []
    for area in problem.areas:
        rollup = rollups.get(area.id)
        if rollup is None:  # a plan file without this area's rollup (edited by hand): its cells empty
            rows.append([area.id, area.name, area.level, area.parent, None, None, None, None, None])
            continue
        share = _number(round(rollup.covered_weight / rollup.weight, 4)) if rollup.weight else None
        rows.append([area.id, area.name, area.level, area.parent, rollup.needs, rollup.covered,
                     _number(rollup.weight), _number(rollup.covered_weight), share])
    return _AREA_COLUMNS, rows


# The formats ---------------------------------------------------------------------------------


def plan_csv_files(problem: Problem, plan: Output) -> dict[str, bytes]:
    """The files of a plan's CSV folder: ``assignments.csv``, ``needs.csv``, ``resources.csv``, ``areas.csv``
    (UTF-8 with a byte-order mark, for Excel)."""
    return {f"{name}.csv": csv_table(columns, rows, bom=True)
            for name, (columns, rows) in plan_tables(problem, plan).items()}


def plan_xlsx_bytes(problem: Problem, plan: Output) -> bytes:
    """The plan as an ``.xlsx`` workbook, a sheet per table.

    Raises
    ------
    MissingExtra
        When openpyxl is not installed (the ``excel`` extra).
    InvalidProblem
        When ``plan`` is not a plan of ``problem``, or a text cannot be held by a spreadsheet cell.
    """
    from models.xlsx_day import openpyxl, workbook_bytes

    openpyxl()  # a missing extra is said before any work is done
    return workbook_bytes(plan_tables(problem, plan), subject="the plan, written as a workbook")


def plan_frames(problem: Problem, plan: Output) -> dict[str, pandas.DataFrame]:
    """The plan's tables as pandas DataFrames, keyed by table name (the ``frames`` extra)."""
    from models.frames import frames_of

    return frames_of(plan_tables(problem, plan))


def plan_tables_format(path: str | Path) -> str:
    """``"xlsx"`` for a path ending in ``.xlsx``, else ``"csv"`` (a folder of CSV files)."""
    return "xlsx" if Path(path).suffix.lower() == ".xlsx" else "csv"


def write_plan_tables(problem: Problem, plan: Output, path: str | Path) -> str:
    """Write the plan's tables atomically: a workbook at a path ending in ``.xlsx``, else a folder of CSV files.

    Returns the format written (``"xlsx"`` or ``"csv"``). A folder already at ``path`` is replaced
    only when it holds nothing but a plan's CSV files (``PLAN_FOLDER``).

    Raises
    ------
    InvalidProblem
        When ``plan`` is not a plan of ``problem``.
    MissingExtra
        For a workbook, when openpyxl is not installed.
    OSError
        When ``path`` cannot take the tables.
    """
    form = plan_tables_format(path)
    if form == "xlsx":
        write_atomic(path, plan_xlsx_bytes(problem, plan))
    else:
        write_folder_atomic(path, plan_csv_files(problem, plan), PLAN_FOLDER)
    return form

