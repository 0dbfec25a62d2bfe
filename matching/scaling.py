"""The one place where quantities become integers for the solver.

Amounts (hours or uses), capacities, weights and costs are exact to 0.01
(SPEC §2), so every one is held as an integer number of hundredths:
``to_hundredths(2.5) == 250``. An assignment's cost is rounded to the nearest
0.01 (halves up) before summing, as SPEC fixes.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SCALE", "RATIO_SCALE", "TIER_SCALE", "to_hundredths", "from_hundredths", "cost_hundredths"]

SCALE = 100
RATIO_SCALE = 1_000_000
"""Shares (fairness) and utilisations (balance) are held in millionths."""
TIER_SCALE = {"coverage": SCALE, "cost": SCALE, "fairness": RATIO_SCALE, "balance": RATIO_SCALE, "stability": 1}
"""What one unit of each tier's integer value is worth in the plan."""


def to_hundredths(value: float) -> int:
    """A quantity already exact to 0.01 (as ``models`` reads it), as an integer."""
    return int(round(value * SCALE))


def from_hundredths(value: int | float) -> float:
    """Back from hundredths to the planner's units, exact to 0.01."""
    return round(value / SCALE, 2)


def cost_hundredths(exact, inexact=0.0):
    """An assignment's cost, given in ten-thousandths, rounded to the nearest hundredth, halves up.

    ``exact`` holds the parts that are products of two quantities exact to 0.01
    (escalation × levels, cost per unit × amount), so they are whole numbers of
    ten-thousandths; ``inexact`` holds the distance part, first rounded to a
    millionth of a ten-thousandth so that a distance floating point computes a hair
    short (``hypot(1.2, 0.9)`` is 1.4999999999999991, not 1.5) counts as the exact
    one. A half is then seen as a half: 0.1 × 1.45 = 0.145 costs 0.15. Works on
    numbers and numpy arrays alike.
    """
    rounded = np.floor((np.asarray(exact) + np.round(inexact, 6)) / SCALE + 0.5).astype(np.int64)
    return int(rounded) if rounded.ndim == 0 else rounded
