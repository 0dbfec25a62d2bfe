"""What every benchmark shares: the machine, Markdown tables, medians, atomic JSON, progress lines."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["machine", "source_state", "command_line", "markdown_table", "number", "seconds", "median", "write_json",
           "say"]

_REPO = Path(__file__).resolve().parent.parent


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], check=False, cwd=_REPO, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def source_state() -> dict[str, Any]:
    """The commit measured, and which files of the solver differed from it (work in progress)."""
    changed = _git("status", "--porcelain", "--", "matching", "models")
    commit = _git("rev-parse", "--short", "HEAD")
    return {"commit": commit and commit.strip(),
            "uncommitted": [line[3:] for line in changed.splitlines()] if changed else []}


def machine() -> dict[str, Any]:
    """Where and when the numbers were measured."""
    load = os.getloadavg()
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": sys.version.replace("\n", " "),
        "sanhu": _version("sanhu"),
        "ortools": _version("ortools"),
        "numpy": _version("numpy"),
        "highspy": _version("highspy"),
        "load_at_start": [round(value, 2) for value in load],
        "source": source_state(),
    }


def command_line() -> str:
    """The command that produced this run, as typed from the repository root."""
    return shlex.join(["python", "-m", "benchmarks", *sys.argv[1:]])


def number(value: Any, digits: int = 2) -> str:
    """A cell: a number with ``digits`` decimals, or ``–`` when there is none."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}" if isinstance(value, float) or digits else f"{value:,}"
    return str(value)


def seconds(value: Any) -> str:
    """A duration cell: milliseconds visible below a second, else two decimals."""
    return number(value, 3 if isinstance(value, (int, float)) and value < 1 else 2)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]], align: str | None = None) -> str:
    """A GitHub Markdown table; ``align`` is one ``l``/``r`` per column (default: first left, rest right)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def median(values: Iterable[Any]) -> float | None:
    """Median of the numbers among ``values`` (None when there are none)."""
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return statistics.median(numbers) if numbers else None


def write_json(path: str | Path, data: Any) -> None:
    """Write ``data`` as JSON atomically: a temporary file beside ``path``, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary open() would create it, not mkstemp's 0600
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def say(message: str) -> None:
    """A progress line on stderr (stdout carries only the tables)."""
    print(message, file=sys.stderr, flush=True)
