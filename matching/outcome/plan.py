"""Assemble the ``models.Plan`` of a solution: assignments, outcomes, usage, rollups."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from matching.network.pairs import Network
from matching.network.patch import Origin
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

__all__ = ["Rows", "Tables", "Table", "build_plan"]

_NONE = np.empty(0, dtype=object)


def build_plan(
    network: Network,
    solution: Solution,
    reasons: Mapping[int, Reason],
    stats: Stats,
    core: Core | None = None,
    rows: Rows | None = None,
    origin: Origin | None = None,
) -> Plan:
    """The plan of a solution, every need once, covered or with its reason.

    ``rows``: the rows of the last plan made with it (``Rows``), which it keeps for the next; ``origin``:
    where ``network``'s needs and pairs were in that plan's network. A row whose values have not changed is
    taken from that plan instead of made again, found with numpy, so that a plan that changes a few rows of
    many thousands costs what those rows cost. Without ``origin`` every row is made.
    """
    covered = np.zeros(len(network.problem.needs), dtype=bool)
    covered[solution.covered] = True
    before = rows.tables if rows is not None and origin is not None else None
    with _no_collection_pauses():
        assignments = _assignments(network, solution.chosen, before, origin)
        needs = _outcomes(network, covered, reasons, before, origin)
        resources = _usage(network, solution.chosen, before, origin)
        areas = _rollups(network, covered, before, origin)
        # every row is a model, validated when it was made: a plan that takes most of its rows from the last
        # one is put together without walking them all again (``Plan`` would check each row's type)
        make = Plan if rows is None else Plan.model_construct
        plan = make(
            status=solution.status,
            objective={tier.name: _tier_result(tier) for tier in solution.tiers} or _no_objective(),
            assignments=tuple(assignments.rows.tolist()),
            needs=tuple(needs.rows.tolist()),
            resources=tuple(resources.rows.tolist()),
            areas=tuple(areas.rows.tolist()),
            core=core,
            stats=stats,
        )
    if rows is not None:
        rows.tables = Tables(assignments, needs, resources, areas)
    return plan


@dataclass(frozen=True)
class Table:
    """One table of a plan: its rows (an object array) and the values they were made from, row by row."""

    rows: np.ndarray
    values: np.ndarray
    keys: np.ndarray | None = None
    """The assignments' pairs (sorted), the needs' reasons (None when covered), every need's (area, covered,
    weight) for the areas."""


@dataclass(frozen=True)
class Tables:
    """A plan's four tables, indexed by its network."""

    assignments: Table
    needs: Table
    resources: Table
    areas: Table


class Rows:
    """The tables of the last plan made with it (``tables``), for the next plan of the same day to take rows
    from (rows are immutable)."""

    def __init__(self) -> None:
        self.tables: Tables | None = None


