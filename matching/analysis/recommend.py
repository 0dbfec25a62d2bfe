"""Which capacity additions would cover the most extra weight (the "recommend" of explain-and-recommend).

``recommend(problem, plan)`` proposes standard-sized additions (the module constants),
estimates each without solving, re-solves the day with the most promising and lists those
whose gain the re-solve confirms. ``matching.analysis.shortages`` finds skills short in the same
communities day after day.

Candidates
    ``add_resource``: a new resource with skill S based in area A, serving A's subtree all
    day, no unit; one per (S, A) over unmet needs with a reason in ``SHORTAGE_CODES``
    (A from ``home_area``, S from ``short_skills``). ``more_hours``: more capacity for a
    resource that a ``capacity_taken`` reason names, that has pairs to unmet needs, or that
    lacks only the capacity for one; more ``max_tasks`` when its tasks are used up.
    ``raise_unit_cap``: more ``daily_cap`` or ``max_members`` for a unit a ``limit`` names.

Estimates (covered weight gained)
    Dual: the coverage tier's LP relaxation is solved once; the dual of a limit's row (a
    resource's capacity or tasks, a unit's daily cap or members) times the units added.
    Greedy, for pairs that do not exist yet (a new resource, a resource short of a need's
    amount): the unmet needs it could then serve under SPEC's eligibility (skill, reach, a
    whole-day window) whose other slots resources with hours and a task left beside the
    plan could fill, taken by weight per hour while its capacity lasts (a new resource's,
    or a raised one's whole capacity). Neither is a bound (unit limits, chains of freed
    capacity are ignored). ``add_resource`` uses greedy,
    ``more_hours`` dual + greedy, task and unit limits the dual.

Confirmation
    The ``top + SPARES`` best estimates are re-solved, coverage tier only, preferring the
    plan's covered needs among equal plans (``_changed_day``) so that ``covers`` names what
    the change adds; gain = re-solved coverage - the plan's coverage.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass

import numpy as np

from matching.model.formulation import ROW_KINDS, build_formulation
from matching.network.grid import Grid
from matching.network.pairs import Network, build_network
from matching.outcome.reasons import fillable
from matching.scaling import to_hundredths
from matching.search.engines.mip import MipEngine
from matching.solve import solve
from models import Need, Plan, Problem, Reason, verify_plan
from models.advice import Advice, Recommendation
from models.messages import label, language, message

__all__ = ["MORE_DAILY_CAP", "MORE_HOURS", "MORE_MEMBERS", "MORE_TASKS", "NEW_RESOURCE_HOURS", "SHORTAGE_CODES",
           "SPARES", "home_area", "recommend", "short_skills", "unmet_needs"]

NEW_RESOURCE_HOURS = 4.0  # capacity of a new resource (hours, all day)
MORE_HOURS = 2.0  # capacity added to a resource (hours, or uses when it counts uses)
MORE_TASKS = 1  # max_tasks added to a resource whose tasks are used up
MORE_DAILY_CAP = 2.0  # hours added to a unit's daily_cap
MORE_MEMBERS = 1  # members added to a unit's max_members
SPARES = 5  # candidates re-solved beyond `top`, for estimates that promise more than they give
SHORTAGE_CODES = ("no_skill_in_reach", "no_time_overlap", "capacity_taken")  # reasons pointing at a missing skill
_MIN_SOLVE = 1.0  # seconds: the shortest re-solve started
_MAX_SCALED = 1e8  # largest preference-scaled weight (SPEC's limit is 1e9)
_KIND_ORDER = {"add_resource": 0, "more_hours": 1, "raise_unit_cap": 2}
Duals = dict[tuple[str, int], float]


@dataclass(frozen=True)
class _Candidate:
    kind: str
    limit: str | None  # the field raised; None for add_resource
    target: str  # area (add_resource), resource (more_hours) or unit (raise_unit_cap) id
    skill: str | None
    amount: float
    unit_label: str
    estimate: float = 0.0
    named: bool = False  # named by an unmet need's reason

    def order(self) -> tuple:
        return (-round(self.estimate, 6), not self.named, _KIND_ORDER[self.kind], self.target, self.skill or "",
                self.limit or "")


def home_area(problem: Problem, grid: Grid, area: int) -> int:
    """The community holding ``area`` (the area itself when no community lies above it)."""
    if "community" not in problem.levels:
        return area
    return grid.reach_root(area, problem.levels.index("community"))


def short_skills(need: Need, reason: Reason) -> list[str]:
    """The blamed requirement's skill, or every requirement's skill when none is blamed."""
    if reason.requirement is not None:
        return [need.requires[reason.requirement].skill]
    return list(dict.fromkeys(spec.skill for spec in need.requires))


def unmet_needs(problem: Problem, plan: Plan) -> list[tuple[int, Reason]]:
    """(need index, reason) of every unmet need of the plan."""
    return [(problem.need_index[o.id], o.reason) for o in plan.needs if not o.covered and o.reason is not None]


def _free_pairs(network: Network, plan: Plan) -> np.ndarray:
    """Whether each pair's resource has the amount and a task left beside the plan's assignments."""
    problem = network.problem
    left = network.capacity.copy()
    tasks = np.where(network.max_tasks >= 0, network.max_tasks, len(problem.needs) + 1)
    for assignment in plan.assignments:
        resource = problem.resource_index[assignment.resource]
        left[resource] -= to_hundredths(assignment.amount)
        tasks[resource] -= 1
    return (network.pair_amount <= left[network.pair_resource]) & (tasks[network.pair_resource] > 0)


def _pools(network: Network, need: int, free: np.ndarray) -> list[set[int]]:
    """Per requirement of the need: the resources that could still fill it beside the plan."""
    return [{int(network.pair_resource[p]) for p in network.slot_pairs(need, k) if free[p]}
            for k in range(len(network.problem.needs[need].requires))]


def _fills_with(network: Network, need: int, pools: list[set[int]], slot: int, resource: int) -> bool:
    """Whether the need could be filled with ``resource`` added to requirement ``slot``'s pool."""
    counts = [spec.count for spec in network.problem.needs[need].requires]
    return fillable(counts, [pool | {resource} if k == slot else pool for k, pool in enumerate(pools)])[0]


