"""Seeded synthetic days at three tiers (SPEC §5): ``demo``, ``city`` and ``metro``.

``generate_day(tier, seed)`` returns a day dict in the day-file format (SPEC §2),
deterministic for ``(tier, seed)``. Names come from :mod:`matching.catalogue`.

Ratios
------
=============================  ===========  ===========  =============
quantity                       demo         city         metro
=============================  ===========  ===========  =============
streets (街道 / towns)          1 (沙坪街道)  11 (Heshan)  300
communities (社区 / 村)          4            130          3,500
grids (网格)                     12           800          20,000
micro-grids (微网格)             36           4,000        100,000
needs                          40           2,000        60,000
resources                      40           3,000        100,000
resident units (驻区单位)         4            75           2,500
city extent (km)               8 × 8        40 × 40      200 × 200
=============================  ===========  ===========  =============

Resource mix (share of resources, every tier; ``demo`` has at least 3 department teams):

==================  =====  ===========================================================
kind                share  based at, reach, capacity
==================  =====  ===========================================================
staff               14 %   community (10 % of them at the street, reach street), reach
                           community, 7 h in 08:30–12:00 + 14:00–17:30, ``liaison``
                           plus 1–2 skills, 3–5 tasks
grid_worker         16 %   grid, reach grid, 4–7 h in 08:00–18:00, 2–4 tasks
volunteer           30 %   micro-grid (志愿楼长), reach grid, 1–3 h, 1–3 tasks;
                           40 % all day, 35 % evening, 25 % morning
party_member        24 %   home micro-grid (75 %) or community, reach community, unit =
                           workplace (60 % in the home street), skills of the unit's
                           kind, 1–3 h, 1–2 tasks, mostly evenings
unit_service        6 %    the unit's community, reach community or street, 3–6 h (or
                           1–3 uses of a ``count`` vehicle), cost 0.2–1.0 per unit
department          2 %    the root, reach city, ``lead:<topic>`` plus 1–2 repair /
                           inspection / service skills, 4–6 h, 2–4 tasks, cost 0.2–1.0
material            8 %    street (70 %) or community, reach street, ``count`` 1–3 uses
                           of ``vehicle`` or ``tools``
==================  =====  ===========================================================

Other ratios: 3 % of volunteers and grid workers and 5 % of staff have one ``extra_areas``;
40 % of units have a ``daily_cap`` (4–12 h), 40 % a ``max_members`` (2–6), 50 % 1–3
``partner_areas`` (each 40 % in another, nearby street); 10 % of communities have a
``max_outbound`` of 2–4 h. Needs: 75 % at micro-grids, 15 % at grids, 10 % at communities;
15 % complex (``lead:<topic>`` 1 h plus ``liaison`` 0.5 h, weight 2–5), 85 % simple
(1 requirement, sometimes 2; count 2 for 10 % of hour skills; 0.5–3 h or 1 use; weight 1–4);
25 % have a window; about 1 % are ``required``, each only when a staff member of its own
community has the skill, the hours and no other required need (so the day stays feasible).
Resources are spread evenly while needs cluster in a few busy communities, so the city tier
cannot cover every need (see ``summary`` for demand against supply per skill).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from matching import catalogue as cat

__all__ = ["TIERS", "TierSpec", "SPECS", "MIX", "generate_day", "summary"]

TIERS = ("demo", "city", "metro")


@dataclass(frozen=True)
class TierSpec:
    """Target sizes of a tier."""

    streets: int
    communities: int
    grids: int
    micros: int
    needs: int
    resources: int
    units: int
    span_km: float


SPECS = {
    "demo": TierSpec(1, 4, 12, 36, 40, 40, 4, 8.0),
    "city": TierSpec(11, 130, 800, 4000, 2000, 3000, 75, 40.0),
    "metro": TierSpec(300, 3500, 20000, 100000, 60000, 100000, 2500, 200.0),
}
MIX = {"department": 0.02, "staff": 0.14, "grid_worker": 0.16, "volunteer": 0.30,
       "party_member": 0.24, "unit_service": 0.06, "material": 0.08}
COMPLEX_SHARE, REQUIRED_SHARE, WINDOW_SHARE = 0.15, 0.01, 0.25
SETTINGS = {"objective": ["coverage", "cost"], "escalation_cost": 1.0, "distance_cost": 0.1}


def generate_day(tier: str, seed: int = 0) -> dict[str, Any]:
    """A synthetic day of the given tier.

    Parameters
    ----------
    tier : str
        One of :data:`TIERS`.
    seed : int
        Seed of the day's own ``random.Random``; same tier and seed, same day.

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


