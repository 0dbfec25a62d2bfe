"""Families of days unlike the generator's tiers: the corpus the engine policy is measured on.

The generator's tiers (``matching.synthetic.generate``) are one picture of a day. Users bring
others: teams of several people, tight windows, tied weights, materials counted in uses,
many required needs, binding unit and area limits, their own pairs (arcs). Each family here
turns one or two of those knobs far from the tiers; ``family_day(name, needs, seed)`` builds
a day of about ``needs`` needs from it, the same for the same arguments.

Knobs (``Knobs``; every family starts from ``PLAIN`` and changes a few)
-------------------------------------------------------------------------
=================  ===========================================================================
knob               meaning
=================  ===========================================================================
team_share         share of needs with 2–3 requirements (different skills)
count_share        share of requirements asking for ``count`` > 1 (2 to ``max_count``)
window_share       share of needs with a window; ``tight``: windows of 1–2.5 h (else 3–8 h),
                   and resources available in one or two short windows (else mostly all day)
weights            ``few``: 1–4; ``tied``: all 1; ``distinct``: 0.01–9.99, nearly all different;
                   ``ties5``: 1–5, most needs 1 or 2
count_measure      share of resources counted in uses (``measure: count``, capacity 1–3)
required_share     share of needs ``required``; each backed at construction by resources kept
                   for it (skill, reach, window, capacity and tasks), so the day stays feasible
unit_share         share of resources in resident units; ``unit_caps``: every unit gets a
                   ``daily_cap`` of a third of its members' hours and ``max_members`` of about
                   a third of its members, so both bind
outbound           every community gets ``max_outbound`` 1–3 h and resources reach the street
arc_share          share of needs with arcs (one requirement; 3–8 arc resources anywhere with
                   the skill, each with its own amount 0.5–4 and cost 1–20), as in generalized
                   assignment; backed needs keep an arc to their backer
supply             resources per need (all families are short of something)
skills             distinct skills; fewer skills mean more competition and larger components
=================  ===========================================================================

The area tree has one street per 150 needs (at least one), 4–7 communities per street,
3 grids per community and 3 micro-grids per grid, on a plane of 3 km per street. Needs sit at
micro-grids (70 %) and grids; resources at micro-grids (volunteers, reach grid), grids (grid
workers, reach grid), communities (staff, reach community; unit services, reach street),
streets (materials, reach street) and the root (2 departments and one more per 500 needs, reach city).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["FAMILIES", "SIZES", "Knobs", "family_day"]

Record = dict[str, Any]
SIZES = (30, 300, 2000)
SKILLS = ("repair", "care", "escort", "cleaning", "medical", "tutoring", "legal", "liaison", "vehicle", "tools",
          "lead:housing", "lead:safety", "counselling", "delivery", "it_help", "translation")


@dataclass(frozen=True)
class Knobs:
    """What makes a family (see the module's table)."""

    team_share: float = 0.10
    count_share: float = 0.05
    max_count: int = 2
    window_share: float = 0.25
    tight: bool = False
    weights: str = "few"
    count_measure: float = 0.08
    required_share: float = 0.01
    unit_share: float = 0.25
    unit_caps: bool = False
    outbound: bool = False
    arc_share: float = 0.0
    supply: float = 1.2
    skills: int = 12


PLAIN = Knobs()
FAMILIES: dict[str, Knobs] = {
    "plain": PLAIN,
    "teams-30": replace(PLAIN, team_share=0.30, count_share=0.20, max_count=3),
    "teams-60": replace(PLAIN, team_share=0.60, count_share=0.40, max_count=4, supply=1.6),
    "tight-windows": replace(PLAIN, window_share=0.85, tight=True, supply=1.5),
    "no-windows": replace(PLAIN, window_share=0.0),
    "tied-weights": replace(PLAIN, weights="tied"),
    "distinct-weights": replace(PLAIN, weights="distinct"),
    "count-measure": replace(PLAIN, count_measure=0.7),
    "required-30": replace(PLAIN, required_share=0.30, supply=1.5),
    "unit-caps": replace(PLAIN, unit_share=0.6, unit_caps=True),
    "outbound": replace(PLAIN, outbound=True),
    "arcs-gap": replace(PLAIN, arc_share=1.0, team_share=0.0, count_share=0.0, required_share=0.30,
                        window_share=0.0, supply=0.35, skills=3),
    "mixed": replace(PLAIN, team_share=0.43, count_share=0.31, max_count=3, window_share=0.45, weights="ties5",
                     unit_share=0.35, unit_caps=True, arc_share=0.05, required_share=0.0, supply=1.4),
}
"""The corpus: every family at each of ``SIZES`` needs and three seeds (``python -m benchmarks families``)."""

_LEVELS = ("city", "street", "community", "grid", "micro")
_KINDS = (("volunteer", "micro", "grid", 0.35), ("grid_worker", "grid", "grid", 0.20),
          ("staff", "community", "community", 0.22), ("unit_service", "community", "street", 0.10),
          ("material", "street", "street", 0.10))


def family_day(name: str, needs: int, seed: int) -> Record:
    """A day of family ``name`` with about ``needs`` needs, in the day-file format.

    Examples
    --------
    >>> day = family_day("teams-60", 30, seed=1)
    >>> len(day["needs"]), sum(len(need["requires"]) > 1 for need in day["needs"]) > 10
    (30, True)
    """
    if name not in FAMILIES:
        raise ValueError(f"unknown family {name!r}: choose one of {', '.join(FAMILIES)}")
    if needs < 1:
        raise ValueError(f"needs must be positive, got {needs}")
    return _Day(FAMILIES[name], needs, random.Random(f"{name}/{needs}/{seed}")).build()


class _Day:
    """One day under construction; every choice comes from one seeded ``random.Random``."""

    def __init__(self, knobs: Knobs, needs: int, rng: random.Random) -> None:
        self.knobs, self.size, self.rng = knobs, needs, rng
        self.skills = SKILLS[:max(2, min(knobs.skills, len(SKILLS)))]
        self.areas: list[Record] = []
        self.level_areas: dict[str, list[str]] = {"city": [], "street": [], "community": [], "grid": [], "micro": []}
        self.parent: dict[str, str | None] = {}
        self.units: list[Record] = []
        self.resources: list[Record] = []
        self.needs: list[Record] = []
        self.arcs: list[Record] = []

    def build(self) -> Record:
        self._areas()
        self._units()
        for _ in range(2 + self.size // 500):
            self._resource(("department", "city", "city"))
        for _ in range(max(2, round(self.size * self.knobs.supply))):
            self._resource()
        if self.knobs.unit_caps:
            self._unit_caps()
        for _ in range(self.size):
            self._need()
        settings = {"objective": ["coverage", "cost"], "escalation_cost": 1.0, "distance_cost": 0.1}
        return {"date": "2026-06-18", "areas": self.areas, "units": self.units, "resources": self.resources,
                "needs": self.needs, "arcs": self.arcs, "settings": settings}

    # -- the grid tree -------------------------------------------------------------------------

    def _area(self, area_id: str, level: str, parent: str | None, xy: list[float] | None = None) -> None:
        area: Record = {"id": area_id, "name": area_id, "level": level, "parent": parent}
        if xy is not None:
            area["xy"] = xy
        if level == "community" and self.knobs.outbound:
            area["max_outbound"] = float(self.rng.randint(1, 3))
        self.areas.append(area)
        self.level_areas[level].append(area_id)
        self.parent[area_id] = parent

    def _areas(self) -> None:
        rng = self.rng
        self._area("root", "city", None, [0.0, 0.0])
        streets = max(1, math.ceil(self.size / 150))
        side = math.ceil(math.sqrt(streets))
        for s in range(streets):
            sx, sy = 3.0 * (s % side), 3.0 * (s // side)
            self._area(f"s{s}", "street", "root", [sx, sy])
            for c in range(rng.randint(4, 7) if self.size > 40 else 2):
                community = f"s{s}c{c}"
                self._area(community, "community", f"s{s}", [round(sx + rng.uniform(-1.4, 1.4), 2),
                                                            round(sy + rng.uniform(-1.4, 1.4), 2)])
                for g in range(3):
                    self._area(f"{community}g{g}", "grid", community)
                    for m in range(3):
                        self._area(f"{community}g{g}m{m}", "micro", f"{community}g{g}")

    def _ancestor(self, area: str, level: str) -> str:
        current = area
        while _depth(current) > _LEVELS.index(level):
            current = self.parent[current]  # type: ignore[assignment]
        return current

    # -- units and resources -------------------------------------------------------------------

    def _units(self) -> None:
        count = max(1, round(self.size * self.knobs.supply * self.knobs.unit_share / 6))
        communities = self.level_areas["community"]
        for u in range(count):
            home = self.rng.choice(communities)
            partners = self.rng.sample(communities, min(len(communities), self.rng.randint(0, 2)))
            self.units.append({"id": f"u{u}", "name": f"unit {u}", "area": home,
                               "partner_areas": [p for p in partners if p != home]})

    def _resource(self, what: tuple[str, str, str] | None = None) -> None:
        rng, knobs = self.rng, self.knobs
        kind, level, reach = what or _pick(rng, [(tuple(k), share) for *k, share in _KINDS])
        area = rng.choice(self.level_areas[level])
        if knobs.outbound and level in ("micro", "grid", "community"):
            reach = "street"
        counted = kind == "material" or rng.random() < knobs.count_measure * (kind != "department")
        capacity = float(rng.randint(1, 3)) if counted else rng.choice((1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0))
        skills = rng.sample(self.skills, min(len(self.skills), rng.randint(1, 2)))
        resource: Record = {"id": f"r{len(self.resources)}", "name": f"{kind} {len(self.resources)}", "kind": kind,
                            "area": area, "reach": reach, "skills": skills, "capacity": capacity}
        if counted:
            resource["measure"] = "count"
        if rng.random() < 0.6:
            resource["max_tasks"] = rng.randint(1, 4)
        if kind in ("department", "unit_service", "material") or rng.random() < 0.2:
            resource["cost_per_unit"] = round(rng.uniform(0.1, 1.0), 2)
        windows = self._availability()
        if windows:
            resource["available"] = windows
        if self.units and kind in ("volunteer", "staff", "unit_service") and rng.random() < knobs.unit_share:
            resource["unit"] = rng.choice(self.units)["id"]
        self.resources.append(resource)

    def _availability(self) -> list[list[str]] | None:
        rng = self.rng
        if self.knobs.tight:
            start = rng.choice(range(8, 19))
            windows = [[_hhmm(start), _hhmm(min(start + rng.randint(2, 4), 24))]]
            if rng.random() < 0.4 and start + 6 < 22:
                later = start + rng.randint(5, 7)
                windows.append([_hhmm(later), _hhmm(min(later + 2, 24))])
            return windows
        return None if rng.random() < 0.6 else [[_hhmm(rng.choice((8, 9))), _hhmm(rng.choice((12, 17, 18)))]]

    def _unit_caps(self) -> None:
        """Binding unit caps: a third of the members' hours, a third of the members (at least one)."""
        members: dict[str, list[Record]] = {}
        for resource in self.resources:
            if "unit" in resource:
                members.setdefault(resource["unit"], []).append(resource)
        for unit in self.units:
            people = members.get(unit["id"], [])
            if people:
                unit["daily_cap"] = max(1.0, round(sum(r["capacity"] for r in people) / 3 * 2) / 2)
                unit["max_members"] = max(1, round(len(people) / 3))

    # -- needs ---------------------------------------------------------------------------------

    def _need(self) -> None:
        rng, knobs = self.rng, self.knobs
        index = len(self.needs)
        area = rng.choice(self.level_areas["micro" if rng.random() < 0.7 else "grid"])
        arcs = rng.random() < knobs.arc_share
        team = not arcs and rng.random() < knobs.team_share
        skills = rng.sample(self.skills, min(len(self.skills), rng.randint(2, 3) if team else 1))
        requires = []
        for skill in skills:
            requirement: Record = {"skill": skill, "amount": rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 3.0))}
            if not arcs and rng.random() < knobs.count_share:
                requirement["count"] = rng.randint(2, knobs.max_count)
            requires.append(requirement)
        need: Record = {"id": f"n{index}", "title": f"need {index}", "area": area,
                        "kind": "complex" if any(s.startswith("lead:") for s in skills) else "simple",
                        "weight": self._weight(), "requires": requires}
        if rng.random() < knobs.window_share:
            length = rng.choice((1.0, 1.5, 2.0, 2.5)) if knobs.tight else rng.choice((3, 4, 6, 8))
            start = rng.choice(range(8, 22 - math.ceil(length)))
            need["window"] = [_hhmm(start), _hhmm(start + length)]
            for requirement in requires:
                requirement["amount"] = min(requirement["amount"], length)
        backers = self._backers(need) if rng.random() < knobs.required_share else None
        if backers is not None:
            need["required"] = True
        self.needs.append(need)
        if arcs:
            self._arcs(need, backers)

    def _weight(self) -> float:
        rng, style = self.rng, self.knobs.weights
        if style == "tied":
            return 1.0
        if style == "distinct":
            return round(rng.uniform(0.01, 9.99), 2)
        if style == "ties5":
            return float(_pick(rng, [(1, 45), (2, 30), (3, 12), (4, 8), (5, 5)]))
        return float(rng.randint(1, 4))

    def _backers(self, need: Record) -> list[str] | None:
        """New resources kept for a required need, one per slot, eligible by construction (or None)."""
        backers = []
        for requirement in need["requires"]:
            for _ in range(requirement.get("count", 1)):
                amount = requirement["amount"]
                resource: Record = {"id": f"r{len(self.resources)}", "name": f"backer {len(self.resources)}",
                                    "kind": "staff", "area": self._ancestor(need["area"], "grid"),
                                    "skills": [requirement["skill"]], "capacity": amount + 1.0, "max_tasks": 2}
                if "window" in need:
                    resource["available"] = [list(need["window"])]
                self.resources.append(resource)
                backers.append(resource["id"])
        return backers

    def _arcs(self, need: Record, backers: list[str] | None) -> None:
        rng, skill = self.rng, need["requires"][0]["skill"]
        able = [r["id"] for r in self.resources if skill in r["skills"] and r["id"] not in (backers or ())]
        chosen = rng.sample(able, min(len(able), rng.randint(3, 8)))
        for resource in [*(backers or ()), *chosen]:
            amount = need["requires"][0]["amount"] if resource in (backers or ()) else rng.choice((0.5, 1, 1.5, 2, 3, 4))
            self.arcs.append({"need": need["id"], "resource": resource, "amount": float(amount),
                              "cost": float(rng.randint(1, 20))})


def _depth(area: str) -> int:
    """Depth of a family area id below the root: ``s0`` 1, ``s0c1`` 2, ``s0c1g2`` 3, ``s0c1g2m0`` 4."""
    return 0 if area == "root" else sum(area.count(tag) for tag in "scgm")


def _hhmm(hours: float) -> str:
    whole = int(hours)
    return f"{whole:02d}:{int(round((hours - whole) * 60)):02d}"


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    total = sum(weight for _, weight in weighted)
    mark = rng.uniform(0, total)
    for value, weight in weighted:
        mark -= weight
        if mark <= 0:
            return value
    return weighted[-1][0]