def _greedy(problem: Problem, served: list[tuple[int, float]], budget: float) -> float:
    """Weight of the (need, hours) taken greedily by weight per hour within ``budget`` hours."""
    total = 0.0
    for need, hours in sorted(served, key=lambda item: (-problem.needs[item[0]].weight / item[1], item[0])):
        if hours <= budget + 1e-9:
            budget, total = budget - hours, total + problem.needs[need].weight
    return total


def _duals(network: Network, seconds: float | None) -> Duals:
    """Weight per unit of every limit row of the coverage LP relaxation, keyed (family, index)."""
    model = build_formulation(network)
    if model.rows == 0:
        return {}
    engine = MipEngine(model, seed=0, relaxed=True)
    if engine.optimize(*model.objective("coverage"), time_limit=seconds).status != "optimal":
        return {}
    duals = np.asarray(engine.highs.getSolution().row_dual, dtype=np.float64)
    first_pair, first_used = len(model.needs), len(model.needs) + len(model.pairs)
    out: Duals = {}
    # weights and amounts are both in hundredths; task and member counts are not
    families = {"capacity": ("capacity", 1.0), "tasks": ("max_tasks", 100.0),
                "daily_cap": ("daily_cap", 1.0), "members": ("max_members", 100.0)}
    for kind, (family, scale) in families.items():
        for row in np.flatnonzero(model.row_kind == ROW_KINDS.index(kind)):
            if model.row_start[row] == model.row_start[row + 1]:
                continue
            col = int(model.cols[model.row_start[row]])
            resource = (int(model.members[col - first_used]) if kind == "members"
                        else int(network.pair_resource[model.pairs[col - first_pair]]))
            key = resource if kind in ("capacity", "tasks") else int(network.resource_unit[resource])
            out[(family, key)] = max(float(duals[row]), 0.0) / scale
    return out


