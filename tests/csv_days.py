"""A day dict written as a CSV folder, by the rules the README gives for CSV days.

Imports nothing from ``models`` or ``matching``: a folder written here and read by
``Problem.load`` must give the day the dict gives.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

__all__ = ["write_csv_day", "write_files", "cell"]

TABLES = ("areas", "units", "resources", "needs", "arcs")


def cell(key: str, value) -> str:
    """One JSON value as the CSV cell the README's rules read back (its text, when it has not their shape)."""
    if value is None:
        return "null" if key == "parent" else ""
    try:
        if key == "available":
            return ";".join(f"{start}-{end}" for start, end in value)
        if key == "window":
            return f"{value[0]}-{value[1]}"
        if key == "requires":
            return ";".join(requirement["skill"] + (f"*{requirement['count']}" if "count" in requirement else "")
                            + (f"@{requirement['amount']}" if "amount" in requirement else "")
                            for requirement in value)
    except (TypeError, KeyError, ValueError, IndexError):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(part) for part in value)
    return str(value)


def _rows(records: list[dict]) -> tuple[list[str], list[list[str]]]:
    columns: list[str] = []
    for record in records:
        for key in record:
            names = ["x", "y"] if key == "xy" else [key]
            columns += [name for name in names if name not in columns]
    rows = []
    for record in records:
        values = dict(record)
        xy = values.pop("xy", None)
        if isinstance(xy, (list, tuple)) and len(xy) == 2:
            values["x"], values["y"] = xy
        elif xy is not None:
            values["x"] = xy  # not a pair: written as it is, to be refused
        rows.append([cell(column, values.get(column)) for column in columns])
    return columns, rows


def write_files(day) -> dict[str, bytes]:
    """The files of ``day`` as a CSV folder holds them (``settings.json`` for its date, levels and settings).

    Whatever ``day`` holds: a table that is not a list of records is written as one row of its text, so that
    broken days (``mutations``) can be written too.
    """
    files: dict[str, bytes] = {}
    if not isinstance(day, dict):
        return {"areas.csv": f"id\n{day}\n".encode("utf-8", "surrogatepass")}
    top = {key: day[key] for key in ("date", "levels", "settings") if key in day}
    files["settings.json"] = json.dumps(top, ensure_ascii=False).encode("utf-8", "surrogatepass")
    for table in TABLES:
        records = day.get(table)
        if records is None or (isinstance(records, list) and not records and table in ("units", "arcs")):
            continue
        if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
            columns, rows = ["id"], [[str(records)]]
        else:
            columns, rows = _rows(records)
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(columns or ["id"])
        writer.writerows(rows)
        files[f"{table}.csv"] = text.getvalue().encode("utf-8", "surrogatepass")
    return files


def write_csv_day(day: dict, folder: Path) -> Path:
    """Write ``day`` as a CSV folder; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in write_files(day).items():
        (folder / name).write_bytes(content)
    return folder
