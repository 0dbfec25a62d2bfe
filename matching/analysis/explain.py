"""``explain``: why one need is covered or not, with evidence that can be checked.

The reason code comes from the plan (``matching.outcome.reasons``); the evidence is
rebuilt here from the day:

- ``no_skill_in_reach``: the resources with the skill whose reach includes the
  need (and whether their capacity covers the amount), and the nearest areas
  where the skill exists at all;
- ``no_time_overlap``: those resources with their windows' overlap with the need's;
- ``limit``: the unit caps or outbound limits, their values and their use;
- ``capacity_taken``: the pool of resources that could serve it, the covered needs
  that took them, a Hall violator (needs asking more hours, or more tasks, than
  every resource able to serve any of them holds, found by a minimum cut, with
  OR-Tools' max-flow, that keeps this need on the source side), and what covering
  this need instead would give up (a solve with the need required).
"""

from __future__ import annotations

import json
from collections import defaultdict

from ortools.graph.python import max_flow

from matching.network.pairs import Network, build_network
from matching.outcome.sentences import window
from matching.scaling import from_hundredths
from models import Plan, Problem, verify_plan
from models.explanation import (
    AreaView,
    CandidateView,
    Explanation,
    HallViolator,
    Taker,
    Tradeoff,
)
from models.messages import join, language, message

__all__ = ["explain"]


def explain(problem: Problem, plan: Plan, need: str, *, time_limit: float | None = 60.0,
            tradeoff: bool = True, network: Network | None = None, lang: str | None = None) -> Explanation:
    """Explain the outcome of ``need`` in ``plan`` (a plan of ``problem``).

    Parameters
    ----------
    time_limit : float, optional
        For the solve that prices covering an unmet need instead (``tradeoff``).
    tradeoff : bool
        Whether to run that solve for ``capacity_taken`` needs.
    network : Network, optional
        The day's network, when explaining many needs of one day.
    lang : str, optional
        The language of the statements (``"en"`` or ``"zh"``; default ``SANHU_LANG``, else English). The
        first statement of an unmet need is its reason's ``detail`` as the plan has it, in the language
        the plan was solved in.

    Raises
    ------
    models.InvalidProblem
        When ``plan`` is not a plan of ``problem`` (``models.verify_plan``).

    Examples
    --------
    >>> from matching import example_day, solve
    >>> day = example_day()
    >>> plan = solve(day)
    >>> explain(day, plan, "n-clean-yt", tradeoff=False).hall.measure
    'hours'
    """
    if need not in problem.need_index:
        raise ValueError(f"unknown need {need!r}")
    lang = language(lang)
    verify_plan(problem, plan)
    network = network or build_network(problem)
    index = problem.need_index[need]
    record = problem.needs[index]
    outcome = next(entry for entry in plan.needs if entry.id == need)
    base = {"need": need, "title": record.title, "covered": outcome.covered, "outcome": outcome.outcome,
            "reason": outcome.reason}
    if outcome.covered:
        served = tuple(a for a in plan.assignments if a.need == need)
        names = join([_name(problem, a.resource) for a in served], lang)
        return Explanation(**base, served_by=served, statements=(message("explain.covered", lang, names=names),))
    reason = outcome.reason
    views = _views(network, plan, index)
    if reason.code == "no_skill_in_reach":
        return _no_skill(network, index, base, views, lang)
    if reason.code == "no_time_overlap":
        return _no_time(network, index, base, views, lang)
    if reason.code == "limit":
        return Explanation(**base, limits=reason.limits or (reason.limit,), statements=(reason.detail,))
    if reason.code == "capacity_taken":
        return _capacity_taken(network, plan, index, base, views, time_limit if tradeoff else None, tradeoff, lang)
    return Explanation(**base, statements=(reason.detail,))


def _name(problem: Problem, resource_id: str) -> str:
    return problem.resources[problem.resource_index[resource_id]].name or resource_id


def _views(network: Network, plan: Plan, need: int) -> list[CandidateView]:
    """Every resource passing rules 1–2 for some requirement, with capacity and time verdicts."""
    problem = network.problem
    usage = {entry.id: entry for entry in plan.resources}
    found = network.candidates(need)
    eligibility = network.eligibility
    start, end = problem.needs[need].span()
    views = []
    for slot, resource, amount, roomy, timely in zip(found.slot.tolist(), found.resource.tolist(),
                                                     found.amount.tolist(), found.roomy, found.timely):
        record = problem.resources[resource]
        first = int(eligibility.window_first[resource])
        windows = zip(eligibility.window_start[first: first + int(eligibility.window_count[resource])],
                      eligibility.window_end[first: first + int(eligibility.window_count[resource])])
        overlap = max((min(end, b) - max(start, a) for a, b in windows), default=0)
        views.append(CandidateView(
            id=record.id, name=record.name or record.id, requirement=slot - int(network.first_slot[need]),
            amount=from_hundredths(amount), capacity=record.capacity, used=usage[record.id].used,
            tasks=usage[record.id].tasks, max_tasks=record.max_tasks, fits_capacity=bool(roomy),
            in_time=bool(timely), overlap_hours=round(max(overlap, 0) / 60, 2)))
    return views


