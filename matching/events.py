"""Progress events of long solves: parts finished, best coverage and its bound.

``solve(..., progress=callback)`` calls ``callback(event)`` as the solve moves on:
when a part (a component, or a bundle of small ones) starts and finishes and,
for parts solved in this process, when each objective tier is settled. How an
event is shown is up to the caller (``matching.cli.progress`` draws a status line).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ProgressEvent"]


@dataclass(frozen=True)
class ProgressEvent:
    """Parts (components, or bundles of small ones) done of total, coverage reached and bounded so far
    (planner units), and what runs now."""

    done: int
    total: int
    coverage: float
    bound: float
    seconds: float
    stage: str = ""
