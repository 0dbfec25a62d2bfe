"""Large neighbourhood search: one area's needs (coverage) or one few resources' needs (cost) at a time.

``improve`` raises a large part's coverage:

A part too large for branch and bound keeps its LP-guided start, which leaves
most of its gap in a few places. Each neighbourhood is one area's needs (the
areas of the shallowest level below the root whose largest area holds at most
``HOOD_NEEDS`` needs); every assignment outside it stays fixed and takes its
share of every limit (``matching.network.usage``), and the neighbourhood's own model is
solved to optimal coverage by SCIP from the current plan, which it replaces
when it covers more. Neighbourhoods go in order of how far the plan falls short
of the relaxation there, largest first.

The work is counted in model variables, not seconds, so that a given day, time
limit and seed see the same neighbourhoods on any machine fast enough to finish
them: ``VARIABLES_PER_SECOND`` turns the time given into a number of variables.
A wall-clock deadline still stops the search on a slower machine.

``cheapen`` lowers the cost of a plan whose needs are all required (only cost
is left, as on generalized assignment days) once the engine's time is up: each
neighbourhood is the needs that ``HOOD_RESOURCES`` resources of the plan serve,
drawn at random from the seed; the other assignments stay fixed and counted,
and CP-SAT re-solves the neighbourhood's needs for cost from their current
pairs (they may move to any eligible resource with room), which it replaces
when cheaper. The work is counted in variables as above.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import replace

import numpy as np

from matching import interrupts
from matching.model.formulation import LinearModel, build_formulation
from matching.network.pairs import Network
from matching.network.usage import usage_of
from matching.search.tiers import solve_tiers
from matching.search.warmstart import Start

__all__ = ["improve", "cheapen", "neighbourhoods", "HOOD_NEEDS", "HOOD_RESOURCES", "VARIABLES_PER_SECOND"]

log = logging.getLogger("sanhu")

HOOD_NEEDS = 400
"""The most needs of the largest neighbourhood (unless the tree has no finer level)."""
VARIABLES_PER_SECOND = 20_000
"""Neighbourhood model variables built and solved per second (about 24,000 measured on the metro tier,
2-core machine, ``benchmarks/README.md``)."""
HOOD_RESOURCES = 3
"""Resources whose needs ``cheapen`` re-solves together (on the Yagiura type D instances, 5 resources'
needs took CP-SAT up to its time limit and improved less in the same time, ``benchmarks/README.md``)."""
COST_VARIABLES_PER_SECOND = 40_000
"""The same for ``cheapen``'s smaller models (about 44,000 measured on ``yagiura2004/d40400``)."""
SUBPROBLEM_SECONDS = 2.0
"""Wall-clock limit of one neighbourhood's solve (they take 0.05–0.8 s on the metro tier)."""


def neighbourhoods(network: Network, needs: list[int]) -> list[list[int]]:
    """``needs`` grouped by their ancestor at the shallowest depth whose largest group has at most
    ``HOOD_NEEDS`` needs (or the deepest level), groups in order of that ancestor."""
    grid, problem = network.grid, network.problem
    chains = [grid.ancestors(grid.index[problem.needs[n].area])[::-1] for n in needs]  # root first
    depth = 1
    while True:
        groups: dict[int, list[int]] = {}
        for need, chain in zip(needs, chains):
            groups.setdefault(chain[min(depth, len(chain) - 1)], []).append(need)
        deepest = all(len(chain) - 1 <= depth for chain in chains)
        if max(map(len, groups.values()), default=0) <= HOOD_NEEDS or deepest:
            return [sorted(groups[area]) for area in sorted(groups)]
        depth += 1


