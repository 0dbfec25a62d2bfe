"""Infeasibility cores: required needs that cannot all be covered together.

The required needs' ``cover`` literals become assumptions; CP-SAT (one worker,
as its assumption cores need) names a sufficient subset, which a deletion pass
shrinks while each check stays cheap.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from matching.formulation import build_formulation
from matching.network import Network
from models import Core

__all__ = ["required_core"]

_DELETION_LIMIT = 30
"""Cores up to this size are shrunk by trying to drop each need in turn."""


def _infeasible(network: Network, needs: list[int], seconds: float) -> bool:
    form = build_formulation(network, needs=needs, force=needs)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds
    return solver.solve(form.model) == cp_model.INFEASIBLE


def required_core(network: Network, *, seconds: float = 10.0) -> Core:
    """A small set of required needs that cannot all be covered, as a ``Core``."""
    problem = network.problem
    required = [n for n, need in enumerate(problem.needs) if need.required]
    form = build_formulation(network, needs=required, assume_required=True)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds
    core = required
    if solver.solve(form.model) == cp_model.INFEASIBLE:
        by_literal = {form.cover[n].index: n for n in required}
        found = [by_literal[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_literal]
        core = sorted(found) or required
    if len(core) <= _DELETION_LIMIT:
        for need in list(core):
            rest = [n for n in core if n != need]
            if rest and _infeasible(network, rest, seconds):
                core = rest
    ids = tuple(problem.needs[n].id for n in core)
    what = "this required need" if len(ids) == 1 else f"these {len(ids)} required needs"
    return Core(needs=ids, detail=f"The day is infeasible: {what} cannot all be covered today: {', '.join(ids)}.")
