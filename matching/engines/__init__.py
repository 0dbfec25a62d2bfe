"""Exact engines that optimise a ``LinearModel``: CP-SAT and two MIP solvers (SCIP, HiGHS).

Every engine keeps its own solver model, takes extra rows (the tiers already
fixed), and optimises one objective at a time, returning the values, the
objective and the proven bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["EngineResult", "ENGINES", "make_engine", "round_bound"]


@dataclass(frozen=True)
class EngineResult:
    """One optimisation: ``status`` is optimal, feasible, infeasible or unknown."""

    status: str
    values: np.ndarray | None
    value: int | None
    bound: int | None


ENGINES = ("cp-sat", "scip", "highs")


def round_bound(bound: float, sense: str) -> int | None:
    """A MIP solver's proven bound as an integer on the safe side (None when it has none)."""
    if not np.isfinite(bound) or abs(bound) >= 1e20:  # 1e20: SCIP's infinity
        return None
    slack = 1e-6 + 1e-12 * abs(bound)  # a few units in the last place of large bounds, on the safe side
    return int(np.floor(bound + slack)) if sense == "max" else int(np.ceil(bound - slack))


def make_engine(name: str, model, *, workers: int, seed: int):
    """An engine named ``name`` for a built ``LinearModel``."""
    if name == "cp-sat":
        from matching.engines.cpsat import CpSatEngine

        return CpSatEngine(model, workers=workers, seed=seed)
    if name == "scip":
        from matching.engines.scip import ScipEngine

        return ScipEngine(model, seed=seed)
    if name == "highs":
        from matching.engines.mip import MipEngine

        return MipEngine(model, seed=seed)
    raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
