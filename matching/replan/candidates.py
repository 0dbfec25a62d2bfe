"""Who could take a walk-in need now, and what each would displace.

For every requirement of the need and every resource that may fill it, the need is forced onto that
resource (in that slot; its other slots free) and its neighbourhood re-solved under the planner's
tiers (``matching.replan.local``): the needs of the current plan left unmet, the weight lost, the
assignments moved and the need's own cost are the candidate's price. Candidates are ranked by weight
lost, then assignments moved, then cost; those that cannot cover the need at all come last.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.network.pairs import Network
from matching.replan.local import neighbourhood, resolve
from matching.replan.whole import covered_needs
from matching.scaling import from_hundredths
from models.replan import Candidate

__all__ = ["rank_candidates"]


def rank_candidates(network: Network, chosen: np.ndarray, need: int, tiers: Sequence[str], *, pinned: set[int],
                    top: int, time_limit: float | None, seed: int) -> list[Candidate]:
    """The ``top`` best candidates for need index ``need`` (see the module)."""
    problem = network.problem
    before = set(covered_needs(network, chosen).tolist())
    found = []
    seen: set[tuple[int, int]] = set()
    for p in network.need_pairs(need):
        resource, slot = int(network.pair_resource[p]), int(network.pair_slot[p])
        requirement = slot - int(network.first_slot[need])
        if (resource, requirement) in seen:
            continue
        seen.add((resource, requirement))
        found.append(_price(network, chosen, need, p, tiers, before, pinned, time_limit, seed, requirement))
    found.sort(key=lambda c: (not c.feasible, c.weight_lost, c.moved, c.cost, c.requirement,
                              problem.resource_index[c.resource]))
    return found[:top]


def _price(network: Network, chosen: np.ndarray, need: int, pair: int, tiers: Sequence[str], before: set[int],
           pinned: set[int], time_limit: float | None, seed: int, requirement: int) -> Candidate:
    problem = network.problem
    resource = problem.resources[int(network.pair_resource[pair])]
    current = chosen[network.pair_need[chosen] != need]
    hood = neighbourhood(network, current, {need}, pinned)
    solution, after_chosen, _ = resolve(network, current, hood, tiers, previous=current, force={need}, fix={pair},
                                        time_limit=time_limit, seed=seed)
    if solution.status in ("infeasible", "unknown"):
        return Candidate(resource=resource.id, name=resource.name, requirement=requirement, cost=0.0,
                         weight_lost=0.0, feasible=False)
    after = set(covered_needs(network, after_chosen).tolist())
    lost = sorted(before - after - {need})
    mine = after_chosen[network.pair_need[after_chosen] == need]
    kept = set(current.tolist()) & set(after_chosen.tolist())
    return Candidate(
        resource=resource.id, name=resource.name, requirement=requirement,
        cost=from_hundredths(int(network.pair_cost[mine].sum())),
        displaced=tuple(problem.needs[n].id for n in lost),
        weight_lost=from_hundredths(int(network.weight[lost].sum())),
        moved=len(current) - len(kept) - sum(1 for p in current.tolist() if int(network.pair_need[p]) in lost),
    )
