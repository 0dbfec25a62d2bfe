"""An append-only journal of a planner's accepted events: one JSON line each, on disk before the call returns.

``Journal.append`` writes a line, flushes it and ``fsync``s the file (and, once, the folder that holds
it), so an event a caller was told is accepted survives a crash of the process or the machine.
``read_journal`` gives the events back in order; a last line cut short by a crash (no newline, or not
JSON) is reported, not fatal: it was never acknowledged. A bad line anywhere else is an error.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from models import InvalidProblem, Issue

__all__ = ["Journal", "read_journal", "FORMAT"]

FORMAT = 1
"""The journal's format, in its first line: ``{"journal": "sanhu", "format": 1}``."""
_HEAD = {"journal": "sanhu", "format": FORMAT}

Record = dict[str, Any]


class Journal:
    """Appends events to ``path`` (created with its head line when new)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the planner's life
        if fresh:
            self._write(_HEAD)
            _sync_folder(self.path.parent)

    def append(self, record: Record) -> None:
        """Write one event and make it durable before returning."""
        self._write(record)

    def _write(self, record: Record) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()


def read_journal(path: str | os.PathLike[str]) -> tuple[list[Record], str | None]:
    """The journal's events in order, and a note when its last line was cut short (else None).

    Raises ``InvalidProblem`` naming the line when the file is not a journal or a line before the
    last is broken.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidProblem([Issue(str(path), f"cannot read the journal: {error}")], subject="the journal") from None
    lines = text.split("\n")
    complete, tail = lines[:-1], lines[-1]  # text ends with "\n" when the last write was whole
    records: list[Record] = []
    for number, line in enumerate(complete, start=1):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            if number == len(complete) and not tail:
                return _events(path, records), f"line {number} is not a whole event ({error.msg}); it was left out"
            raise InvalidProblem([Issue(f"{path}:{number}", f"not a journal line: {error.msg}")],
                                 subject="the journal") from None
    note = f"line {len(complete) + 1} was cut short ({len(tail)} bytes); it was left out" if tail else None
    return _events(path, records), note


def _events(path: Path, records: list[Record]) -> list[Record]:
    if not records or records[0] != _HEAD:
        raise InvalidProblem([Issue(f"{path}:1", f"not a sanhu journal (expected {json.dumps(_HEAD)})")],
                             subject="the journal")
    return records[1:]


def _sync_folder(folder: Path) -> None:
    """Make the new file's name itself durable (a POSIX folder is synced through a read-only descriptor)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
