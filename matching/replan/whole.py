"""The whole day after a local re-solve: its tiers and bound, and the reasons of its unmet needs.

A replan re-solves a neighbourhood and keeps the rest of the plan; what it can say of the whole day is
said here. Coverage gets a bound valid for the whole day (the planner's running bound, no more than the
weight of the needs that have enough candidates at all); stability and cost are proven only by a full
re-solve. Reasons are judged again only where something they depend on may have changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import replace

import numpy as np

from matching.network.pairs import Network
from matching.network.usage import sharing_limits
from matching.outcome.reasons import unmet_reasons
from matching.replan.diff import changed_count
from matching.replan.local import Neighbourhood
from matching.search.tiers import Solution, TierOutcome
from models import Reason

__all__ = ["whole_day", "reasons_of", "covered_needs", "coverable_weight", "short_needs"]

Key = tuple[str, int, str]


def whole_day(network: Network, status: str, chosen: np.ndarray, tiers: Sequence[str], *, bound: int,
              kept: Mapping[int, Set[Key]], proven: bool) -> Solution:
    """The day's solution from its pairs ``chosen``: tier outcomes in order, status from them.

    ``bound``: the running coverage bound (hundredths); ``kept``: the assignments stability counts against,
    by need index, for the needs whose assignments may have changed (``chosen`` keeps every other need's);
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
               previous: Sequence[Reason | None] | None, touched: Set[str], skills: Set[str],
               moved: Set[str] = frozenset()) -> dict[int, Reason]:
    """Reasons for the unmet needs: judged again where anything they depend on may have changed (the
    neighbourhood; needs that could use a resource whose use, unit or record changed, ``touched``; needs of
    a skill a changed resource has or had, ``skills``; needs with no reason in ``previous``), taken from
    ``previous`` (every need's reason, None for none; None: judge every unmet need) elsewhere. A reason that
    names a need of ``moved`` (cancelled, or whose assignments may have changed), or of the neighbourhood, is
    judged again too: the needs a reason names must be needs of the day holding what it says. An area's
    outbound limit is the one dependency this does not follow: such a reason outside the neighbourhood is
    judged again at the next full replan."""
    problem = network.problem
    count = len(problem.needs)
    covered = np.zeros(count, dtype=bool)
    covered[whole.covered] = True
    unmet = np.flatnonzero(~covered)
    if previous is None:
        return unmet_reasons(network, whole, needs=unmet.tolist())
    resources = np.zeros(len(problem.resources), dtype=bool)
    resources[network.pair_resource[np.setxor1d(before, whole.chosen)]] = True
    resources[[problem.resource_index[r] for r in touched if r in problem.resource_index]] = True
    units = np.unique(network.resource_unit[resources])
    if len(units) and units[-1] >= 0:
        resources |= np.isin(network.resource_unit, units[units >= 0])
    near = np.zeros(count, dtype=bool)
    near[network.pair_need[resources[network.pair_resource]]] = True
    near[hood.needs] = True
    if skills:  # a reason from the rules depends on every resource in reach with the skill
        eligibility = network.eligibility
        wanted = [eligibility.skill_id[skill] for skill in skills if skill in eligibility.skill_id]
        near[eligibility.slot_need[np.isin(eligibility.slot_skill, wanted)]] = True
    named = set(moved) | {problem.needs[n].id for n in hood.needs.tolist()}
    unknown = np.array([previous[n] is None or bool(previous[n].needs and named.intersection(previous[n].needs))
                        for n in unmet.tolist()], dtype=bool)
    judged = unmet[near[unmet] | unknown]
    reasons = unmet_reasons(network, _seen_from(network, whole, judged), needs=judged.tolist()) if len(judged) else {}
    for n in unmet.tolist():
        if n not in reasons:
            reasons[n] = previous[n]
    return reasons


def _seen_from(network: Network, whole: Solution, needs: np.ndarray) -> Solution:
    """``whole`` with only the pairs the reasons of ``needs`` can see: those taking from a limit one of
    their candidate resources (rules 1–2) answers to. Their reasons are the same; judging them costs what
    they touch, not the whole plan."""
    eligibility = network.eligibility
    slots = np.concatenate([np.arange(network.first_slot[n], network.first_slot[n + 1]) for n in needs.tolist()])
    resources = np.unique(eligibility.candidates(slots).resource)
    return replace(whole, chosen=sharing_limits(network, np.asarray(whole.chosen, dtype=np.int64), resources))


def covered_needs(network: Network, chosen: np.ndarray) -> np.ndarray:
    """The needs whose every slot ``chosen`` fills."""
    filled = np.bincount(network.pair_slot[chosen], minlength=len(network.slot_count))
    full = filled >= network.slot_count
    per_need = np.add.reduceat(full.astype(np.int64), network.first_slot[:-1]) if len(full) else np.zeros(0)
    return np.flatnonzero(per_need == np.diff(network.first_slot))


def coverable_weight(network: Network) -> int:
    """Weight of the needs whose every requirement has enough candidates (``matching.model.formulation``'s
    ``coverable``, counted per slot with numpy): no plan covers more."""
    return int(network.weight[~short_needs(network)].sum())


def short_needs(network: Network) -> np.ndarray:
    """Per need, whether some requirement of it has fewer candidates than it asks for (nothing can cover it)."""
    short = np.r_[0, np.cumsum(np.diff(network.slot_start) < network.slot_count)]
    return short[network.first_slot[1:]] > short[network.first_slot[:-1]]
