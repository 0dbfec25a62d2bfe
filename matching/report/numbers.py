"""What the report page shows, counted from a day and its plan (nothing is solved again).

- Headline: the needs, those covered and their weight against the day's whole weight (the
  *covered share*), cleared today (covered needs whose outcome is ``cleared_today``, the simple
  ones), clarified today (``clarified_today``, the complex ones), unmet needs per reason code.
- Coverage of every area at the street and community levels: the plan's own rollups
  (``plan.areas``: needs and weight of the area's whole subtree).
- Unmet needs with their reason, the community and street they lie in.
- Utilisation: resources per kind and measure (used against capacity, from ``plan.resources``);
  resident units (amount their resources gave and distinct resources used, summed from
  ``plan.assignments``, against ``daily_cap`` and ``max_members``).
- Places: each need's coordinates, its area's ``xy`` or its nearest ancestor's (SPEC §2).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from models import AreaRollup, NeedOutcome, Plan, Problem

__all__ = ["REASON_ORDER", "Headline", "UnitUse", "KindUse", "headline", "level_below", "ancestor_at",
           "area_rows", "unmet_needs", "kind_use", "unit_use", "need_places"]

REASON_ORDER = ("no_skill_in_reach", "no_time_overlap", "limit", "capacity_taken", "unproven", "infeasible")
"""Reason codes in the order SPEC §3 gives them, the page's order everywhere."""


@dataclass(frozen=True)
class Headline:
    """The day's headline numbers. ``covered_share`` is covered weight over the day's weight (0 for no weight)."""

    needs: int
    covered: int
    weight: float
    covered_weight: float
    cleared: int
    clarified: int
    unmet: dict[str, int]

    @property
    def covered_share(self) -> float:
        return self.covered_weight / self.weight if self.weight else 0.0

    @property
    def unmet_total(self) -> int:
        return sum(self.unmet.values())


@dataclass(frozen=True)
class KindUse:
    """Resources of one kind and measure: how many, how many with a task, how many used up, amounts."""

    kind: str
    measure: str
    resources: int
    in_use: int
    full: int
    used: float
    capacity: float


@dataclass(frozen=True)
class UnitUse:
    """A resident unit: amount its resources gave today and distinct resources used, with its limits."""

    id: str
    name: str
    used: float
    daily_cap: float | None
    members: int
    max_members: int | None
    resources: int


def headline(problem: Problem, plan: Plan) -> Headline:
    """The headline numbers of ``plan`` for ``problem`` (needs the plan leaves out count as unmet)."""
    weights = {need.id: need.weight for need in problem.needs}
    covered = [entry for entry in plan.needs if entry.covered]
    outcomes = Counter(entry.outcome for entry in covered)
    unmet = Counter(entry.reason.code for entry in plan.needs if not entry.covered and entry.reason is not None)
    return Headline(needs=len(problem.needs), covered=len(covered), weight=round(sum(weights.values()), 2),
                    covered_weight=round(sum(weights[entry.id] for entry in covered), 2),
                    cleared=outcomes["cleared_today"], clarified=outcomes["clarified_today"],
                    unmet={code: unmet[code] for code in REASON_ORDER if unmet[code]})


def level_below(problem: Problem, wanted: str, depth: int) -> str:
    """The level named ``wanted`` if the day has it, else the level ``depth`` steps below the top (the last one
    when the tree is shallower): the day's "street" (``depth`` 1) and "community" (2)."""
    if wanted in problem.levels:
        return wanted
    return problem.levels[min(depth, len(problem.levels) - 1)]


def ancestor_at(problem: Problem, level: str) -> dict[str, str | None]:
    """Every area's ancestor (or itself) at ``level``; None where the area lies above it or the tree skips it."""
    found: dict[str, str | None] = {}
    for area in problem.areas:
        chain = []
        current: str | None = area.id
        while current is not None and current not in found:
            chain.append(current)
            record = problem.area_by_id[current]
            if record.level == level:
                break
            current = record.parent
        answer = found.get(current) if current is not None and current in found else None
        for area_id in reversed(chain):
            if problem.area_by_id[area_id].level == level:
                answer = area_id
            found[area_id] = answer
    return found


def area_rows(plan: Plan, level: str) -> list[AreaRollup]:
    """The plan's rollups of the areas at ``level`` that hold needs, in the day's order."""
    return [area for area in plan.areas if area.level == level and area.needs]


def unmet_needs(problem: Problem, plan: Plan) -> list[NeedOutcome]:
    """The unmet needs, by reason (SPEC order), then weight (largest first), then the day's order."""
    order = {code: position for position, code in enumerate(REASON_ORDER)}
    position = problem.need_index
    unmet = [entry for entry in plan.needs if not entry.covered]
    return sorted(unmet, key=lambda entry: (order.get(entry.reason.code if entry.reason else "", len(order)),
                                            -problem.needs[position[entry.id]].weight, position[entry.id]))


def kind_use(problem: Problem, plan: Plan) -> list[KindUse]:
    """Resources per (kind, measure), in order of the kinds' first appearance in the day."""
    usage = {entry.id: entry for entry in plan.resources}
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for resource in problem.resources:
        groups[resource.kind, resource.measure].append((resource, usage.get(resource.id)))
    rows = []
    for (kind, measure), members in groups.items():
        used = [entry.used if entry else 0.0 for _, entry in members]
        full = sum(1 for (resource, _), amount in zip(members, used) if amount >= resource.capacity - 1e-9)
        rows.append(KindUse(kind, measure, len(members), sum(1 for _, entry in members if entry and entry.tasks), full,
                            round(sum(used), 2), round(sum(resource.capacity for resource, _ in members), 2)))
    return rows


def unit_use(problem: Problem, plan: Plan) -> list[UnitUse]:
    """Every resident unit's use today, in the day's order."""
    unit_of = {resource.id: resource.unit for resource in problem.resources if resource.unit}
    amount: dict[str, float] = defaultdict(float)
    members: dict[str, set[str]] = defaultdict(set)
    for assignment in plan.assignments:
        unit = unit_of.get(assignment.resource)
        if unit is not None:
            amount[unit] += assignment.amount
            members[unit].add(assignment.resource)
    size = Counter(unit_of.values())
    return [UnitUse(unit.id, unit.name or unit.id, round(amount[unit.id], 2), unit.daily_cap, len(members[unit.id]),
                    unit.max_members, size[unit.id]) for unit in problem.units]


def need_places(problem: Problem) -> dict[str, tuple[float, float] | None]:
    """Each need's coordinates: its area's ``xy``, else its nearest ancestor's; None when no ancestor has one."""
    places: dict[str, tuple[float, float] | None] = {}
    for area in problem.areas:
        chain = []
        current: str | None = area.id
        while current is not None and current not in places:
            chain.append(current)
            record = problem.area_by_id[current]
            if record.xy is not None:
                places[current] = (float(record.xy[0]), float(record.xy[1]))
                chain.pop()
                break
            current = record.parent
        inherited = places.get(current) if current is not None else None
        for area_id in reversed(chain):
            places[area_id] = inherited
    return {need.id: places[need.area] for need in problem.needs}