def _add_candidates(network: Network, unmet: list[tuple[int, Reason]], free: np.ndarray) -> list[_Candidate]:
    """A new resource per (skill, community) that unmet needs are short of, with its greedy estimate."""
    problem, grid = network.problem, network.grid
    keys: dict[tuple[str, int], None] = {}
    for need, reason in unmet:
        if reason.code in SHORTAGE_CODES:
            area = home_area(problem, grid, int(network.need_area[need]))
            keys.update(((skill, area), None) for skill in short_skills(problem.needs[need], reason))
    with_arcs = {problem.need_index[arc.need] for arc in problem.arcs}
    pools = {need: _pools(network, need, free) for need, _ in unmet if need not in with_arcs}
    out = []
    for skill, area in keys:
        served = []
        for need, need_pools in pools.items():
            record = problem.needs[need]
            start, end = record.span()
            if grid.contains(area, int(network.need_area[need])):
                fits = [spec.amount for k, spec in enumerate(record.requires)
                        if spec.skill == skill and spec.amount <= NEW_RESOURCE_HOURS
                        and end - start >= 60 * spec.amount and _fills_with(network, need, need_pools, k, -1)]
                served += [(need, min(fits))] if fits else []
        out.append(_Candidate("add_resource", None, problem.areas[area].id, skill, NEW_RESOURCE_HOURS, "hours",
                              _greedy(problem, served, NEW_RESOURCE_HOURS), named=True))
    return out


def _short_of_capacity(network: Network, unmet: list[tuple[int, Reason]],
                       free: np.ndarray) -> dict[int, list[tuple[int, float]]]:
    """Per resource: unmet needs it could serve with ``MORE_HOURS`` more, their other slots filled beside the plan."""
    extra = round(MORE_HOURS * 100)
    found: dict[int, list[tuple[int, float]]] = {}
    for need, _ in unmet:
        candidates, first, pools = network.candidates(need), int(network.first_slot[need]), None
        for slot, resource, amount, roomy, timely in zip(candidates.slot.tolist(), candidates.resource.tolist(),
                                                         candidates.amount.tolist(), candidates.roomy,
                                                         candidates.timely, strict=True):
            if roomy or not timely or amount > network.capacity[resource] + extra:
                continue
            pools = pools or _pools(network, need, free)
            if _fills_with(network, need, pools, slot - first, resource):
                found.setdefault(resource, []).append((need, amount / 100))
    return found


def _resource_candidates(network: Network, plan: Plan, unmet: list[tuple[int, Reason]], duals: Duals,
                         free: np.ndarray) -> list[_Candidate]:
    """More hours (or one more task) for resources that could serve unmet needs."""
    problem = network.problem
    named = {problem.resource_index[r] for _, reason in unmet if reason.code == "capacity_taken"
             for r in reason.resources or ()}
    paired = {int(network.pair_resource[p]) for need, _ in unmet for p in network.need_pairs(need)}
    short = _short_of_capacity(network, unmet, free)
    tasks = {usage.id: usage.tasks for usage in plan.resources}
    out = []
    for resource in sorted(named | paired | set(short)):
        record = problem.resources[resource]
        estimate = (duals.get(("capacity", resource), 0.0) * MORE_HOURS
                    + _greedy(problem, short.get(resource, []), record.capacity + MORE_HOURS))
        out.append(_Candidate("more_hours", "capacity", record.id, None, MORE_HOURS,
                              "uses" if record.measure == "count" else "hours", estimate, resource in named))
        if record.max_tasks is not None and tasks.get(record.id, 0) >= record.max_tasks:
            out.append(_Candidate("more_hours", "max_tasks", record.id, None, MORE_TASKS, "tasks",
                                  duals.get(("max_tasks", resource), 0.0) * MORE_TASKS, resource in named))
    return out


def _unit_candidates(network: Network, unmet: list[tuple[int, Reason]], duals: Duals) -> list[_Candidate]:
    """A higher daily cap or member limit for the units that ``limit`` reasons name."""
    unit_index = {unit.id: u for u, unit in enumerate(network.problem.units)}
    out: dict[tuple[str, str], _Candidate] = {}
    for _, reason in unmet:
        for limit in (reason.limits or ((reason.limit,) if reason.limit else ())) if reason.code == "limit" else ():
            if limit.kind != "max_outbound":
                amount, unit_label = ((MORE_DAILY_CAP, "hours") if limit.kind == "daily_cap"
                                      else (MORE_MEMBERS, "members"))
                estimate = duals.get((limit.kind, unit_index[limit.id]), 0.0) * amount
                out[(limit.kind, limit.id)] = _Candidate("raise_unit_cap", limit.kind, limit.id, None, amount,
                                                         unit_label, estimate, True)
    return list(out.values())


