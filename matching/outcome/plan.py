"""Assemble the ``models.Plan`` of a solution: assignments, outcomes, usage, rollups."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from matching.network.pairs import Network
from matching.scaling import TIER_SCALE, from_hundredths
from matching.search.tiers import Solution, TierOutcome
from models import (
    AreaRollup,
    Assignment,
    Core,
    NeedOutcome,
    Plan,
    Reason,
    ResourceUsage,
    Stats,
    TierResult,
)

__all__ = ["build_plan"]


def build_plan(
    network: Network,
    solution: Solution,
    reasons: Mapping[int, Reason],
    stats: Stats,
    core: Core | None = None,
) -> Plan:
    """The plan of a solution, every need once, covered or with its reason."""
    covered = np.zeros(len(network.problem.needs), dtype=bool)
    covered[solution.covered] = True
    return Plan(
        status=solution.status,
        objective={tier.name: _tier_result(tier) for tier in solution.tiers} or _no_objective(),
        assignments=_assignments(network, solution.chosen),
        needs=_outcomes(network, covered, reasons),
        resources=_usage(network, solution.chosen),
        areas=_rollups(network, covered),
        core=core,
        stats=stats,
    )


def _no_objective() -> dict[str, TierResult]:
    """Nothing was planned (infeasible, or no plan in time): zero coverage, nothing proven."""
    return {"coverage": TierResult(value=0.0, proven=False)}


def _tier_result(tier: TierOutcome) -> TierResult:
    scale = TIER_SCALE[tier.name]
    value, bound = round(tier.value / scale, 6), round(tier.bound / scale, 6)
    gap = abs(bound - value) / max(abs(bound), abs(value)) if bound != value else 0.0
    return TierResult(value=value, bound=bound, gap=round(gap, 6), proven=tier.proven)


def _assignments(network: Network, chosen: np.ndarray) -> tuple[Assignment, ...]:
    problem = network.problem
    first_slot = network.first_slot
    rows = []
    for p in sorted(int(p) for p in chosen):
        need = int(network.pair_need[p])
        rows.append(Assignment(
            need=problem.needs[need].id,
            requirement=int(network.pair_slot[p] - first_slot[need]),
            resource=problem.resources[int(network.pair_resource[p])].id,
            amount=from_hundredths(int(network.pair_amount[p])),
            cost=from_hundredths(int(network.pair_cost[p])),
        ))
    return tuple(rows)


def _outcomes(network: Network, covered: np.ndarray, reasons: Mapping[int, Reason]) -> tuple[NeedOutcome, ...]:
    rows = []
    for need, record in enumerate(network.problem.needs):
        if covered[need]:
            outcome = "clarified_today" if record.kind == "complex" else "cleared_today"
            rows.append(NeedOutcome(id=record.id, covered=True, outcome=outcome))
        else:
            rows.append(NeedOutcome(id=record.id, covered=False, outcome="unmet", reason=reasons[need]))
    return tuple(rows)


def _usage(network: Network, chosen: np.ndarray) -> tuple[ResourceUsage, ...]:
    count = len(network.problem.resources)
    resources = network.pair_resource[chosen]
    used = np.bincount(resources, weights=network.pair_amount[chosen], minlength=count)
    tasks = np.bincount(resources, minlength=count)
    return tuple(
        ResourceUsage(id=record.id, used=from_hundredths(int(used[r])), capacity=record.capacity, tasks=int(tasks[r]))
        for r, record in enumerate(network.problem.resources)
    )


def _rollups(network: Network, covered: np.ndarray) -> tuple[AreaRollup, ...]:
    grid, problem = network.grid, network.problem
    areas = len(problem.areas)
    needs, done = np.zeros(areas, dtype=np.int64), np.zeros(areas, dtype=np.int64)
    weight, done_weight = np.zeros(areas, dtype=np.int64), np.zeros(areas, dtype=np.int64)
    for need, record in enumerate(problem.needs):
        for area in grid.ancestors(grid.index[record.area]):
            needs[area] += 1
            weight[area] += network.weight[need]
            if covered[need]:
                done[area] += 1
                done_weight[area] += network.weight[need]
    return tuple(
        AreaRollup(id=area.id, level=area.level, needs=int(needs[a]), covered=int(done[a]),
                   weight=from_hundredths(int(weight[a])), covered_weight=from_hundredths(int(done_weight[a])))
        for a, area in enumerate(problem.areas)
    )