def _no_skill(network: Network, need: int, base: dict, views: list[CandidateView], lang: str) -> Explanation:
    problem = network.problem
    reason = base["reason"]
    blamed = [reason.requirement] if reason.requirement is not None else range(len(problem.needs[need].requires))
    statements = [reason.detail]
    nearest: list[AreaView] = []
    for k in blamed:
        spec = problem.needs[need].requires[k]
        mine = [v for v in views if v.requirement == k]
        able = [v.name for v in mine if v.fits_capacity]
        names = message("explain.names", lang, names=join(able, lang)) if able else ""
        statements.append(message("explain.requirement", lang, k=k, skill=spec.skill, count=spec.count,
                                  amount=spec.amount, within=len(mine), able=len(able), names=names))
        nearest += _nearest(network, need, spec.skill)
    if nearest:
        areas = [message("explain.nearest_area", lang, name=a.name, levels=a.levels_apart, holders=len(a.holders))
                 for a in nearest[:5]]
        statements.append(message("explain.nearest", lang, areas=join(areas, lang, sep="list.semicolon")))
    return Explanation(**base, statements=tuple(statements), within_reach=tuple(views), nearest=tuple(nearest[:5]))


def _nearest(network: Network, need: int, skill: str, limit: int = 5) -> list[AreaView]:
    """Areas where resources with ``skill`` are based, nearest first (tree edges, then km)."""
    problem, grid = network.problem, network.grid
    target = int(network.need_area[need])
    holders: dict[int, list[str]] = defaultdict(list)
    for resource in problem.resources:
        if skill in resource.skills:
            holders[grid.index[resource.area]].append(resource.id)
    places = []
    for area, ids in holders.items():
        lca = grid.lca(area, target)
        apart = grid.depth[area] + grid.depth[target] - 2 * grid.depth[lca]
        both = grid.xy[area] is not None and grid.xy[target] is not None
        km = round(grid.distance_km(area, target), 2) if both else None
        places.append((apart, km if km is not None else float("inf"), area, ids, km))
    places.sort(key=lambda place: place[:3])
    return [AreaView(id=grid.ids[area], name=problem.areas[area].name or grid.ids[area],
                     level=problem.areas[area].level, levels_apart=apart, km=km, holders=tuple(ids))
            for apart, _, area, ids, km in places[:limit]]


def _no_time(network: Network, need: int, base: dict, views: list[CandidateView], lang: str) -> Explanation:
    span = window(network.problem.needs[need], lang, whole=True)
    statements = [base["reason"].detail]
    for view in views:
        if view.fits_capacity and not view.in_time:
            statements.append(message("explain.overlap", lang, name=view.name, window=span,
                                      overlap=view.overlap_hours, k=view.requirement, amount=view.amount))
    return Explanation(**base, statements=tuple(statements), within_reach=tuple(views))


def _capacity_taken(network: Network, plan: Plan, need: int, base: dict, views: list[CandidateView],
                    time_limit: float | None, tradeoff: bool, lang: str) -> Explanation:
    problem = network.problem
    pool = [v for v in views if v.fits_capacity and v.in_time]
    pool_ids = {v.id for v in pool}
    weight = {n.id: n.weight for n in problem.needs}
    takers = [Taker(need=a.need, weight=weight[a.need], resource=a.resource, amount=a.amount)
              for a in plan.assignments if a.resource in pool_ids]
    hall = _hall(network, plan, need, {t.need for t in takers})
    statements = [base["reason"].detail]
    if hall is not None:
        statements.append(message("explain.hall", lang, needs=join(hall.needs, lang), demand=hall.demand,
                                  measure=message(f"unit.{hall.measure}", lang, n=hall.demand),
                                  resources=join(hall.resources, lang), supply=hall.supply))
    trade = _tradeoff(problem, plan, need, time_limit) if tradeoff else None
    if trade is not None and trade.status in ("optimal", "feasible"):
        statements.append(message("explain.tradeoff" if trade.gives_up else "explain.tradeoff_free", lang,
                                  needs=join(trade.gives_up, lang), lost=trade.weight_lost,
                                  gained=trade.weight_gained, net=trade.net))
    return Explanation(**base, statements=tuple(statements), pool=tuple(pool), takers=tuple(takers),
                       hall=hall, tradeoff=trade)


