"""Progress events of long solves: parts finished, best coverage and its bound.

``solve(..., progress=callback)`` calls ``callback(event)`` as the solve moves on:
when a part (a component, or a bundle of small ones) starts and finishes and,
for parts solved in this process, when each objective tier is settled. How an
event is shown is up to the caller (``matching.cli.progress`` draws a status line);
``describe`` says what runs now in any language of ``models.messages``.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.messages import label, message

__all__ = ["ProgressEvent", "describe"]


@dataclass(frozen=True)
class ProgressEvent:
    """Parts (components, or bundles of small ones) done of total, coverage reached and bounded so far
    (planner units), and what runs now: ``stage`` in English words, and as data, the part (1-based; 0 when
    the event is about no one part) with its number of needs, the tier settled (empty while searching),
    whether it was proven, and its value."""

    done: int
    total: int
    coverage: float
    bound: float
    seconds: float
    stage: str = ""
    part: int = 0
    part_needs: int = 0
    tier: str = ""
    proven: bool = False
    value: float = 0.0


def describe(event: ProgressEvent, lang: str | None = None) -> str:
    """What runs now, in ``lang``: the part and the tier it settled, else the event's own ``stage``."""
    if not event.part:
        return event.stage
    if not event.tier:
        return message("progress.searching", lang, part=event.part, needs=event.part_needs)
    return message("progress.tier", lang, part=event.part, needs=event.part_needs,
                   tier=label("tier", event.tier, lang),
                   state=message("progress.proven" if event.proven else "progress.settled", lang), value=event.value)
