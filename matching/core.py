"""Infeasibility cores: required needs that cannot all be covered together.

The required needs' ``cover`` literals become assumptions; CP-SAT (one worker,
as its assumption cores need) names a sufficient subset, which a deletion pass
shrinks while each check stays cheap.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from matching.engines.cpsat import CpSatEngine
from matching.formulation import build_formulation
from matching.network import Network
from models import Core

__all__ = ["required_core"]

_DELETION_LIMIT = 30
"""Cores up to this size are shrunk by trying to drop each need in turn."""


def _nothing(model) -> np.ndarray:
    return np.zeros(model.variables, dtype=np.int64)


def _infeasible(network: Network, needs: list[int], seconds: float) -> bool:
    model = build_formulation(network, needs=needs, force=needs)
    result = CpSatEngine(model, workers=1, seed=0).optimize(_nothing(model), "max", time_limit=seconds)
    return result.status == "infeasible"


def required_core(network: Network, needs: Iterable[int] | None = None, *, seconds: float = 10.0) -> Core:
    """A small set of required needs that cannot all be covered, as a ``Core``.

    Parameters
    ----------
    needs : iterable of int, optional
        Where to look (e.g. the needs of the infeasible components); default all.
    seconds : float
        Time for the whole search; the deletion pass stops when it runs out.
    """
    deadline = time.perf_counter() + seconds
    problem = network.problem
    pool = range(len(problem.needs)) if needs is None else needs
    required = sorted(n for n in pool if problem.needs[n].required)
    model = build_formulation(network, needs=required, required=False)
    engine = CpSatEngine(model, workers=1, seed=0)
    by_variable = {model.cover_var(n): n for n in required}
    result = engine.optimize(_nothing(model), "max", time_limit=seconds, assumptions=list(by_variable))
    core = required
    if result.status == "infeasible":
        core = sorted(by_variable[v] for v in engine.core() if v in by_variable) or required
    if len(core) <= _DELETION_LIMIT:
        for need in list(core):
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            rest = [n for n in core if n != need]
            if rest and _infeasible(network, rest, left):
                core = rest
    ids = tuple(problem.needs[n].id for n in core)
    what = "this required need" if len(ids) == 1 else f"these {len(ids)} required needs"
    return Core(needs=ids, detail=f"The day is infeasible: {what} cannot all be covered today: {', '.join(ids)}.")