def _filled(count: int, taken: np.ndarray, source: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """An object array of ``count`` rows holding ``source[positions]`` where ``taken``."""
    rows = np.empty(count, dtype=object)
    rows[taken] = source[positions[taken]]
    return rows


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


def _assignments(network: Network, chosen: np.ndarray, before: Tables | None, origin: Origin | None) -> Table:
    problem = network.problem
    pairs = np.sort(np.asarray(chosen, dtype=np.int64))
    values = np.c_[network.pair_amount[pairs], network.pair_cost[pairs],  # and the need, for diffs
                   network.pair_need[pairs]].astype(np.int64).reshape(-1, 3)
    taken, positions = np.zeros(len(pairs), dtype=bool), np.zeros(len(pairs), dtype=np.int64)
    if before is not None and origin is not None and len(before.assignments.keys):
        was = origin.pair_from[pairs]
        positions = np.minimum(np.searchsorted(before.assignments.keys, was), len(before.assignments.keys) - 1)
        taken = (was >= 0) & (before.assignments.keys[positions] == was) \
            & (before.assignments.values[positions, :2] == values[:, :2]).all(axis=1)
    rows = _filled(len(pairs), taken, before.assignments.rows if before is not None else _NONE, positions)
    needs, resources = problem.needs, problem.resources
    fresh = np.flatnonzero(~taken)
    made = pairs[fresh]
    of = network.pair_need[made]
    columns = zip(fresh.tolist(), of.tolist(), (network.pair_slot[made] - network.first_slot[of]).tolist(),
                  network.pair_resource[made].tolist(), values[fresh, 0].tolist(), values[fresh, 1].tolist())
    for i, need, slot, resource, amount, cost in columns:
        rows[i] = Assignment(need=needs[need].id, requirement=slot, resource=resources[resource].id,
                             amount=from_hundredths(amount), cost=from_hundredths(cost))
    return Table(rows, values, pairs)


def _outcomes(network: Network, covered: np.ndarray, reasons: Mapping[int, Reason], before: Tables | None,
              origin: Origin | None) -> Table:
    count = len(covered)
    reason_of = np.empty(count, dtype=object)
    unmet = np.flatnonzero(~covered)
    for n in unmet.tolist():
        reason_of[n] = reasons[n]  # the same reason object, the same row (rows keep their reasons alive)
    taken, positions = np.zeros(count, dtype=bool), np.zeros(count, dtype=np.int64)
    if before is not None and origin is not None:
        positions = np.maximum(origin.need_from, 0)
        taken = (origin.need_from >= 0) & (before.needs.values[positions] == covered)
        for n in unmet[taken[unmet]].tolist():
            taken[n] = before.needs.keys[positions[n]] is reason_of[n]
    rows = _filled(count, taken, before.needs.rows if before is not None else _NONE, positions)
    needs, done = network.problem.needs, covered.tolist()
    for n in np.flatnonzero(~taken).tolist():
        record = needs[n]
        if done[n]:
            outcome = "clarified_today" if record.kind == "complex" else "cleared_today"
            rows[n] = NeedOutcome(id=record.id, covered=True, outcome=outcome)
        else:
            rows[n] = NeedOutcome(id=record.id, covered=False, outcome="unmet", reason=reason_of[n])
    return Table(rows, covered, reason_of)


def _usage(network: Network, chosen: np.ndarray, before: Tables | None, origin: Origin | None) -> Table:
    count = len(network.problem.resources)
    resources = network.pair_resource[chosen]
    used = np.zeros(count, dtype=np.int64)
    np.add.at(used, resources, network.pair_amount[chosen].astype(np.int64))
    values = np.c_[used, np.bincount(resources, minlength=count)].astype(np.int64).reshape(-1, 2)
    taken, positions = np.zeros(count, dtype=bool), np.arange(count)
    if before is not None and origin is not None:
        shared = min(count, len(before.resources.values))
        same = (before.resources.values[:shared] == values[:shared]).all(axis=1)
        taken[:shared] = ~origin.resource_changed[:shared] & same
    rows = _filled(count, taken, before.resources.rows if before is not None else _NONE, positions)
    records = network.problem.resources
    fresh = np.flatnonzero(~taken)
    for r, given, tasks in zip(fresh.tolist(), values[fresh, 0].tolist(), values[fresh, 1].tolist()):
        record = records[r]
        rows[r] = ResourceUsage(id=record.id, used=from_hundredths(given), capacity=record.capacity, tasks=tasks)
    return Table(rows, values)


def _rollups(network: Network, covered: np.ndarray, before: Tables | None, origin: Origin | None) -> Table:
    """Needs, covered needs and their weights over each area's subtree: summed up the tree once, in exact
    integers, so the work grows with the areas and needs, not with the tree's depth."""
    grid, problem = network.grid, network.problem
    weights = network.weight.astype(np.int64)
    members = np.c_[network.need_area, covered, weights].astype(np.int64).reshape(-1, 3)  # each need's share
    if before is not None and origin is not None and len(before.areas.values) == len(problem.areas):
        values = _rolled_up(grid, before.areas, members, origin.need_from)
    else:
        own = np.zeros((len(problem.areas), 4), dtype=np.int64)  # needs, covered, weight, covered weight
        np.add.at(own, members[:, 0], _shares(members))
        values = grid.subtree_sums(own)
    count = len(problem.areas)
    taken, positions = np.zeros(count, dtype=bool), np.arange(count)
    if before is not None and len(before.areas.values) == count:
        taken = (before.areas.values == values).all(axis=1)
    rows = _filled(count, taken, before.areas.rows if before is not None else _NONE, positions)
    fresh = np.flatnonzero(~taken)
    for a, (needs, done, weight, done_weight) in zip(fresh.tolist(), values[fresh].tolist()):
        area = problem.areas[a]
        rows[a] = AreaRollup(id=area.id, level=area.level, needs=needs, covered=done,
                             weight=from_hundredths(weight), covered_weight=from_hundredths(done_weight))
    return Table(rows, values, members)


def _shares(needs: np.ndarray) -> np.ndarray:
    """What each need (area, covered, weight) adds to its area: one need, covered or not, its weight, its
    weight if covered."""
    return np.c_[np.ones(len(needs), dtype=np.int64), needs[:, 1], needs[:, 2], needs[:, 1] * needs[:, 2]]


def _rolled_up(grid, before: Table, needs: np.ndarray, need_from: np.ndarray) -> np.ndarray:
    """The areas' sums of the last plan, moved by the needs whose share changed (new, gone, covered or
    not), each up its path to the root: the work follows those needs, not the day."""
    found = need_from >= 0
    same = np.zeros(len(needs), dtype=bool)
    same[found] = (before.keys[need_from[found]] == needs[found]).all(axis=1)
    kept = np.zeros(len(before.keys), dtype=bool)
    kept[need_from[found & same]] = True
    old = before.keys[~kept]  # the last plan's shares that changed or went
    new = needs[~same]
    areas = np.r_[new[:, 0], old[:, 0]].astype(np.int64)
    shares = np.r_[_shares(new), -_shares(old)]
    values = before.values.copy()
    parent = np.r_[np.asarray(grid.parent, dtype=np.int64), -1]
    while len(areas):
        np.add.at(values, areas, shares)
        areas = parent[areas]
        alive = areas >= 0
        areas, shares = areas[alive], shares[alive]
    return values
