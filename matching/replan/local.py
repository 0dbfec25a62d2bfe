"""Re-solving only what events touched: a neighbourhood of needs, everything else fixed and counted.

The needs an event touched (``dirty``) and the needs that hold the resources they could use form
the neighbourhood; every other assignment keeps its place and takes its share of every limit
(``matching.network.usage``). The neighbourhood's model is solved by the tiers in order (coverage,
stability, cost by default) by one deterministic engine, from the current plan when it is still
feasible, so the same day, events and seed give the same plan. Blocks of the model that share no row
(no limit that can bind) are solved apart, small ones bundled together: exact, since every tier is a
sum over needs, and a whole-day re-solve then costs what its parts do rather than one model of the day. Dispatched assignments are not
re-solved: their needs are pinned (``models.events.pinned``) and stay outside every neighbourhood.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from matching.model.formulation import build_formulation
from matching.network.pairs import Network
from matching.network.usage import sharing_limits, usage_of
from matching.search.greedy import completed
from matching.search.tiers import Solution, TierOutcome, solve_tiers

__all__ = ["Neighbourhood", "neighbourhood", "resolve", "HOOD_LIMIT", "ENGINE"]

log = logging.getLogger("sanhu")

HOOD_LIMIT = 600
"""The most neighbours re-solved with the needs an event touched (those sharing most resources with them
first): a change that touches many needs (time passing, a resource going out) still gets room to move the
plan around them; a whole-day replan (after the clock moves, or ``Planner.replan(full=True)``) re-solves
every need."""
BUNDLE_PAIRS = 20_000
"""Blocks of a neighbourhood's model with fewer pairs are solved together, in bundles of about this many."""
ENGINE = "scip"
"""The engine of every neighbourhood: one thread, deterministic, and never stalling on small team-heavy
models the way CP-SAT with one worker does (``benchmarks/README.md``, day families)."""


@dataclass(frozen=True)
class Neighbourhood:
    """The needs to re-solve (sorted need indices), and the plan's pairs outside them that stay."""

    needs: np.ndarray
    fixed: np.ndarray


def neighbourhood(network: Network, chosen: np.ndarray, dirty: Iterable[int], pinned: Iterable[int] = (),
                  limit: int = HOOD_LIMIT) -> Neighbourhood:
    """The touched needs and the needs sharing a candidate resource with them (pinned needs left out)."""
    dirty = sorted(set(int(n) for n in dirty) - set(pinned))
    held = set(int(n) for n in pinned)
    resources = np.unique(network.pair_resource[np.concatenate(
        [np.arange(*_pair_span(network, n)) for n in dirty])]) if dirty else np.zeros(0, dtype=np.int64)
    chosen_need, chosen_resource = network.pair_need[chosen], network.pair_resource[chosen]
    sharing = chosen_need[np.isin(chosen_resource, resources)]
    shared, counts = np.unique(sharing, return_counts=True)
    order = np.lexsort((shared, -counts))  # most shared resources first, then need order
    neighbours = [int(n) for n in shared[order] if int(n) not in held]
    picked = list(dict.fromkeys(dirty + neighbours))[:len(dirty) + limit]
    needs = np.asarray(sorted(picked), dtype=np.int64)
    fixed = chosen[~np.isin(network.pair_need[chosen], needs)]
    return Neighbourhood(needs, np.sort(fixed))


def _pair_span(network: Network, need: int) -> tuple[int, int]:
    span = network.need_pairs(need)
    return span.start, span.stop


def resolve(network: Network, chosen: np.ndarray, hood: Neighbourhood, tiers: Sequence[str], *,
            previous: np.ndarray, force: Iterable[int] = (), fix: Iterable[int] = (),
            time_limit: float | None = None, seed: int = 0, fill: bool = False) -> tuple[Solution, np.ndarray, int]:
    """Re-solve the neighbourhood's needs; returns its solution, the whole plan's pairs and the model size.

    ``previous`` holds the pairs the stability tier keeps if it can; ``force`` needs that must be
    covered and ``fix`` pairs that must be chosen (both inside the neighbourhood). ``fill``: start the
    search from the current plan with the needs it leaves open filled greedily (``matching.search.greedy``),
    worth its cost when much of the plan was lost at once (a whole-day replan after the clock moved).
    """
    mine = chosen[np.isin(network.pair_need[chosen], hood.needs)]
    if fill:
        mine = completed(network, np.sort(np.r_[hood.fixed, mine]).astype(np.int64), hood.needs)
        mine = mine[np.isin(network.pair_need[mine], hood.needs)]
    spans = [np.arange(*_pair_span(network, n)) for n in hood.needs.tolist()]
    resources = np.unique(network.pair_resource[np.concatenate(spans)]) if spans else np.zeros(0, dtype=np.int64)
    usage = usage_of(network, sharing_limits(network, hood.fixed, resources))  # the fixed pairs the model meets
    previous = previous[np.isin(network.pair_need[previous], hood.needs)]
    force, fix = set(force), np.asarray(sorted(set(fix)), dtype=np.int64)
    model = build_formulation(network, needs=hood.needs, usage=usage, tiers=tiers, force=force, previous=previous)
    parts = _bundles(model) if model.variables and not model.extras else []
    models = [model.part(keep) for keep in parts] if len(parts) > 1 else [model]
    started, total = time.perf_counter(), sum(len(part.pairs) for part in models) or 1
    solutions, left = [], total
    for part in models:  # each its share of the time left, by pairs
        limit = None
        if time_limit is not None:
            remaining = max(time_limit - (time.perf_counter() - started), 0.0)
            limit = max(remaining * max(len(part.pairs), 1) / max(left, 1), min(remaining, 0.05))
        left -= len(part.pairs)
        solutions.append(_solve_part(network, part, mine, fix, tiers, limit, seed))
    solution = _merged(solutions, tiers) if len(solutions) > 1 else solutions[0]
    log.debug("neighbourhood of %d needs (%d variables, %d parts): %s", len(hood.needs), model.variables,
              len(models), solution.status)
    if solution.status in ("infeasible", "unknown"):
        return solution, chosen, model.variables
    return solution, np.sort(np.concatenate([hood.fixed, solution.chosen])), model.variables


