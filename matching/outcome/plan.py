"""Assemble the ``models.Plan`` of a solution: assignments, outcomes, usage, rollups."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

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

__all__ = ["Rows", "build_plan"]

Row = TypeVar("Row")


def build_plan(
    network: Network,
    solution: Solution,
    reasons: Mapping[int, Reason],
    stats: Stats,
    core: Core | None = None,
    rows: Rows | None = None,
) -> Plan:
    """The plan of a solution, every need once, covered or with its reason.

    ``rows``: the rows of an earlier plan of the same day by their values (``Rows``); a row whose
    values have not changed is taken from it instead of made again, and ``rows`` is refilled with
    this plan's rows. A re-planned day changes few rows of many thousands.
    """
    covered = np.zeros(len(network.problem.needs), dtype=bool)
    covered[solution.covered] = True
    rows = rows if rows is not None else _NO_ROWS
    with _no_collection_pauses():
        plan = Plan(
            status=solution.status,
            objective={tier.name: _tier_result(tier) for tier in solution.tiers} or _no_objective(),
            assignments=_assignments(network, solution.chosen, rows),
            needs=_outcomes(network, covered, reasons, rows),
            resources=_usage(network, solution.chosen, rows),
            areas=_rollups(network, covered, rows),
            core=core,
            stats=stats,
        )
    rows.turn()
    return plan


class Rows:
    """A plan's rows by their values, for the next plan of the same day to reuse (rows are immutable)."""

    def __init__(self) -> None:
        self._old: dict[tuple, object] = {}
        self._new: dict[tuple, object] = {}

    def get(self, key: tuple, make: Callable[[], Row]) -> Row:
        row = self._old.get(key)
        if row is None:
            row = make()
        self._new[key] = row
        return row

    def turn(self) -> None:
        """Keep only the rows of the plan just made."""
        self._old, self._new = self._new, {}


class _Fresh(Rows):
    """Every row made anew and nothing kept: a plan no later plan of its day will reuse (``solve``)."""

    def get(self, key: tuple, make: Callable[[], Row]) -> Row:
        return make()

    def turn(self) -> None:
        pass


_NO_ROWS = _Fresh()


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the plan's rows are made.

    A metro plan makes some 340,000 rows (no cycles among them); each few hundred new objects
    set off a collection that walks the day's millions of live objects: two thirds of the
    plan's time (``benchmarks/README.md``). Collection resumes afterwards as it was.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _no_objective() -> dict[str, TierResult]:
    """Nothing was planned (infeasible, or no plan in time): zero coverage, nothing proven."""
    return {"coverage": TierResult(value=0.0, proven=False)}


def _tier_result(tier: TierOutcome) -> TierResult:
    scale = TIER_SCALE[tier.name]
    value, bound = round(tier.value / scale, 6), round(tier.bound / scale, 6)
    gap = abs(bound - value) / max(abs(bound), abs(value)) if bound != value else 0.0
    return TierResult(value=value, bound=bound, gap=round(gap, 6), proven=tier.proven)


def _assignments(network: Network, chosen: np.ndarray, rows: Rows) -> tuple[Assignment, ...]:
    problem = network.problem
    pairs = np.sort(np.asarray(chosen, dtype=np.int64))
    of = network.pair_need[pairs]
    columns = zip(of.tolist(), (network.pair_slot[pairs] - network.first_slot[of]).tolist(),
                  network.pair_resource[pairs].tolist(), network.pair_amount[pairs].tolist(),
                  network.pair_cost[pairs].tolist())
    needs, resources = problem.needs, problem.resources
    return tuple(rows.get(("a", needs[need].id, slot, resources[resource].id, amount, cost), lambda: Assignment(
                     need=needs[need].id, requirement=slot, resource=resources[resource].id,
                     amount=from_hundredths(amount), cost=from_hundredths(cost)))
                 for need, slot, resource, amount, cost in columns)


def _outcomes(network: Network, covered: np.ndarray, reasons: Mapping[int, Reason],
              rows: Rows) -> tuple[NeedOutcome, ...]:
    made = []
    for need, (record, done) in enumerate(zip(network.problem.needs, covered.tolist())):
        if done:
            outcome = "clarified_today" if record.kind == "complex" else "cleared_today"
            made.append(rows.get(("n", record.id, outcome), lambda: NeedOutcome(id=record.id, covered=True,
                                                                                outcome=outcome)))
        else:
            reason = reasons[need]  # the same reason object, the same row (rows keep their reasons alive)
            made.append(rows.get(("n", record.id, id(reason)), lambda: NeedOutcome(
                id=record.id, covered=False, outcome="unmet", reason=reason)))
    return tuple(made)


def _usage(network: Network, chosen: np.ndarray, rows: Rows) -> tuple[ResourceUsage, ...]:
    count = len(network.problem.resources)
    resources = network.pair_resource[chosen]
    used = np.zeros(count, dtype=np.int64)
    np.add.at(used, resources, network.pair_amount[chosen].astype(np.int64))
    tasks = np.bincount(resources, minlength=count)
    return tuple(
        rows.get(("r", record.id, given, record.capacity, taken), lambda: ResourceUsage(
            id=record.id, used=from_hundredths(given), capacity=record.capacity, tasks=taken))
        for record, given, taken in zip(network.problem.resources, used.tolist(), tasks.tolist())
    )


def _rollups(network: Network, covered: np.ndarray, rows: Rows) -> tuple[AreaRollup, ...]:
    """Needs, covered needs and their weights over each area's subtree: summed up the tree once, in exact
    integers, so the work grows with the areas and needs, not with the tree's depth."""
    grid, problem = network.grid, network.problem
    weights = network.weight.astype(np.int64)
    own = np.zeros((len(problem.areas), 4), dtype=np.int64)  # needs, covered, weight, covered weight
    np.add.at(own, network.need_area, np.c_[np.ones(len(weights), dtype=np.int64), covered,
                                             weights, np.where(covered, weights, 0)].astype(np.int64))
    needs, done, weight, done_weight = grid.subtree_sums(own).T.tolist()
    return tuple(
        rows.get(("ar", area.id, needs[a], done[a], weight[a], done_weight[a]), lambda: AreaRollup(
            id=area.id, level=area.level, needs=needs[a], covered=done[a],
            weight=from_hundredths(weight[a]), covered_weight=from_hundredths(done_weight[a])))
        for a, area in enumerate(problem.areas)
    )