def _slot_demand(network: Network, need: int, k: int, measure: str) -> int:
    """What filling requirement ``k`` of ``need`` takes at least: hours (hundredths) or distinct resources."""
    count = network.problem.needs[need].requires[k].count
    if measure == "tasks":
        return count
    return sum(sorted(int(network.pair_amount[p]) for p in network.slot_pairs(need, k))[:count])


def _hall(network: Network, plan: Plan, need: int, takers: set[str]) -> HallViolator | None:
    """Requirements, one of them ``need``'s, asking more than every resource able to fill any of them holds.

    Requirement slots are the nodes (so two needs asking different skills of the same
    resource meet there); a minimum cut with one of ``need``'s slots tied to the source
    finds the tightest such group, in hours first, then in tasks.
    """
    problem = network.problem
    group = [need] + sorted(problem.need_index[t] for t in takers if problem.need_index[t] != need)
    slots = [(m, k) for m in group for k in range(len(problem.needs[m].requires))]
    for measure in ("hours", "tasks"):
        for anchor in [(need, k) for k in range(len(problem.needs[need].requires))]:
            found = _cut(network, slots, anchor, measure)
            if found is not None:
                return found
    return None


def _cut(network: Network, slots: list[tuple[int, int]], anchor: tuple[int, int], measure: str):
    """The minimum cut (OR-Tools max-flow) with ``anchor`` on the source side, as a violator if it is one."""
    problem = network.problem
    demand = [_slot_demand(network, *slot, measure) for slot in slots]
    endless = sum(demand) + 1  # more than all demand: an arc the cut never takes
    node = {("slot", slot): 2 + i for i, slot in enumerate(slots)}  # 0 source, 1 sink
    flow = max_flow.SimpleMaxFlow()
    for i, slot in enumerate(slots):
        flow.add_arc_with_capacity(0, node[("slot", slot)], endless if slot == anchor else demand[i])
        for p in network.slot_pairs(*slot):
            r = int(network.pair_resource[p])
            if ("resource", r) not in node:
                node[("resource", r)] = len(node) + 2
                supply = network.capacity[r] if measure == "hours" else problem.resources[r].max_tasks
                flow.add_arc_with_capacity(node[("resource", r)], 1, endless if supply is None else int(supply))
            flow.add_arc_with_capacity(node[("slot", slot)], node[("resource", r)], endless)
    if flow.solve(0, 1) != flow.OPTIMAL:
        return None
    side = set(flow.get_source_side_min_cut())
    chosen = [slot for slot in slots if node[("slot", slot)] in side]
    if anchor not in chosen:
        return None
    asked = sum(d for slot, d in zip(slots, demand) if slot in chosen)
    held = flow.optimal_flow() - sum(d for slot, d in zip(slots, demand) if slot not in chosen)
    if asked <= held:
        return None
    resources = sorted({int(network.pair_resource[p]) for slot in chosen for p in network.slot_pairs(*slot)})
    scale = 100 if measure == "hours" else 1
    return HallViolator(requirements=tuple((problem.needs[m].id, k) for m, k in chosen),
                        needs=tuple(dict.fromkeys(problem.needs[m].id for m, _ in chosen)),
                        resources=tuple(problem.resources[r].id for r in resources), measure=measure,
                        demand=asked / scale, supply=held / scale)


def _tradeoff(problem: Problem, plan: Plan, need: int, time_limit: float | None) -> Tradeoff:
    """Solve the day again with ``need`` required, and compare."""
    from matching.solve import solve

    data = json.loads(problem.to_json(indent=None))
    data["needs"][need]["required"] = True
    forced = solve(Problem.model_validate(data), time_limit=time_limit)
    weight = {n.id: n.weight for n in problem.needs}
    before = set(plan.covered())
    after = set(forced.covered()) if forced.status in ("optimal", "feasible") else before
    gained = sum(weight[n] for n in after - before)
    lost = sum(weight[n] for n in before - after)
    order = [n.id for n in problem.needs]
    return Tradeoff(status=forced.status, covers=tuple(n for n in order if n in after - before),
                    gives_up=tuple(n for n in order if n in before - after),
                    weight_gained=round(gained, 2), weight_lost=round(lost, 2), net=round(gained - lost, 2))
