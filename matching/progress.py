"""Progress of long solves: components finished, best coverage and its bound.

``solve(..., progress=callback)`` calls ``callback(event)`` as components finish;
``TerminalProgress`` draws one updating line on a terminal and stays quiet when
its stream is not one (a log file, a pipe, CI).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

__all__ = ["ProgressEvent", "TerminalProgress"]


@dataclass(frozen=True)
class ProgressEvent:
    """Components done of total, and coverage reached and bounded so far (planner units)."""

    done: int
    total: int
    coverage: float
    bound: float
    seconds: float


class TerminalProgress:
    """One updating status line on a terminal; silent when ``stream`` is not a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.active = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.perf_counter()

    def __call__(self, event: ProgressEvent) -> None:
        if not self.active:
            return
        line = (f"\r  solving: {event.done}/{event.total} components, coverage {event.coverage:g} "
                f"(bound {event.bound:g}), {event.seconds:.1f} s ")
        self.stream.write(line)
        if event.done == event.total:
            self.stream.write("\r" + " " * len(line) + "\r")
        self.stream.flush()