def _solve_part(network: Network, model, mine: np.ndarray, fix: np.ndarray, tiers: Sequence[str],
                time_limit: float | None, seed: int) -> Solution:
    """One part's tiers from the current plan (its needs the plan covers whole), with ``fix``'s pairs held."""
    fixed_pairs = fix[np.isin(fix, model.pairs)]
    if len(fixed_pairs):
        lower = model.lower.copy()
        lower[model.assign_vars(fixed_pairs)] = 1
        model = replace(model, lower=lower)
    mine = mine[np.isin(network.pair_need[mine], model.needs)]
    whole = _whole_needs(network, mine, set(model.needs.tolist()))
    hint = model.values_of(mine[np.isin(network.pair_need[mine], list(whole))], whole)
    return solve_tiers(model, tiers, engine=ENGINE, time_limit=time_limit, workers=1, seed=seed, hint=hint,
                       hint_feasible=True, weighted=False)


def _bundles(model) -> list[np.ndarray]:
    """The model's variables in parts that share no row (masks, in need order): its blocks, those with fewer
    than ``BUNDLE_PAIRS`` pairs packed together."""
    count, rows = model.variables, model.rows
    row_of = np.repeat(np.arange(rows, dtype=np.int64), np.diff(model.row_start))
    graph = coo_matrix((np.ones(len(row_of), dtype=np.int8), (count + row_of, model.cols)),
                       shape=(count + rows, count + rows))
    _, label = connected_components(graph, directed=False)
    label = label[:count]
    first = len(model.needs)
    blocks = list(dict.fromkeys(label[:first].tolist()))  # in the order of their first need
    pairs = np.bincount(label[first:first + len(model.pairs)], minlength=int(label.max()) + 1)
    parts: list[tuple[list[int], int]] = []
    for block in blocks:
        size = int(pairs[block])
        if parts and parts[-1][1] + size <= BUNDLE_PAIRS:
            parts[-1][0].append(block)
            parts[-1] = (parts[-1][0], parts[-1][1] + size)
        else:
            parts.append(([block], size))
    return [np.isin(label, part) for part, _ in parts]


_WORST = ("infeasible", "unknown", "feasible", "optimal")


def _merged(solutions: list[Solution], tiers: Sequence[str]) -> Solution:
    """The parts' solutions as one: tiers summed (proven when proven in every part), the worst status."""
    status = min((solution.status for solution in solutions), key=_WORST.index)
    if status in ("infeasible", "unknown"):
        return Solution(status, [], seconds=sum(solution.seconds for solution in solutions))
    outcomes = []
    for position, name in enumerate(tiers):
        mine = [solution.tiers[position] for solution in solutions]
        outcomes.append(TierOutcome(name, mine[0].sense, sum(t.value for t in mine), sum(t.bound for t in mine),
                                    all(t.proven for t in mine)))
    join = lambda name: np.sort(np.concatenate([getattr(s, name) for s in solutions])).astype(np.int64)
    return Solution(status, outcomes, join("chosen"), join("covered"), sum(s.seconds for s in solutions),
                    join("unproven"))


def _whole_needs(network: Network, chosen: np.ndarray, inside: set[int]) -> set[int]:
    """Needs of ``inside`` whose every slot ``chosen`` fills completely (the others are left out of a start)."""
    filled = np.bincount(network.pair_slot[chosen], minlength=len(network.slot_count))
    whole = set()
    for need in inside:
        first, last = int(network.first_slot[need]), int(network.first_slot[need + 1])
        if np.all(filled[first:last] == network.slot_count[first:last]):
            whole.add(need)
    return whole