def _changed_day(day: dict, candidate: _Candidate, kept: set[str]) -> dict:
    """The day with the candidate applied, coverage the only tier, and the needs ``kept`` preferred.

    Weights become ``w·K (+ 0.01 if kept)``, ``K`` > len(kept): every optimum covers the most
    original weight and then keeps the most of ``kept`` (``K`` = 1 past ``_MAX_SCALED``).
    """
    day = {**day, "settings": {**day.get("settings", {}), "objective": ["coverage"]}}
    if max((n.get("weight", 1.0) for n in day["needs"]), default=0) * (len(kept) + 1) < _MAX_SCALED:
        day["needs"] = [{**n, "weight": round(n.get("weight", 1.0) * (len(kept) + 1) + 0.01 * (n["id"] in kept), 2)}
                        for n in day["needs"]]
    if candidate.kind == "add_resource":
        taken, rid, suffix = {r["id"] for r in day["resources"]}, f"new-{candidate.skill}-{candidate.target}", 1
        while rid in taken:
            suffix += 1
            rid = f"new-{candidate.skill}-{candidate.target}-{suffix}"
        day["resources"] = [*day["resources"], {"id": rid, "name": f"新增 {candidate.skill}", "area": candidate.target,
                                                "skills": [candidate.skill], "capacity": candidate.amount}]
        return day
    field = "resources" if candidate.kind == "more_hours" else "units"
    whole = candidate.unit_label in ("tasks", "members")
    for position, record in enumerate(day[field]):
        if record["id"] == candidate.target:
            value = record[candidate.limit] + candidate.amount
            day[field] = [*day[field]]
            day[field][position] = {**record, candidate.limit: int(value) if whole else round(value, 2)}
    return day


def _detail(problem: Problem, candidate: _Candidate, gain: float, covers: int, uncovers: int, proven: bool,
            lang: str) -> str:
    amount = f"{candidate.amount:g}"
    if candidate.kind == "add_resource":
        area = problem.area_by_id[candidate.target]
        change = message("advice.add_resource", lang, skill=candidate.skill, area=area.name or area.id, amount=amount)
    else:
        record = (problem.resources[problem.resource_index[candidate.target]] if candidate.kind == "more_hours"
                  else problem.unit_by_id[candidate.target])
        old = getattr(record, candidate.limit)
        change = message("advice.more", lang, name=record.name or record.id, amount=amount,
                         label=message(f"unit.{candidate.unit_label}", lang, n=candidate.amount),
                         limit=label("field", candidate.limit, lang), old=old, new=old + candidate.amount)
    return message("advice.detail", lang, change=change, covers=message("advice.covers", lang, covers=covers),
                   exchange=message("advice.exchange", lang, uncovers=uncovers) if uncovers else "", gain=gain,
                   proven="" if proven else message("advice.not_proven", lang))


def _confirm(problem: Problem, plan: Plan, candidate: _Candidate, day: dict,
             seconds: float | None, lang: str) -> Recommendation | None:
    """Re-solve the day with the candidate; its recommendation, or None without gain."""
    was = set(plan.covered())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        new = solve(Problem.from_data(_changed_day(day, candidate, was)), time_limit=seconds)
    now = set(new.covered()) if new.status in ("optimal", "feasible") else was
    gain = round(sum(n.weight for n in problem.needs if n.id in now) - plan.objective["coverage"].value, 2)
    if gain <= 0:
        return None
    proven = plan.objective["coverage"].proven and new.objective["coverage"].proven
    covers = tuple(n.id for n in problem.needs if n.id in now - was)
    uncovers = tuple(n.id for n in problem.needs if n.id in was - now)
    target = {"add_resource": problem.area_by_id, "more_hours": {r.id: r for r in problem.resources},
              "raise_unit_cap": problem.unit_by_id}[candidate.kind][candidate.target]
    role = {"add_resource": "area", "more_hours": "resource", "raise_unit_cap": "unit"}[candidate.kind]
    return Recommendation(
        kind=candidate.kind, limit=candidate.limit, skill=candidate.skill, amount=candidate.amount,
        **{role: candidate.target}, name=target.name or target.id, unit_label=candidate.unit_label,
        estimate=round(candidate.estimate, 2), gain=gain, gain_per_unit=round(gain / candidate.amount, 4),
        proven=proven, covers=covers, uncovers=uncovers,
        detail=_detail(problem, candidate, gain, len(covers), len(uncovers), proven, lang))


