"""What one engine run returns, and a MIP solver's bound made a safe integer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["EngineResult", "round_bound"]


@dataclass(frozen=True)
class EngineResult:
    """One optimisation: ``status`` is optimal, feasible, infeasible or unknown."""

    status: str
    values: np.ndarray | None
    value: int | None
    bound: int | None


def round_bound(bound: float, sense: str) -> int | None:
    """A MIP solver's proven bound as an integer on the safe side (None when it has none)."""
    if not np.isfinite(bound) or abs(bound) >= 1e20:  # 1e20: SCIP's infinity
        return None
    slack = 1e-6 + 1e-12 * abs(bound)  # a few units in the last place of large bounds, on the safe side
    return int(np.floor(bound + slack)) if sense == "max" else int(np.ceil(bound - slack))
