"""Why each unmet need is unmet (SPEC §3), judged first on the need alone.

For an unmet need ``n`` of a plan, in order:

1. ``no_skill_in_reach``: alone, the resources with the skill and the reach
   (capacity at least the amount, one slot each) cannot fill it;
2. ``no_time_overlap``: they could, but not those available in its window;
3. ``limit``: alone, a unit cap or an area's ``max_outbound`` stops it;
4. ``unproven``: the coverage tier was not proven optimal;
5. in this plan: when the resources whose capacity and tasks are left could fill
   it, a unit or area limit blocks it (``limit``); otherwise the capacity of its
   candidates was taken by covered needs (``capacity_taken``, naming both).

Steps 1, 2 and 5's first test are bipartite matchings of requirement slots to
resources (networkx max-flow); steps 3 and 5's limit test solve the one-need
model of ``matching.model.formulation`` with the plan's usage subtracted.

The work per need grows with its candidate pairs and the limited areas above them,
never with the tree's depth or the number of needs; a ``capacity_taken`` reason
names at most ``NAMED`` resources and needs (its sentence counts them all), so a
plan's size stays linear in the day's. Given a ``deadline``, needs not judged by
then (or once a signal asked the solve to stop) are ``unproven``, saying that
their reason was not judged: never a stronger code than what was found.

What is decided here is said by ``matching.outcome.sentences``, in the language
asked (``lang``); the codes are the same in every language.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence

import networkx as nx
import numpy as np

from matching import interrupts
from matching.model.formulation import Relaxation, build_formulation
from matching.network.pairs import Network
from matching.network.usage import Usage, usage_of
from matching.outcome.sentences import capacity_taken_detail, limit_detail, no_skill_detail, no_time_detail
from matching.scaling import from_hundredths, to_hundredths
from matching.search.engines.cpsat import CpSatEngine
from matching.search.tiers import Solution
from models import Limit, Reason
from models.messages import LANGUAGES, language, message

__all__ = ["unmet_reasons", "fillable", "not_judged", "NAMED", "NOT_JUDGED"]

NAMED = 10
"""The most resources, and the most needs, a ``capacity_taken`` reason names."""
NOT_JUDGED = message("reason.not_judged", "en")
"""The detail (in English; ``not_judged`` knows every language's) of an ``unproven`` reason given because time
ran out, or a signal came, while judging reasons."""
ONE_NEED_SECONDS = 10.0
"""Wall-clock limit of one one-need model's solve (they take milliseconds)."""

LimitKey = tuple[str, int]
Pools = list[list[tuple[int, int]]]
"""Per requirement of a need: its candidate (resource, amount) pairs."""


def _network_pools(network: Network, need: int) -> Pools:
    """Pairs passing every rule and capacity: the network's own pairs of the need."""
    return [[(int(network.pair_resource[p]), int(network.pair_amount[p])) for p in network.slot_pairs(need, k)]
            for k in range(len(network.problem.needs[need].requires))]


def _rule_pools(network: Network, need: int) -> tuple[Pools, Pools]:
    """Pairs passing rules 1–2 with capacity (reach pools), and those also passing rule 3."""
    found = network.candidates(need)
    first = int(network.first_slot[need])
    reach: Pools = [[] for _ in network.problem.needs[need].requires]
    timed: Pools = [[] for _ in network.problem.needs[need].requires]
    for slot, resource, amount, roomy, timely in zip(found.slot.tolist(), found.resource.tolist(),
                                                     found.amount.tolist(), found.roomy, found.timely):
        if roomy:
            reach[slot - first].append((resource, amount))
            if timely:
                timed[slot - first].append((resource, amount))
    return reach, timed


def fillable(counts: Sequence[int], pools: Sequence[set[int]]) -> tuple[bool, int | None]:
    """Whether ``counts[k]`` distinct resources of ``pools[k]`` fill every requirement at once.

    Each resource takes at most one slot. Returns ``(ok, k)`` with ``k`` a
    requirement short on its own, or None when only the combination fails.
    """
    for k, (count, pool) in enumerate(zip(counts, pools)):
        if len(pool) < count:
            return False, k
    if len(pools) == 1 or all(not (a & b) for i, a in enumerate(pools) for b in pools[i + 1:]):
        return True, None
    graph = nx.DiGraph()
    for k, (count, pool) in enumerate(zip(counts, pools)):
        graph.add_edge("source", ("slot", k), capacity=count)
        for resource in pool:
            graph.add_edge(("slot", k), ("resource", resource), capacity=1)
            graph.add_edge(("resource", resource), "sink", capacity=1)
    return nx.maximum_flow_value(graph, "source", "sink") == sum(counts), None


def _one_need_feasible(network: Network, need: int, relax: Relaxation, usage: Usage,
                       deadline: float | None = None) -> bool:
    model = build_formulation(network, needs=[need], force=[need], relax=relax, usage=usage)
    engine = CpSatEngine(model, workers=1, seed=0)
    seconds = ONE_NEED_SECONDS if deadline is None else min(ONE_NEED_SECONDS, max(deadline - time.perf_counter(), 0.01))
    result = engine.optimize(np.zeros(model.variables, dtype=np.int64), "max", time_limit=seconds)
    return result.status in ("optimal", "feasible")


def _limited_areas(network: Network, resource: int) -> Iterator[int]:
    """The areas with ``max_outbound`` at or above the resource's home, nearest first (not every level)."""
    tree = network.tree_arrays
    up_limited, parent = tree["up_limited"], tree["parent"]
    area = int(up_limited[int(network.resource_area[resource])])
    while area >= 0:
        yield area
        area = int(up_limited[parent[area]])


def _limit_keys(network: Network, need: int, resources: set[int]) -> list[LimitKey]:
    """Unit caps and area limits that the need's candidate resources answer to."""
    problem, grid = network.problem, network.grid
    target = grid.index[problem.needs[need].area]
    keys: list[LimitKey] = []
    for resource in sorted(resources):
        unit = int(network.resource_unit[resource])
        if unit >= 0:
            if problem.units[unit].daily_cap is not None:
                keys.append(("daily_cap", unit))
            if problem.units[unit].max_members is not None:
                keys.append(("max_members", unit))
        for area in _limited_areas(network, resource):
            if not grid.contains(area, target):
                keys.append(("max_outbound", area))
    return list(dict.fromkeys(keys))


def _blocking_limits(network: Network, need: int, keys: list[LimitKey], usage: Usage,
                     deadline: float | None = None) -> list[LimitKey]:
    """A minimal set of unit and area limits whose removal lets the need be covered.

    Empty when the need fits as it is, or when no such removal helps. Minimal by
    deletion: putting back any one of them makes the need unfillable again.
    """
    if not keys or _one_need_feasible(network, need, frozenset(), usage, deadline):
        return []
    relaxed = set(keys)
    if not _one_need_feasible(network, need, frozenset(relaxed), usage, deadline):
        return []
    for key in keys:
        if _one_need_feasible(network, need, frozenset(relaxed - {key}), usage, deadline):
            relaxed.discard(key)
    return [key for key in keys if key in relaxed]


def _fits_alone(network: Network, need: int, counts: list[int], timed: Pools, keys: list[LimitKey]) -> bool:
    """A quick sufficient test: the need can be filled alone by resources no limit could stop.

    A resource is unhindered when every unit or area limit it answers to has room
    for the whole need (all its amounts, all its members) even in the worst case.
    """
    if not keys:
        return True
    problem, grid = network.problem, network.grid
    whole = sum(count * max((a for _, a in pool), default=0) for count, pool in zip(counts, timed))
    target = grid.index[problem.needs[need].area]

    def unhindered(resource: int) -> bool:
        unit = int(network.resource_unit[resource])
        if unit >= 0:
            record = problem.units[unit]
            if record.daily_cap is not None and to_hundredths(record.daily_cap) < whole:
                return False
            if record.max_members is not None and record.max_members < sum(counts):
                return False
        for area in _limited_areas(network, resource):
            limit = problem.areas[area].max_outbound
            if not grid.contains(area, target) and to_hundredths(limit) < whole:
                return False
        return True

    return fillable(counts, [{r for r, _ in pool if unhindered(r)} for pool in timed])[0]


def _limit(network: Network, key: LimitKey, usage: Usage) -> Limit:
    family, index = key
    problem = network.problem
    if family == "max_outbound":
        area = problem.areas[index]
        return Limit(kind="max_outbound", id=area.id, value=area.max_outbound,
                     used=from_hundredths(usage.outbound.get(index, 0)))
    unit = problem.units[index]
    if family == "daily_cap":
        return Limit(kind="daily_cap", id=unit.id, value=unit.daily_cap,
                     used=from_hundredths(usage.unit_amount.get(index, 0)))
    return Limit(kind="max_members", id=unit.id, value=unit.max_members,
                 used=len(usage.unit_members.get(index, ())))


class _Judge:
    """Judges the unmet needs of one solution, sharing the plan's usage."""

    def __init__(self, network: Network, solution: Solution, deadline: float | None = None, lang: str = "en") -> None:
        self.network = network
        self.lang = lang
        self.deadline = deadline
        self.usage = usage_of(network, solution.chosen)
        self.unproven = {int(n) for n in solution.unproven}
        if solution.status == "unknown":
            self.unproven = set(range(len(network.problem.needs)))
        self.takers: dict[int, list[int]] = {}
        for p in sorted(int(p) for p in solution.chosen):
            self.takers.setdefault(int(network.pair_resource[p]), []).append(int(network.pair_need[p]))
        self.taken_reasons: dict[tuple[int, ...], Reason] = {}

    def reason(self, need: int) -> Reason:
        network = self.network
        counts = [spec.count for spec in network.problem.needs[need].requires]
        timed = _network_pools(network, need)
        if not fillable(counts, [{r for r, _ in pool} for pool in timed])[0]:
            reach, timed = _rule_pools(network, need)
            ok, blamed = fillable(counts, [{r for r, _ in pool} for pool in reach])
            if not ok:
                return _no_skill(network, need, blamed, reach, self.lang)
            return _no_time(network, need, fillable(counts, [{r for r, _ in pool} for pool in timed])[1], self.lang)
        resources = {r for pool in timed for r, _ in pool}
        keys = _limit_keys(network, need, resources)
        alone = ([] if _fits_alone(network, need, counts, timed, keys)
                 else _blocking_limits(network, need, keys, Usage(), self.deadline))
        if alone:
            return _limit_reason(network, [_limit(network, key, self.usage) for key in alone], self.lang, alone=True)
        if need in self.unproven:
            return Reason(code="unproven", detail=message("reason.unproven", self.lang))
        return self._in_plan(need, counts, timed, keys)

    def _in_plan(self, need: int, counts: list[int], timed: Pools, keys: list[LimitKey]) -> Reason:
        network, usage = self.network, self.usage
        tasks_left = {}
        for pool in timed:
            for resource, _ in pool:
                limit = network.problem.resources[resource].max_tasks
                tasks_left[resource] = (limit - usage.tasks.get(resource, 0)) if limit is not None else 1
        free = [
            {r for r, amount in pool
             if amount <= network.capacity[r] - usage.amount.get(r, 0) and tasks_left[r] > 0}
            for pool in timed
        ]
        ok, _ = fillable(counts, free)
        if ok:
            blocking = _blocking_limits(network, need, keys, usage, self.deadline)
            if blocking:
                return _limit_reason(network, [_limit(network, key, usage) for key in blocking], self.lang, alone=False)
        taken = sorted({r for k, pool in enumerate(timed) for r, _ in pool if r not in free[k] and r in self.takers})
        if ok or not taken:
            # The plan leaves room for this need: only possible when a tier was cut short.
            return Reason(code="unproven", detail=message("reason.room_left", self.lang))
        key = tuple(taken)
        if key not in self.taken_reasons:  # needs competing for the same resources share one reason
            self.taken_reasons[key] = _capacity_taken(network, taken, self.takers, self.lang)
        return self.taken_reasons[key]


def unmet_reasons(network: Network, solution: Solution, deadline: float | None = None,
                  needs: Iterable[int] | None = None, *, lang: str | None = None) -> dict[int, Reason]:
    """A reason for every need the solution leaves uncovered (or those of ``needs``), keyed by need index.

    Needs are judged in day order; those not judged by ``deadline`` (``time.perf_counter()``) are
    ``unproven`` with the detail ``NOT_JUDGED`` (``not_judged``). Details are written in ``lang``
    (``models.messages.language``: the argument, else ``SANHU_LANG``, else English).
    """
    lang = language(lang)
    covered = {int(n) for n in solution.covered}
    judge = _Judge(network, solution, deadline, lang)
    reasons: dict[int, Reason] = {}
    late = Reason(code="unproven", detail=message("reason.not_judged", lang))
    for need in range(len(network.problem.needs)) if needs is None else sorted(set(needs)):
        if need in covered:
            continue
        on_time = (deadline is None or time.perf_counter() < deadline) and interrupts.requested() is None
        reasons[need] = judge.reason(need) if on_time else late
    return reasons


def not_judged(reason: Reason) -> bool:
    """Whether ``reason`` is ``unproven`` because its need was not judged in time (in any language)."""
    return reason.code == "unproven" and reason.detail in _NOT_JUDGED


_NOT_JUDGED = frozenset(message("reason.not_judged", lang) for lang in LANGUAGES)


# Reasons, their sentences made by ``matching.outcome.sentences`` ------------------------------------------


def _no_skill(network: Network, need: int, blamed: int | None, reach: Pools, lang: str) -> Reason:
    if blamed is None:
        return Reason(code="no_skill_in_reach", detail=no_skill_detail(network.problem, need, None, 0, 0, lang))
    holders = network.skill_holders.get(network.problem.needs[need].requires[blamed].skill, 0)
    return Reason(code="no_skill_in_reach", requirement=blamed,
                  detail=no_skill_detail(network.problem, need, blamed, len(reach[blamed]), holders, lang))


def _no_time(network: Network, need: int, blamed: int | None, lang: str) -> Reason:
    return Reason(code="no_time_overlap", requirement=blamed,
                  detail=no_time_detail(network.problem, need, blamed, lang))


def _limit_reason(network: Network, limits: list[Limit], lang: str, *, alone: bool) -> Reason:
    return Reason(code="limit", limit=limits[0], limits=tuple(limits),
                  detail=limit_detail(network.problem, limits, lang, alone=alone))


def _capacity_taken(network: Network, taken: list[int], takers: dict[int, list[int]], lang: str) -> Reason:
    """The reason naming up to ``NAMED`` of the ``taken`` resources and of the needs that took them: each
    named resource with its first taker, then the other takers in day order; the sentence counts all."""
    problem = network.problem
    named = taken[:NAMED]
    first = {takers[r][0] for r in named}
    everyone = sorted({n for r in taken for n in takers[r]})
    needs = sorted(first | set([n for n in everyone if n not in first][:NAMED - len(first)]))
    return Reason(
        code="capacity_taken",
        resources=tuple(problem.resources[r].id for r in named),
        needs=tuple(problem.needs[n].id for n in needs),
        detail=capacity_taken_detail(problem, taken, needs, len(everyone), lang),
    )