def _confirm_all(problem: Problem, plan: Plan, chosen: list[_Candidate],
                 deadline: float | None, lang: str) -> tuple[list[Recommendation], int]:
    """Re-solve candidates in order within the deadline; (recommendations with gain, re-solves run).

    The first re-solve may take half the time left; after it, the time left is shared by as
    many of the remaining candidates as the re-solves so far suggest will fit, best first,
    keeping back the most a re-solve has run past its time limit.
    """
    day = problem.model_dump(mode="json", exclude_none=True)
    found, durations, over = [], [], 0.0
    for position, candidate in enumerate(chosen):
        seconds = None
        if deadline is not None:
            left = deadline - time.perf_counter() - over
            if left < _MIN_SOLVE:
                break
            fit = max(int(left // (1.25 * sum(durations) / len(durations))), 1) if durations else 2
            seconds = max(0.85 * left / min(len(chosen) - position, fit), _MIN_SOLVE)
        started = time.perf_counter()
        if (recommendation := _confirm(problem, plan, candidate, day, seconds, lang)) is not None:
            found.append(recommendation)
        durations.append(time.perf_counter() - started)
        over = max(over, durations[-1] - (seconds or durations[-1]))
    return found, len(durations)


def _check(problem: Problem, plan: Plan, top: int, time_limit: float | None) -> None:
    if not isinstance(problem, Problem) or not isinstance(plan, Plan):
        raise TypeError("recommend() takes a models.Problem and its models.Plan")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    if time_limit is not None and not (isinstance(time_limit, (int, float)) and math.isfinite(time_limit)
                                       and time_limit > 0):
        raise ValueError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    verify_plan(problem, plan)
    plan.raise_for_status()


def recommend(problem: Problem, plan: Plan, *, top: int = 10, time_limit: float | None = None,
              lang: str | None = None) -> Advice:
    """Capacity additions that would cover the most extra weight, each confirmed by a re-solve.

    Parameters
    ----------
    problem : models.Problem
        The day. It is not modified.
    plan : models.Plan
        ``matching.solve``'s plan of that day (the baseline).
    top : int
        How many recommendations to list at most.
    time_limit : float, optional
        Wall-clock seconds for everything, shared by the re-solves (default: none).
    lang : str, optional
        The language of each recommendation's ``detail`` (``"en"`` or ``"zh"``; default ``SANHU_LANG``,
        else English).

    Returns
    -------
    models.advice.Advice
        Recommendations with a confirmed gain > 0, best first; ``tried`` counts the re-solves.

    Raises
    ------
    models.InvalidProblem
        When ``plan`` is not a plan of ``problem`` (``models.verify_plan``).
    models.Infeasible
        When the plan is ``infeasible`` or ``unknown``.
    """
    _check(problem, plan, top, time_limit)
    lang = language(lang)
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit - min(0.05 * time_limit, 2.0)
    network, unmet = build_network(problem), unmet_needs(problem, plan)
    lp_seconds = None if deadline is None else max(0.25 * (deadline - time.perf_counter()), 0.1)
    duals = _duals(network, lp_seconds) if unmet else {}
    free = _free_pairs(network, plan)
    candidates = sorted(_add_candidates(network, unmet, free) + _resource_candidates(network, plan, unmet, duals, free)
                        + _unit_candidates(network, unmet, duals), key=_Candidate.order)
    found, tried = _confirm_all(problem, plan, candidates[: top + SPARES], deadline, lang)
    found.sort(key=lambda r: (-r.gain, -r.gain_per_unit, -r.estimate, _KIND_ORDER[r.kind],
                              r.resource or r.unit or r.area or "", r.skill or "", r.limit or ""))
    coverage = plan.objective["coverage"]
    return Advice(recommendations=tuple(found[:top]), tried=tried, candidates=len(candidates),
                  baseline_coverage=coverage.value, baseline_proven=coverage.proven,
                  seconds=round(time.perf_counter() - started, 3))
