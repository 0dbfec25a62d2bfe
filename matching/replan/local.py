"""Re-solving only what events touched: a neighbourhood of needs, everything else fixed and counted.

The needs an event touched (``dirty``) and the needs that hold the resources they could use form
the neighbourhood; every other assignment keeps its place and takes its share of every limit
(``matching.network.usage``). The neighbourhood's model is solved by the tiers in order (coverage,
stability, cost by default) by one deterministic engine, from the current plan when it is still
feasible, so the same day, events and seed give the same plan. Dispatched assignments are not
re-solved: their needs are pinned (``models.events.pinned``) and stay outside every neighbourhood.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.model.formulation import build_formulation
from matching.network.pairs import Network
from matching.network.usage import sharing_limits, usage_of
from matching.search.tiers import Solution, solve_tiers

__all__ = ["Neighbourhood", "neighbourhood", "resolve", "HOOD_LIMIT", "ENGINE"]

log = logging.getLogger("sanhu")

HOOD_LIMIT = 600
"""The most neighbours re-solved with the needs an event touched (those sharing most resources with them
first): a change that touches many needs (time passing, a resource going out) still gets room to move the
plan around them; ``Planner.replan(full=True)`` re-solves the whole day."""
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
            time_limit: float | None = None, seed: int = 0) -> tuple[Solution, np.ndarray, int]:
    """Re-solve the neighbourhood's needs; returns its solution, the whole plan's pairs and the model size.

    ``previous`` holds the pairs the stability tier keeps if it can; ``force`` needs that must be
    covered and ``fix`` pairs that must be chosen (both inside the neighbourhood).
    """
    inside = set(hood.needs.tolist())
    mine = chosen[np.isin(network.pair_need[chosen], hood.needs)]
    spans = [np.arange(*_pair_span(network, n)) for n in hood.needs.tolist()]
    resources = np.unique(network.pair_resource[np.concatenate(spans)]) if spans else np.zeros(0, dtype=np.int64)
    usage = usage_of(network, sharing_limits(network, hood.fixed, resources))  # the fixed pairs the model meets
    model = build_formulation(network, needs=hood.needs, usage=usage, tiers=tiers,
                              force=force, previous=previous[np.isin(network.pair_need[previous], hood.needs)])
    fixed_pairs = np.asarray(sorted(set(fix)), dtype=np.int64)
    if len(fixed_pairs):
        lower = model.lower.copy()
        lower[model.assign_vars(fixed_pairs)] = 1
        model = _with_lower(model, lower)
    whole = _whole_needs(network, mine, inside)
    hint = model.values_of(mine[np.isin(network.pair_need[mine], list(whole))], whole)
    solution = solve_tiers(model, tiers, engine=ENGINE, time_limit=time_limit, workers=1, seed=seed, hint=hint,
                           hint_feasible=True, weighted=False)
    log.debug("neighbourhood of %d needs (%d variables): %s", len(inside), model.variables, solution.status)
    if solution.status in ("infeasible", "unknown"):
        return solution, chosen, model.variables
    return solution, np.sort(np.concatenate([hood.fixed, solution.chosen])), model.variables


def _whole_needs(network: Network, chosen: np.ndarray, inside: set[int]) -> set[int]:
    """Needs of ``inside`` whose every slot ``chosen`` fills completely (the others are left out of a start)."""
    filled = np.bincount(network.pair_slot[chosen], minlength=len(network.slot_count))
    whole = set()
    for need in inside:
        first, last = int(network.first_slot[need]), int(network.first_slot[need + 1])
        if np.all(filled[first:last] == network.slot_count[first:last]):
            whole.add(need)
    return whole


def _with_lower(model, lower: np.ndarray):
    from dataclasses import replace

    return replace(model, lower=lower)