# Small helpers ---------------------------------------------------------------------------

def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    """One item of ``((item, weight), ...)``."""
    return rng.choices([item for item, _ in weighted], [weight for _, weight in weighted])[0]


def _half(rng: random.Random, low: float, high: float) -> float:
    """A multiple of 0.5 in ``[low, high]``."""
    return rng.randint(int(low * 2), int(high * 2)) / 2


def _cost(rng: random.Random) -> float:
    return rng.randint(4, 20) / 20  # 0.20 .. 1.00 in steps of 0.05


def _shares(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders; ties by position)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in order[: total - sum(counts)]:
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
    counts = dict(zip(MIX, _shares(spec.resources, list(MIX.values()))))
    shortfall = max(0, 3 - counts["department"])
    counts["department"] += shortfall
    counts["volunteer"] -= shortfall
    return counts


class _Builder:
    """Builds one day; every list is built in a fixed order from one ``random.Random``."""

    def __init__(self, tier: str, spec: TierSpec, rng: random.Random) -> None:
        self.tier, self.spec, self.rng = tier, spec, rng
        self.areas: list[dict[str, Any]] = []
        self.streets: list[str] = []
        self.communities: list[tuple[str, int]] = []  # (id, street index)
        self.grids: list[tuple[str, int]] = []  # (id, community index)
        self.micros: list[tuple[str, int]] = []  # (id, grid index)
        self.street_communities: list[list[int]] = []
        self.community_grids: list[list[int]] = []
        self.short: dict[str, str] = {}
        self.units: list[dict[str, Any]] = []
        self.unit_street: list[int] = []
        self.resources: list[dict[str, Any]] = []
        self.staff_of: dict[int, list[dict[str, Any]]] = {}
        self.needs: list[dict[str, Any]] = []
        self.need_community: list[int] = []

    def build(self) -> dict[str, Any]:
        self._add_areas()
        self._add_units()
        counts = _kind_counts(self.spec)
        for kind, count in counts.items():
            maker = getattr(self, f"_{kind}")
            for _ in range(count):
                record = {"id": f"r{len(self.resources):05d}", **maker()}
                self.resources.append(record)
        self._index_staff()
        self._add_needs()
        self._mark_required()
        return {"date": "2026-06-18", "levels": ["city", "street", "community", "grid", "micro"],
                "areas": self.areas, "units": self.units, "resources": self.resources,
                "needs": self.needs, "arcs": [], "settings": dict(SETTINGS)}

    # Areas -------------------------------------------------------------------------------

    def _add_areas(self) -> None:
        spec, rng = self.spec, self.rng
        root = "hs"
        root_name = cat.METRO_ROOT_NAME if self.tier == "metro" else cat.ROOT_NAME
        self.areas.append({"id": root, "name": root_name, "level": "city", "parent": None, "xy": [0.0, 0.0]})
        side = math.ceil(math.sqrt(spec.streets))
        spacing = spec.span_km / side
        per_street = _split(spec.communities, spec.streets, rng)
        per_community = _split(spec.grids, spec.communities, rng)
        per_grid = _split(spec.micros, spec.grids, rng)
        used_names: set[str] = set()
        for s in range(spec.streets):
            row, col = divmod(s, side)
            col = col if row % 2 == 0 else side - 1 - col  # serpentine: neighbours in index are near
            xy = [(col + 0.5) * spacing - spec.span_km / 2, (row + 0.5) * spacing - spec.span_km / 2]
            sid = f"st{s + 1:02d}"
            name = self._street_name(s, used_names)
            self.areas.append({"id": sid, "name": name, "level": "street", "parent": root,
                               "xy": [round(v + rng.uniform(-0.2, 0.2) * spacing, 1) for v in xy]})
            self.streets.append(sid)
            self.street_communities.append([])
            self._add_communities(s, name, xy, spacing, per_street[s], per_community, per_grid)

    def _street_name(self, s: int, used: set[str]) -> str:
        if s < len(cat.HESHAN_STREETS):
            name = cat.HESHAN_STREETS[s]
        else:
            name = self._invent(used) + "街道"
        used.add(name)
        return name

    def _invent(self, used: set[str]) -> str:
        """A two-character place name not in ``used`` (a numeral is added when all are taken)."""
        for _ in range(20):
            name = self.rng.choice(cat.NAME_HEADS) + self.rng.choice(cat.NAME_TAILS)
            if name not in used and all(name not in u for u in ()):
                if name + "街道" not in used:
                    return name
        return name + cat.chinese_number(len(used) % 99 + 1)

    def _add_communities(self, s: int, street_name: str, xy: list[float], spacing: float,
                         count: int, per_community: list[int], per_grid: list[int]) -> None:
        rng = self.rng
        used: set[str] = set()
        village = street_name.endswith(("镇", "乡"))
        for j in range(count):
            c = len(self.communities)
            cid = f"{self.streets[s]}-c{j + 1:02d}"
            short = (cat.SHAPING_COMMUNITIES[j] if s == 0 and j < len(cat.SHAPING_COMMUNITIES)
                     else self._invent(used))
            used.add(short)
            suffix = "村" if village and rng.random() < 0.5 else "社区"
            area = {"id": cid, "name": short + suffix, "level": "community", "parent": self.streets[s],
                    "xy": [round(v + rng.uniform(-0.45, 0.45) * spacing, 1) for v in xy]}
            if rng.random() < 0.10:
                area["max_outbound"] = float(rng.randint(2, 4))
            self.areas.append(area)
            self.short[cid] = short
            self.communities.append((cid, s))
            self.street_communities[s].append(c)
            self.community_grids.append([])
            for k in range(per_community[c]):
                self._add_grid(c, cid, short, k, per_grid)

    def _add_grid(self, c: int, cid: str, short: str, k: int, per_grid: list[int]) -> None:
        g = len(self.grids)
        gid = f"{cid}-g{k + 1}"
        self.areas.append({"id": gid, "name": f"{short}{cat.chinese_number(k + 1)}网格",
                           "level": "grid", "parent": cid})
        self.grids.append((gid, c))
        self.community_grids[c].append(g)
        for m in range(per_grid[g]):
            if self.rng.random() < 0.2:
                name = self.rng.choice(cat.SPECIAL_COMPOUNDS)
            else:
                name = self.rng.choice(cat.NAME_HEADS) + self.rng.choice(cat.NAME_TAILS) + \
                    self.rng.choice(cat.COMPOUND_SUFFIXES)
            self.areas.append({"id": f"{gid}-m{m + 1}", "name": name, "level": "micro", "parent": gid})
            self.micros.append((f"{gid}-m{m + 1}", g))

    # Places ------------------------------------------------------------------------------

    def _nearby_street(self, s: int) -> int:
        """Another street near ``s`` (the same one when there is only one)."""
        n = len(self.streets)
        if n == 1:
            return s
        return (s + self.rng.randint(1, min(3, n - 1)) * self.rng.choice((-1, 1))) % n

    def _community_in(self, s: int) -> int:
        return self.rng.choice(self.street_communities[s])

    def _micro_in(self, c: int) -> str:
        grid = self.rng.choice(self.community_grids[c])
        micros = [m for m, g in self.micros[self._first_micro(grid):] if g == grid] if False else None
        return micros or self._micro_of_grid(grid)

    def _micro_of_grid(self, g: int) -> str:
        gid = self.grids[g][0]
        count = self._micro_count[g]
        return f"{gid}-m{self.rng.randint(1, count)}" if count else gid

    def _first_micro(self, g: int) -> int:  # pragma: no cover - unused
        return 0

    # Units -------------------------------------------------------------------------------

    def _add_units(self) -> None:
        rng = self.rng
        self._micro_count = Counter(g for _, g in self.micros)
        names: Counter[str] = Counter()
        for u in range(self.spec.units):
            kind = _pick(rng, tuple((k, k[4]) for k in cat.UNIT_KINDS))
            c = rng.randrange(len(self.communities))
            cid, s = self.communities[c]
            name = self.short[cid] + rng.choice(kind[1])
            names[name] += 1
            if names[name] > 1:
                name += f"{cat.chinese_number(min(names[name], 99))}分部"
            unit: dict[str, Any] = {"id": f"u{u:03d}", "name": name, "area": cid}
            if rng.random() < 0.4:
                unit["daily_cap"] = _half(rng, 4, 12)
            if rng.random() < 0.4:
                unit["max_members"] = rng.randint(2, 6)
            unit["partner_areas"] = self._partners(c, s) if rng.random() < 0.5 else []
            unit["_kind"] = kind
            self.units.append(unit)
            self.unit_street.append(s)

    def _partners(self, c: int, s: int) -> list[str]:
        chosen: list[str] = []
        for _ in range(self.rng.randint(1, 3)):
            street = self._nearby_street(s) if self.rng.random() < 0.4 else s
            if self.rng.random() < 0.1:
                area = self.streets[street]
            else:
                area = self.communities[self._community_in(street)][0]
            if area != self.communities[c][0] and area not in chosen:
                chosen.append(area)
        return chosen

    # Resources, one maker per kind -------------------------------------------------------

    def _person(self, title: str) -> str:
        return f"{title} {self.rng.choice(cat.SURNAMES)}{self.rng.choice(cat.GIVEN)}"

    def _skills(self, weighted: tuple[tuple[str, int], ...], first: list[str], most: int = 2) -> list[str]:
        skills = list(first)
        for _ in range(self.rng.randint(1, most)):
            skill = _pick(self.rng, weighted)
            if skill not in skills:
                skills.append(skill)
        return skills

    def _department(self) -> dict[str, Any]:
        rng = self.rng
        name, topic, extras, _ = _pick(rng, tuple((d, d[3]) for d in cat.DEPARTMENTS))
        skills = [f"lead:{topic}", *rng.sample(extras, rng.randint(1, len(extras)))]
        return {"name": f"{name}{rng.choice('一二三四五六七八')}组", "kind": "department", "area": "hs",
                "reach": "city", "skills": skills, "capacity": _half(rng, 4, 6),
                "max_tasks": rng.randint(2, 4), "available": cat.OFFICE_HOURS, "cost_per_unit": _cost(rng)}

    def _staff(self) -> dict[str, Any]:
        rng = self.rng
        skills = self._skills(cat.STAFF_SKILLS, ["liaison"])
        record: dict[str, Any] = {"name": self._person("社区专职工作者"), "kind": "staff"}
        if rng.random() < 0.1:
            record.update(name=self._person("街道干部"), area=rng.choice(self.streets), reach="street")
        else:
            c = rng.randrange(len(self.communities))
            record.update(area=self.communities[c][0], reach="community")
            if rng.random() < 0.05:
                record["extra_areas"] = [self.communities[self._community_in(self.communities[c][1])][0]]
        record.update(skills=skills, capacity=7.0, max_tasks=rng.randint(3, 5), available=cat.STAFF_HOURS)
        if record.get("extra_areas") == [record["area"]]:
            del record["extra_areas"]
        return record

    def _grid_worker(self) -> dict[str, Any]:
        rng = self.rng
        g = rng.randrange(len(self.grids))
        record: dict[str, Any] = {"name": self._person("网格员"), "kind": "grid_worker", "area": self.grids[g][0],
                                  "reach": "grid", "skills": self._skills(cat.GRID_WORKER_SKILLS, []),
                                  "capacity": _half(rng, 4, 7), "max_tasks": rng.randint(2, 4),
                                  "available": [["08:00", "18:00"]]}
        self._maybe_extra_grid(record, self.grids[g][1])
        return record

    def _maybe_extra_grid(self, record: dict[str, Any], c: int) -> None:
        if self.rng.random() < 0.03:
            other = self.grids[self.rng.choice(self.community_grids[c])][0]
            if other != record["area"] and not record["area"].startswith(other + "-"):
                record["extra_areas"] = [other]

    def _volunteer(self) -> dict[str, Any]:
        rng = self.rng
        g = rng.randrange(len(self.grids))
        record: dict[str, Any] = {"name": self._person("志愿楼长"), "kind": "volunteer",
                                  "area": self._micro_of_grid(g), "reach": "grid",
                                  "skills": self._skills(cat.VOLUNTEER_SKILLS, []),
                                  "capacity": _half(rng, 1, 3), "max_tasks": rng.randint(1, 3)}
        roll = rng.random()
        if roll >= 0.4:
            record["available"] = cat.EVENING if roll < 0.75 else cat.MORNING
        self._maybe_extra_grid(record, self.grids[g][1])
        return record

    def _party_member(self) -> dict[str, Any]:
        rng = self.rng
        u = rng.randrange(len(self.units))
        unit = self.units[u]
        home_street = self.unit_street[u] if rng.random() < 0.6 else self._nearby_street(self.unit_street[u])
        c = self._community_in(home_street)
        home = self._micro_of_grid(rng.choice(self.community_grids[c])) if rng.random() < 0.75 \
            else self.communities[c][0]
        member_skills = unit["_kind"][2]
        skills = [rng.choices(member_skills, [3] + [1] * (len(member_skills) - 1))[0]]
        if rng.random() < 0.3:
            extra = _pick(rng, cat.MEMBER_EXTRA_SKILLS)
            skills += [extra] if extra not in skills else []
        record: dict[str, Any] = {"name": self._person("报到党员"), "kind": "party_member", "area": home,
                                  "reach": "community", "unit": unit["id"], "skills": skills,
                                  "capacity": _half(rng, 1, 3), "max_tasks": rng.randint(1, 2)}
        roll = rng.random()
        if roll < 0.75:
            record["available"] = cat.EVENING if roll < 0.55 else cat.MORNING
        return record

    def _unit_service(self) -> dict[str, Any]:
        rng = self.rng
        unit = self.units[rng.randrange(len(self.units))]
        service, skills, measure = unit["_kind"][3]
        record: dict[str, Any] = {"name": unit["name"] + service, "kind": "unit_service", "area": unit["area"],
                                  "reach": rng.choice(("community", "street")), "unit": unit["id"],
                                  "skills": list(skills)}
        if measure == "count":
            record.update(measure="count", capacity=float(rng.randint(1, 3)))
        else:
            record.update(capacity=_half(rng, 3, 6), max_tasks=rng.randint(2, 4), available=cat.OFFICE_HOURS)
        record["cost_per_unit"] = _cost(rng)
        return record

    def _material(self) -> dict[str, Any]:
        rng = self.rng
        name, skill = rng.choice(cat.MATERIALS)
        c = rng.randrange(len(self.communities))
        cid, s = self.communities[c]
        area, place = (self.streets[s], self.areas_name(self.streets[s])) if rng.random() < 0.7 \
            else (cid, self.short[cid])
        return {"name": f"{place}{name}", "kind": "material", "area": area, "reach": "street",
                "measure": "count", "skills": [skill], "capacity": float(rng.randint(1, 3))}

    def areas_name(self, street_id: str) -> str:
        return self._street_names()[street_id]

    def _street_names(self) -> dict[str, str]:
        if not hasattr(self, "_names"):
            self._names = {a["id"]: a["name"].removesuffix("街道") for a in self.areas if a["level"] == "street"}
        return self._names

    def _index_staff(self) -> None:
        for unit in self.units:
            del unit["_kind"]
        community_index = {cid: c for c, (cid, _) in enumerate(self.communities)}
        for record in self.resources:
            if record["kind"] == "staff" and record["area"] in community_index:
                self.staff_of.setdefault(community_index[record["area"]], []).append(record)

    # Needs -------------------------------------------------------------------------------

    def _add_needs(self) -> None:
        rng = self.rng
        for i in range(self.spec.needs):
            roll = rng.random()
            c = rng.randrange(len(self.communities))
            if roll < 0.75:
                area = self._micro_of_grid(rng.choice(self.community_grids[c]))
            elif roll < 0.90:
                area = self.grids[rng.choice(self.community_grids[c])][0]
            else:
                area = self.communities[c][0]
            need = self._complex_need() if rng.random() < COMPLEX_SHARE else self._simple_need()
            need = {"id": f"n{i:05d}", "title": need.pop("title"), "area": area, **need}
            if rng.random() < WINDOW_SHARE:
                need["window"] = list(_pick(rng, tuple((tuple(w), k) for w, k in cat.NEED_WINDOWS)))
            self.needs.append(need)
            self.need_community.append(c)

    def _simple_need(self) -> dict[str, Any]:
        rng = self.rng
        title, category, skill, amounts, second, _ = _pick(rng, tuple((t, t[5]) for t in cat.SIMPLE_NEEDS))
        requires = [self._requirement(skill, amounts)]
        if second is not None and rng.random() < second[1]:
            requires.append(self._requirement(second[0], (0.5, 1, 1.5)))
        return {"title": title, "kind": "simple", "category": category,
                "weight": float(rng.choice((1, 1, 2, 2, 3, 4))), "requires": requires}

    def _requirement(self, skill: str, amounts: tuple[float, ...]) -> dict[str, Any]:
        if skill in cat.COUNT_SKILLS:
            return {"skill": skill, "amount": 1.0}
        requirement: dict[str, Any] = {"skill": skill, "amount": float(self.rng.choice(amounts))}
        if self.rng.random() < 0.10:
            requirement["count"] = 2
        return requirement

    def _complex_need(self) -> dict[str, Any]:
        rng = self.rng
        title, topic, _ = _pick(rng, tuple((t, t[2]) for t in cat.COMPLEX_NEEDS))
        return {"title": title, "kind": "complex", "category": topic,
                "weight": float(rng.choice((2, 3, 3, 4, 5, 5))),
                "requires": [{"skill": f"lead:{topic}", "amount": 1.0}, {"skill": "liaison", "amount": 0.5}]}

    def _mark_required(self) -> None:
        """Make about 1 % of needs required, each backed by its own community's staff member."""
        target = max(1, round(REQUIRED_SHARE * len(self.needs)))
        order = list(range(len(self.needs)))
        self.rng.shuffle(order)
        reserved: set[str] = set()
        marked = 0
        for i in order:
            need = self.needs[i]
            requirement = need["requires"][0]
            if marked == target or need["kind"] != "simple" or len(need["requires"]) != 1 \
                    or "window" in need or requirement.get("count", 1) != 1 or requirement["amount"] > 3.5:
                continue
            for staff in self.staff_of.get(self.need_community[i], []):
                if staff["id"] not in reserved and requirement["skill"] in staff["skills"]:
                    reserved.add(staff["id"])
                    need["required"] = True
                    marked += 1
                    break


