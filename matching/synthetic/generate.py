"""Seeded synthetic days at three tiers (SPEC §5): ``demo``, ``city`` and ``metro``.

``generate_day(tier, seed)`` returns a day dict in the day-file format (SPEC §2), the same
for the same ``(tier, seed)``; ``matching.synthetic.day_counts.summary(day)`` counts what a day holds.
Names and need templates come from :mod:`matching.synthetic.catalogue`.

Sizes
-----
=========================  ============  ===========  ===========
quantity                   demo          city         metro
=========================  ============  ===========  ===========
streets (街道 / towns)      1 (沙坪街道)   11 (Heshan)  300
communities (社区 / 村)      4             130          3,500
grids (网格)                 12            800          20,000
micro-grids (微网格)         36            4,000        100,000
needs                      40            2,000        60,000
resources                  40            3,000        100,000
resident units (驻区单位)     4             75           2,500
extent (km)                8 × 8         40 × 40      200 × 200
=========================  ============  ===========  ===========

Resource mix (share of resources in every tier; ``demo`` has at least 3 department teams)
-----------------------------------------------------------------------------------------
============  =====  ======================================================================
kind          share  based at; reach; amount; tasks; hours
============  =====  ======================================================================
staff         14 %   a community, spread evenly (10 % at a street, reach street); reach
                     community; 7 h; 3–5 tasks; 08:30–12:00 and 14:00–17:30; ``liaison``
                     plus 1–2 skills
grid_worker   16 %   a grid, spread evenly; reach grid; 4–7 h; 2–4 tasks; 08:00–18:00
volunteer     30 %   a micro-grid (志愿楼长); reach grid; 1–3 h; 1–3 tasks; all day 40 %,
                     evening 35 %, morning 25 %
party_member  24 %   home micro-grid (75 %) or community; reach community; ``unit`` = the
                     workplace (60 % in the home street, else a nearby one); skills of the
                     unit's kind; 1–3 h; 1–2 tasks; evening 55 %, morning 20 %, all day 25 %
unit_service  6 %    the unit's community; reach community or street; 3–6 h, 2–4 tasks,
                     office hours (a bus company's van: 1–3 uses); cost 0.2–1.0 per unit
department    2 %    the root; reach city; ``lead:<topic>`` plus 1–2 repair / inspection /
                     service skills; 6–8 h; 4–6 tasks; office hours; cost 0.2–1.0 per unit.
                     ``metro``: 120 teams at the root, the rest street branches (街道分支,
                     reach street), so eligible pairs grow with needs, not needs × teams
material      8 %    a street (70 %) or community; reach street; ``count``, 1–3 uses of a
                     ``vehicle`` or ``tools``
============  =====  ======================================================================

Other ratios
------------
- Units: 20 % have a ``daily_cap`` (10–24 h), 20 % a ``max_members`` (4–10), 50 % 1–3
  ``partner_areas`` (each 40 % in a nearby street); 3 % of volunteers and grid workers and
  5 % of staff have one ``extra_areas``; 10 % of communities have ``max_outbound`` 2–4 h.
- Needs: 75 % at micro-grids, 15 % at grids, 10 % at communities; 15 % complex
  (``lead:<topic>`` 1 h plus ``liaison`` 0.5 h, weight 2–5), 85 % simple (one requirement,
  a second for some templates; ``count`` 2 on 10 % of hour requirements; 0.5–3 h or 1 use;
  weight 1–4); 25 % have a window; 1 % are ``required``, each only where a staff member of
  its own community has the skill and backs no other required need, so the day stays feasible.
- Scarcity: hours are plentiful overall, but volunteers and grid workers reach one grid,
  department teams (the only ``lead:*``) have few tasks, evening needs miss office hours and
  some streets lack a skill, so a city day covers roughly 80 % of its weight.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from matching.synthetic import catalogue as cat

__all__ = ["MIX", "SPECS", "TIERS", "TierSpec", "generate_day"]

TIERS = ("demo", "city", "metro")


@dataclass(frozen=True)
class TierSpec:
    """Target sizes of a tier (see the module's table)."""

    streets: int
    communities: int
    grids: int
    micros: int
    needs: int
    resources: int
    units: int
    span_km: float
    city_teams: int | None = None  # department teams at the root; the rest are street branches


SPECS = {
    "demo": TierSpec(1, 4, 12, 36, 40, 40, 4, 8.0),
    "city": TierSpec(11, 130, 800, 4000, 2000, 3000, 75, 40.0),
    "metro": TierSpec(300, 3500, 20000, 100000, 60000, 100000, 2500, 200.0, city_teams=120),
}
MIX = {"department": 0.02, "staff": 0.14, "grid_worker": 0.16, "volunteer": 0.30,
       "party_member": 0.24, "unit_service": 0.06, "material": 0.08}
COMPLEX_SHARE, REQUIRED_SHARE, WINDOW_SHARE = 0.15, 0.01, 0.25
SETTINGS = {"objective": ["coverage", "cost"], "escalation_cost": 1.0, "distance_cost": 0.1}
Record = dict[str, Any]


def generate_day(tier: str, seed: int = 0) -> Record:
    """A synthetic day of the given tier.

    Parameters
    ----------
    tier : str
        One of :data:`TIERS`.
    seed : int
        Seed of the day's own ``random.Random``; the same tier and seed give the same day.

    Returns
    -------
    dict
        A JSON-serialisable day in the day-file format.

    Raises
    ------
    ValueError
        For an unknown tier.

    Examples
    --------
    >>> day = generate_day("demo", seed=1)
    >>> len(day["needs"]), day["areas"][1]["name"]
    (40, '沙坪街道')
    """
    if tier not in SPECS:
        raise ValueError(f"unknown tier {tier!r}: choose one of {', '.join(TIERS)}")
    return _Builder(tier, SPECS[tier], random.Random(seed)).build()


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    """One item of ``((item, weight), ...)``."""
    return rng.choices([item for item, _ in weighted], [weight for _, weight in weighted])[0]


def _half(rng: random.Random, low: float, high: float) -> float:
    """A multiple of 0.5 in ``[low, high]``."""
    return rng.randint(int(low * 2), int(high * 2)) / 2


def _cost(rng: random.Random) -> float:
    """A cost per unit in 0.20 .. 1.00, in steps of 0.05."""
    return rng.randint(4, 20) / 20


def _shares(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders; ties by position)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _split(total: int, parts: int, rng: random.Random, spread: float = 0.6) -> list[int]:
    """Split ``total`` over ``parts`` unevenly; every part gets one when there are enough."""
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    if total < parts:
        counts = Counter(rng.choices(range(parts), weights, k=total))
        return [counts[i] for i in range(parts)]
    return [1 + extra for extra in _shares(total - parts, weights)]


def _kind_counts(spec: TierSpec) -> dict[str, int]:
    """Resources per kind: :data:`MIX` of the total, and at least 3 department teams."""
    counts = dict(zip(MIX, _shares(spec.resources, list(MIX.values())), strict=True))
    shortfall = max(0, 3 - counts["department"])
    counts["department"] += shortfall
    counts["volunteer"] -= shortfall
    return counts


class _Builder:
    """Builds one day; every list is built in a fixed order from one ``random.Random``."""

    def __init__(self, tier: str, spec: TierSpec, rng: random.Random) -> None:
        self.tier, self.spec, self.rng = tier, spec, rng
        self.areas: list[Record] = []
        self.streets: list[str] = []
        self.communities: list[tuple[str, int]] = []  # (id, street index)
        self.grids: list[tuple[str, int]] = []  # (id, community index)
        self.street_communities: list[list[int]] = []
        self.community_grids: list[list[int]] = []
        self.micro_count: list[int] = []  # per grid
        self.short: dict[str, str] = {}  # street or community id -> short name
        self.units: list[Record] = []
        self.unit_meta: list[tuple[int, tuple[Any, ...]]] = []  # (street index, unit kind)
        self.resources: list[Record] = []
        self.departments = 0
        self.needs: list[Record] = []
        self.need_community: list[int] = []

    def build(self) -> Record:
        self._add_areas()
        self._add_units()
        self.next_community = itertools.cycle(self.rng.sample(range(len(self.communities)), len(self.communities)))
        self.next_grid = itertools.cycle(self.rng.sample(range(len(self.grids)), len(self.grids)))
        for kind, count in _kind_counts(self.spec).items():
            maker = getattr(self, f"_{kind}")
            self.resources += [{"id": f"r{len(self.resources) + i:05d}", **maker()} for i in range(count)]
        self._add_needs()
        self._mark_required()
        return {"date": "2026-06-18", "levels": list(cat.LEVELS), "areas": self.areas, "units": self.units,
                "resources": self.resources, "needs": self.needs, "arcs": [], "settings": dict(SETTINGS)}

    def _add_areas(self) -> None:
        spec, rng = self.spec, self.rng
        root_name = cat.METRO_ROOT_NAME if self.tier == "metro" else cat.ROOT_NAME
        self.areas.append({"id": "hs", "name": root_name, "level": "city", "parent": None, "xy": [0.0, 0.0]})
        side = math.ceil(math.sqrt(spec.streets))
        spacing = spec.span_km / side
        per_street = _split(spec.communities, spec.streets, rng)
        per_community = _split(spec.grids, spec.communities, rng)
        per_grid = _split(spec.micros, spec.grids, rng)
        used: set[str] = set()
        for s in range(spec.streets):
            row, col = divmod(s, side)
            col = col if row % 2 == 0 else side - 1 - col  # serpentine: near in index, near on the map
            xy = [(col + 0.5) * spacing - spec.span_km / 2, (row + 0.5) * spacing - spec.span_km / 2]
            sid = f"st{s + 1:02d}"
            name = cat.HESHAN_STREETS[s] if s < len(cat.HESHAN_STREETS) else cat.invent_place(rng, used) + "街道"
            used.add(name)
            self.areas.append({"id": sid, "name": name, "level": "street", "parent": "hs",
                               "xy": [round(v + rng.uniform(-0.2, 0.2) * spacing, 1) for v in xy]})
            self.streets.append(sid)
            self.short[sid] = name.removesuffix("街道")
            self.street_communities.append([])
            for j in range(per_street[s]):
                self._add_community(s, j, xy, spacing, per_community, per_grid)

    def _add_community(self, s: int, j: int, xy: list[float], spacing: float,
                       per_community: list[int], per_grid: list[int]) -> None:
        rng, c, sid = self.rng, len(self.communities), self.streets[s]
        taken = {self.short[self.communities[k][0]] for k in self.street_communities[s]}
        shaping = s == 0 and j < len(cat.SHAPING_COMMUNITIES)
        short = cat.SHAPING_COMMUNITIES[j] if shaping else cat.invent_place(rng, taken)
        village = self.short[sid][-1:] in ("镇", "乡") and rng.random() < 0.5
        cid = f"{sid}-c{j + 1:02d}"
        area = {"id": cid, "name": short + ("村" if village else "社区"), "level": "community", "parent": sid,
                "xy": [round(v + rng.uniform(-0.45, 0.45) * spacing, 1) for v in xy]}
        if rng.random() < 0.10:
            area["max_outbound"] = float(rng.randint(2, 4))
        self.areas.append(area)
        self.short[cid] = short
        self.communities.append((cid, s))
        self.street_communities[s].append(c)
        self.community_grids.append([])
        for k in range(per_community[c]):
            g, gid = len(self.grids), f"{cid}-g{k + 1}"
            self.areas.append({"id": gid, "name": f"{short}{cat.chinese_number(k + 1)}网格", "level": "grid",
                               "parent": cid})
            self.grids.append((gid, c))
            self.community_grids[c].append(g)
            self.micro_count.append(per_grid[g])
            for m in range(per_grid[g]):
                self.areas.append({"id": f"{gid}-m{m + 1}", "name": cat.compound_name(rng), "level": "micro",
                                   "parent": gid})

    def _nearby_street(self, s: int) -> int:
        """Another street near ``s`` (``s`` itself when there is only one)."""
        n = len(self.streets)
        return s if n == 1 else (s + self.rng.randint(1, min(3, n - 1)) * self.rng.choice((-1, 1))) % n

    def _community_in(self, s: int) -> int:
        return self.rng.choice(self.street_communities[s])

    def _micro_of_grid(self, g: int) -> str:
        """A random micro-grid of grid ``g`` (the grid itself when it has none)."""
        gid, count = self.grids[g][0], self.micro_count[g]
        return f"{gid}-m{self.rng.randint(1, count)}" if count else gid

    def _add_units(self) -> None:
        rng, names = self.rng, Counter[str]()
        for u in range(self.spec.units):
            kind = _pick(rng, tuple((k, k[4]) for k in cat.UNIT_KINDS))
            c = rng.randrange(len(self.communities))
            cid, s = self.communities[c]
            name = self.short[cid] + rng.choice(kind[1])
            names[name] += 1
            name += f"{cat.chinese_number(min(names[name], 99))}分部" if names[name] > 1 else ""
            unit: Record = {"id": f"u{u:03d}", "name": name, "area": cid}
            if rng.random() < 0.2:
                unit["daily_cap"] = _half(rng, 10, 24)
            if rng.random() < 0.2:
                unit["max_members"] = rng.randint(4, 10)
            unit["partner_areas"] = self._partners(c, s) if rng.random() < 0.5 else []
            self.units.append(unit)
            self.unit_meta.append((s, kind))

    def _partners(self, c: int, s: int) -> list[str]:
        """1–3 partner communities (sometimes a whole street), 40 % of them in a nearby street."""
        chosen: list[str] = []
        for _ in range(self.rng.randint(1, 3)):
            street = self._nearby_street(s) if self.rng.random() < 0.4 else s
            area = self.streets[street] if self.rng.random() < 0.1 else \
                self.communities[self._community_in(street)][0]
            if area != self.communities[c][0] and area not in chosen:
                chosen.append(area)
        return chosen

    def _skills(self, weighted: tuple[tuple[str, int], ...], first: list[str]) -> list[str]:
        skills = list(first)
        for _ in range(self.rng.randint(1, 2)):
            skills += [skill for skill in [_pick(self.rng, weighted)] if skill not in skills]
        return skills

    def _department(self) -> Record:
        rng, teams = self.rng, self.spec.city_teams
        name, topic, extras, _, branch = _pick(rng, tuple((d, d[3]) for d in cat.DEPARTMENTS))
        skills = [f"lead:{topic}", *rng.sample(extras, rng.randint(1, len(extras)))]
        record = {"name": f"{name}{rng.choice('一二三四五六七八')}组", "kind": "department", "area": "hs",
                  "reach": "city", "skills": skills, "capacity": _half(rng, 6, 8),
                  "max_tasks": rng.randint(4, 6), "available": cat.OFFICE_HOURS, "cost_per_unit": _cost(rng)}
        if teams is not None and self.departments >= teams:
            street = rng.choice(self.streets)  # metro: a street branch (街道分支机构) of the department
            record.update(name=self.short[street] + branch + record["name"][-2:], area=street, reach="street")
        self.departments += 1
        return record

    def _staff(self) -> Record:
        rng = self.rng
        skills = self._skills(cat.STAFF_SKILLS, ["liaison"])
        record: Record = {"name": cat.person_name(rng, "社区专职工作者"), "kind": "staff"}
        if rng.random() < 0.1:
            record.update(name=cat.person_name(rng, "街道干部"), area=rng.choice(self.streets), reach="street")
        else:
            cid, s = self.communities[next(self.next_community)]  # spread: every community has staff
            record.update(area=cid, reach="community")
            if rng.random() < 0.05 and (other := self.communities[self._community_in(s)][0]) != cid:
                record["extra_areas"] = [other]
        record.update(skills=skills, capacity=7.0, max_tasks=rng.randint(3, 5), available=cat.STAFF_HOURS)
        return record

    def _grid_worker(self) -> Record:
        rng, g = self.rng, next(self.next_grid)  # spread: no grid has two before every grid has one
        record: Record = {"name": cat.person_name(rng, "网格员"), "kind": "grid_worker", "area": self.grids[g][0],
                          "reach": "grid", "skills": self._skills(cat.GRID_WORKER_SKILLS, []),
                          "capacity": _half(rng, 4, 7), "max_tasks": rng.randint(2, 4),
                          "available": cat.DAYTIME}
        return self._maybe_extra_grid(record, g)

    def _volunteer(self) -> Record:
        rng, g = self.rng, self.rng.randrange(len(self.grids))
        record: Record = {"name": cat.person_name(rng, "志愿楼长"), "kind": "volunteer", "area": self._micro_of_grid(g),
                          "reach": "grid", "skills": self._skills(cat.VOLUNTEER_SKILLS, []),
                          "capacity": _half(rng, 1, 3), "max_tasks": rng.randint(1, 3)}
        if (roll := rng.random()) >= 0.4:
            record["available"] = cat.EVENING if roll < 0.75 else cat.MORNING
        return self._maybe_extra_grid(record, g)

    def _maybe_extra_grid(self, record: Record, g: int) -> Record:
        """3 %: may also serve another grid of the same community."""
        if self.rng.random() < 0.03:
            other = self.rng.choice(self.community_grids[self.grids[g][1]])
            if other != g:
                record["extra_areas"] = [self.grids[other][0]]
        return record

    def _party_member(self) -> Record:
        rng, u = self.rng, self.rng.randrange(len(self.units))
        street, kind = self.unit_meta[u]
        c = self._community_in(street if rng.random() < 0.6 else self._nearby_street(street))
        home = self._micro_of_grid(rng.choice(self.community_grids[c])) if rng.random() < 0.75 \
            else self.communities[c][0]
        skills = [rng.choices(kind[2], [3] + [1] * (len(kind[2]) - 1))[0]]
        if rng.random() < 0.3:
            skills += [extra for extra in [_pick(rng, cat.MEMBER_EXTRA_SKILLS)] if extra not in skills]
        record: Record = {"name": cat.person_name(rng, "报到党员"), "kind": "party_member", "area": home,
                          "reach": "community", "unit": self.units[u]["id"], "skills": skills,
                          "capacity": _half(rng, 1, 3), "max_tasks": rng.randint(1, 2)}
        if (roll := rng.random()) < 0.75:
            record["available"] = cat.EVENING if roll < 0.55 else cat.MORNING
        return record

    def _unit_service(self) -> Record:
        rng, u = self.rng, self.rng.randrange(len(self.units))
        unit, (service, skills, measure) = self.units[u], self.unit_meta[u][1][3]
        record: Record = {"name": unit["name"] + service, "kind": "unit_service", "area": unit["area"],
                          "reach": rng.choice(("community", "street")), "unit": unit["id"], "skills": list(skills)}
        if measure == "count":
            record.update(measure="count", capacity=float(rng.randint(1, 3)))
        else:
            record.update(capacity=_half(rng, 3, 6), max_tasks=rng.randint(2, 4), available=cat.OFFICE_HOURS)
        record["cost_per_unit"] = _cost(rng)
        return record

    def _material(self) -> Record:
        rng = self.rng
        name, skill = rng.choice(cat.MATERIALS)
        cid, s = self.communities[rng.randrange(len(self.communities))]
        area = self.streets[s] if rng.random() < 0.7 else cid
        return {"name": self.short[area] + name, "kind": "material", "area": area, "reach": "street",
                "measure": "count", "skills": [skill], "capacity": float(rng.randint(1, 3))}

    def _add_needs(self) -> None:
        rng = self.rng
        self.known = {skill for record in self.resources for skill in record["skills"]}
        self.simple = tuple((t, t[5]) for t in cat.SIMPLE_NEEDS if t[2] in self.known)
        self.complex = tuple((t, t[2]) for t in cat.COMPLEX_NEEDS if f"lead:{t[1]}" in self.known)
        windows = tuple((tuple(w), k) for w, k in cat.NEED_WINDOWS)
        for i in range(self.spec.needs):
            roll, c = rng.random(), rng.randrange(len(self.communities))
            grids = self.community_grids[c]
            area = self.communities[c][0] if roll >= 0.90 else \
                self._micro_of_grid(rng.choice(grids)) if roll < 0.75 else self.grids[rng.choice(grids)][0]
            body = self._complex_need() if rng.random() < COMPLEX_SHARE and self.complex else self._simple_need()
            need = {"id": f"n{i:05d}", "title": body.pop("title"), "area": area, **body}
            if rng.random() < WINDOW_SHARE:
                need["window"] = list(_pick(rng, windows))
            self.needs.append(need)
            self.need_community.append(c)

    def _simple_need(self) -> Record:
        rng = self.rng
        title, category, skill, amounts, second, _ = _pick(rng, self.simple)
        requires = [self._requirement(skill, amounts)]
        if second is not None and rng.random() < second[1] and second[0] in self.known:
            requires.append(self._requirement(second[0], (0.5, 1, 1.5)))
        return {"title": title, "kind": "simple", "category": category,
                "weight": float(rng.choice((1, 1, 2, 2, 3, 4))), "requires": requires}

    def _requirement(self, skill: str, amounts: tuple[float, ...]) -> Record:
        if skill in cat.COUNT_SKILLS:
            return {"skill": skill, "amount": 1.0}
        requirement: Record = {"skill": skill, "amount": float(self.rng.choice(amounts))}
        if self.rng.random() < 0.10:
            requirement["count"] = 2
        return requirement

    def _complex_need(self) -> Record:
        title, topic, _ = _pick(self.rng, self.complex)
        return {"title": title, "kind": "complex", "category": topic,
                "weight": float(self.rng.choice((2, 3, 3, 4, 5, 5))),
                "requires": [{"skill": f"lead:{topic}", "amount": 1.0}, {"skill": "liaison", "amount": 0.5}]}

    def _mark_required(self) -> None:
        """Make about 1 % of needs required, each backed by its own community's staff member.

        Only a simple need without a window, with one requirement for one resource of at
        most 3.5 h, qualifies; each staff member backs at most one, so assigning every
        required need to its backer is a feasible plan.
        """
        staff_of: dict[str, list[Record]] = {}
        for record in self.resources:
            if record["kind"] == "staff" and record["reach"] == "community":
                staff_of.setdefault(record["area"], []).append(record)
        order = list(range(len(self.needs)))
        self.rng.shuffle(order)
        target, reserved = max(1, round(REQUIRED_SHARE * len(self.needs))), set()
        for i in order:
            need, cid = self.needs[i], self.communities[self.need_community[i]][0]
            (first, *rest) = need["requires"]
            if len(reserved) == target or need["kind"] != "simple" or rest or "window" in need \
                    or first.get("count", 1) != 1 or first["amount"] > 3.5:
                continue
            backer = next((r for r in staff_of.get(cid, [])
                           if r["id"] not in reserved and first["skill"] in r["skills"]), None)
            if backer is not None:
                reserved.add(backer["id"])
                need["required"] = True
