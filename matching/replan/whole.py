"""The whole day after a local re-solve: its tiers and bound, and the reasons of its unmet needs.

A replan re-solves a neighbourhood and keeps the rest of the plan; what it can say of the whole day is
said here. Coverage gets a bound valid for the whole day (the planner's running bound, no more than the
weight of the needs that have enough candidates at all); stability and cost are proven only by a full
re-solve. Reasons are judged again only where something they depend on may have changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

import numpy as np

from matching.model.formulation import coverable
from matching.network.pairs import Network
from matching.outcome.reasons import unmet_reasons
from matching.replan.diff import changed_count
from matching.replan.local import Neighbourhood
from matching.search.tiers import Solution, TierOutcome
from models import Reason

__all__ = ["whole_day", "reasons_of", "covered_needs", "coverable_weight"]

Key = tuple[str, int, str]


def whole_day(network: Network, status: str, chosen: np.ndarray, tiers: Sequence[str], *, bound: int,
              kept: Set[Key], proven: bool) -> Solution:
    """The day's solution from its pairs ``chosen``: tier outcomes in order, status from them.

    ``bound``: the running coverage bound (hundredths); ``kept``: the assignments stability counts against;
    ``proven``: a full re-solve proved every tier. ``status`` infeasible or unknown gives no plan.
    """
    if status in ("infeasible", "unknown"):
        chosen = np.zeros(0, dtype=np.int64)
    covered = covered_needs(network, chosen)
    value = int(network.weight[covered].sum())
    bound = value if proven else max(min(bound, coverable_weight(network)), value)
    cost = int(network.pair_cost[chosen].sum())
    changed = changed_count(network, chosen, kept)
    outcomes = []
    for name in tiers:
        if name == "coverage":
            outcomes.append(TierOutcome("coverage", "max", value, bound, bound <= value))
        elif name == "stability":
            outcomes.append(TierOutcome("stability", "min", changed, changed if proven else 0, proven))
        else:
            outcomes.append(TierOutcome("cost", "min", cost, cost if proven else 0, proven))
    if status not in ("infeasible", "unknown"):
        status = "optimal" if all(t.proven for t in outcomes) else "feasible"
    return Solution(status, outcomes, chosen, covered)


def reasons_of(network: Network, whole: Solution, before: np.ndarray, hood: Neighbourhood,
               previous: Mapping[str, Reason], touched: Set[str], skills: Set[str]) -> dict[int, Reason]:
    """Reasons for the unmet needs: judged again where anything they depend on may have changed (the
    neighbourhood; needs that could use a resource whose use, unit or record changed, ``touched``; needs of
    a skill a changed resource has or had, ``skills``; needs with no reason in ``previous``), taken from
    ``previous`` (need id to reason) elsewhere. An area's outbound limit is the one dependency this does not
    follow: such a reason outside the neighbourhood is judged again at the next full replan."""
    problem = network.problem
    resources = set(network.pair_resource[np.setxor1d(before, whole.chosen)].tolist())
    resources |= {problem.resource_index[r] for r in touched if r in problem.resource_index}
    units = {int(network.resource_unit[r]) for r in resources} - {-1}
    if units:
        resources |= set(np.flatnonzero(np.isin(network.resource_unit, list(units))).tolist())
    near = set(network.pair_need[np.isin(network.pair_resource, list(resources))].tolist())
    near |= set(hood.needs.tolist())
    if skills:  # a reason from the rules depends on every resource in reach with the skill
        near |= {n for n, need in enumerate(problem.needs)
                 if any(requirement.skill in skills for requirement in need.requires)}
    covered = set(whole.covered.tolist())
    unmet = [n for n in range(len(problem.needs)) if n not in covered]
    reasons = unmet_reasons(network, whole, needs=[n for n in unmet
                                                   if n in near or problem.needs[n].id not in previous])
    for n in unmet:
        if n not in reasons:
            reasons[n] = previous[problem.needs[n].id]
    return reasons


def covered_needs(network: Network, chosen: np.ndarray) -> np.ndarray:
    """The needs whose every slot ``chosen`` fills."""
    filled = np.bincount(network.pair_slot[chosen], minlength=len(network.slot_count))
    full = filled >= network.slot_count
    per_need = np.add.reduceat(full.astype(np.int64), network.first_slot[:-1]) if len(full) else np.zeros(0)
    return np.flatnonzero(per_need == np.diff(network.first_slot))


def coverable_weight(network: Network) -> int:
    """Weight of the needs whose every requirement has enough candidates: no plan covers more."""
    return int(sum(int(network.weight[n]) for n in range(len(network.problem.needs)) if coverable(network, n)))