def summary(day: dict[str, Any]) -> dict[str, Any]:
    """Counts of a day for the docs: areas, needs, resources, units, demand and supply per skill.

    ``supply`` counts a resource's whole capacity under each of its skills, so it
    overstates what multi-skilled resources can give.
    """
    needs, resources = day["needs"], day["resources"]
    area_street = _street_of(day["areas"])
    demand: Counter[str] = Counter()
    for need in needs:
        for requirement in need["requires"]:
            demand[requirement["skill"]] += requirement.get("count", 1) * requirement.get("amount", 1.0)
    supply: Counter[str] = Counter()
    for resource in resources:
        for skill in resource["skills"]:
            supply[skill] += resource["capacity"]
    kinds = Counter(r.get("kind", "staff") for r in resources)
    cross = sum(1 for u in day["units"]
                if any(area_street.get(a) != area_street.get(u["area"]) for a in u.get("partner_areas", [])))
    return {
        "areas": dict(Counter(a["level"] for a in day["areas"])),
        "needs": len(needs),
        "resources": len(resources),
        "resources_by_kind": dict(kinds),
        "mix": {kind: round(count / max(1, len(resources)), 3) for kind, count in kinds.items()},
        "units": len(day["units"]),
        "units_cross_street": cross,
        "complex_share": round(sum(n.get("kind") == "complex" for n in needs) / max(1, len(needs)), 3),
        "required": sum(bool(n.get("required")) for n in needs),
        "windowed_share": round(sum("window" in n for n in needs) / max(1, len(needs)), 3),
        "weight": sum(n.get("weight", 1.0) for n in needs),
        "skills": {skill: {"demand": round(demand[skill], 2), "supply": round(supply[skill], 2)}
                   for skill in sorted(set(demand) | set(supply))},
    }


def _street_of(areas: list[dict[str, Any]]) -> dict[str, str | None]:
    """Each area's street-level ancestor (``None`` above street level)."""
    parent = {a["id"]: a.get("parent") for a in areas}
    level = {a["id"]: a["level"] for a in areas}
    street: dict[str, str | None] = {}
    for area_id in parent:
        current: str | None = area_id
        while current is not None and level[current] != "street":
            current = parent[current]
        street[area_id] = current
    return street
