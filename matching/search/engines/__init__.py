"""Exact engines that optimise a ``LinearModel``: CP-SAT and two MIP solvers (SCIP, HiGHS).

Every engine keeps its own solver model, takes extra rows (the tiers already
fixed), and optimises one objective at a time, returning the values, the
objective and the proven bound.
"""

from __future__ import annotations

from matching.search.engines.result import EngineResult, round_bound

__all__ = ["EngineResult", "ENGINES", "make_engine", "round_bound"]


ENGINES = ("cp-sat", "scip", "highs")


def make_engine(name: str, model, *, workers: int, seed: int):
    """An engine named ``name`` for a built ``LinearModel``; its ``interrupt()`` stops a search from another
    thread."""
    if name == "cp-sat":
        from matching.search.engines.cpsat import CpSatEngine

        return CpSatEngine(model, workers=workers, seed=seed)
    if name == "scip":
        from matching.search.engines.scip import ScipEngine

        return ScipEngine(model, seed=seed)
    if name == "highs":
        from matching.search.engines.mip import MipEngine

        return MipEngine(model, seed=seed)
    raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