def improve(network: Network, model: LinearModel, needs: list[int], start: Start, *, seconds: float,
            deadline: float, seed: int = 0) -> Start:
    """``start`` with its coverage raised one neighbourhood at a time, for about ``seconds`` of work
    (counted in variables) and never past the wall-clock ``deadline`` (``time.perf_counter()``)."""
    if start.promise is None or not start.covers_required:
        return start
    weight = network.weight
    chosen_pairs, covered_needs = model.split(start.values)
    chosen, covered = set(chosen_pairs.tolist()), set(covered_needs.tolist())
    promise = np.zeros(len(network.problem.needs))
    promise[model.needs] = start.promise
    hoods = neighbourhoods(network, needs)
    if len(hoods) < 2:  # one neighbourhood is the whole part again
        return start
    shortfall = [promise[hood].sum() - sum(int(weight[n]) for n in hood if n in covered) for hood in hoods]
    order = sorted(range(len(hoods)), key=lambda h: (-shortfall[h], h))
    budget, spent, coverage, solved = seconds * VARIABLES_PER_SECOND, 0, start.coverage, 0
    for h in order:
        if shortfall[h] < 1 or spent >= budget or time.perf_counter() >= deadline or interrupts.requested():
            break
        hood = hoods[h]
        inside = set(hood)
        mine = [p for p in chosen if int(network.pair_need[p]) in inside]
        fixed = chosen.difference(mine)
        sub = build_formulation(network, needs=hood, usage=usage_of(network, fixed), tiers=("coverage",))
        before = sum(int(weight[n]) for n in hood if n in covered)
        hint = sub.values_of(mine, inside & covered)
        limit = min(SUBPROBLEM_SECONDS, max(deadline - time.perf_counter(), 0.0))
        result = solve_tiers(sub, ("coverage",), engine="scip", time_limit=limit, workers=1, seed=seed,
                             hint=hint, hint_feasible=True)
        log.debug("neighbourhood of %d needs, %d variables: %s, coverage %d -> %s", len(hood), sub.variables,
                  result.status, before, result.tiers[0].value if result.tiers else None)
        spent += sub.variables
        solved += 1
        if result.tiers and result.tiers[0].value > before:
            chosen = fixed | set(result.chosen.tolist())
            covered = (covered - inside) | set(result.covered.tolist())
            coverage += result.tiers[0].value - before
    log.debug("neighbourhoods: %d of %d solved, coverage %d -> %d", solved, len(hoods), start.coverage, coverage)
    if coverage == start.coverage:
        return start
    return replace(start, values=model.values_of(chosen, covered), coverage=coverage)


def cheapen(network: Network, chosen: np.ndarray, *, seconds: float, deadline: float, seed: int = 0) -> np.ndarray:
    """The pairs ``chosen`` of a plan whose needs are all required, made cheaper a few resources at a time,
    for about ``seconds`` of work (counted in variables) and never past ``deadline``."""
    chosen_set = {int(p) for p in chosen}
    resources = sorted({int(r) for r in network.pair_resource[sorted(chosen_set)]})
    if len(resources) < 2:
        return chosen
    draw = random.Random(seed)
    cost = network.pair_cost
    budget, spent, solved, better = seconds * COST_VARIABLES_PER_SECOND, 0, 0, 0
    start_cost = int(cost[sorted(chosen_set)].sum())
    while spent < budget and time.perf_counter() < deadline and not interrupts.requested():
        group = set(draw.sample(resources, min(HOOD_RESOURCES, len(resources))))
        hood = sorted({int(network.pair_need[p]) for p in chosen_set if int(network.pair_resource[p]) in group})
        inside = set(hood)
        mine = sorted(p for p in chosen_set if int(network.pair_need[p]) in inside)
        fixed = chosen_set.difference(mine)
        sub = build_formulation(network, needs=hood, usage=usage_of(network, fixed), tiers=("coverage", "cost"))
        limit = min(SUBPROBLEM_SECONDS, max(deadline - time.perf_counter(), 0.0))
        result = solve_tiers(sub, ("coverage", "cost"), engine="cp-sat", time_limit=limit, workers=1, seed=seed,
                             hint=sub.values_of(mine, hood), hint_feasible=True)
        spent += max(sub.variables, 1)
        solved += 1
        before = int(cost[mine].sum())
        if (result.status in ("optimal", "feasible") and set(result.covered.tolist()) == set(hood)
                and int(cost[result.chosen].sum()) < before):
            chosen_set = fixed | set(result.chosen.tolist())
            resources = sorted({int(r) for r in network.pair_resource[sorted(chosen_set)]})  # needs may move
            better += 1
    log.debug("cost neighbourhoods: %d solved, %d cheaper, cost %d -> %d", solved, better, start_cost,
              int(cost[sorted(chosen_set)].sum()))
    return np.asarray(sorted(chosen_set), dtype=np.int64)
