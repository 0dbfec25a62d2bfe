"""A day dict written as a CSV folder, by the rules the README gives for CSV days.

Imports nothing from ``models`` or ``matching``: a folder written here and read by
``Problem.load`` must give the day the dict gives.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

__all__ = ["write_csv_day", "cell"]

TABLES = ("areas", "units", "resources", "needs", "arcs")


def cell(key: str, value) -> str:
    """One JSON value as the CSV cell the README's rules read back."""
    if value is None:
        return "null" if key == "parent" else ""
    if key in ("available",):
        return ";".join(f"{start}-{end}" for start, end in value)
    if key == "window":
        return f"{value[0]}-{value[1]}"
    if key == "requires":
        return ";".join(requirement["skill"] + (f"*{requirement['count']}" if "count" in requirement else "")
                        + (f"@{requirement['amount']}" if "amount" in requirement else "")
                        for requirement in value)
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
        if values.get("xy") is not None:
            values["x"], values["y"] = values.pop("xy")
        rows.append([cell(column, values.get(column)) for column in columns])
    return columns, rows


def write_csv_day(day: dict, folder: Path) -> Path:
    """Write ``day`` as a CSV folder (``settings.json`` for its date, levels and settings); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    top = {key: day[key] for key in ("date", "levels", "settings") if key in day}
    (folder / "settings.json").write_text(json.dumps(top, ensure_ascii=False), encoding="utf-8")
    for table in TABLES:
        records = day.get(table)
        if records is None or (not records and table in ("units", "arcs")):
            continue
        columns, rows = _rows(records)
        with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns or ["id"])
            writer.writerows(rows)
    return folder
