"""The day as the independent checker sees it: eligibility, reach, time and cost from SPEC §2.

Works on the plain day dict and imports nothing from ``models`` or ``matching``.
"""
from __future__ import annotations

import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import networkx as nx

DEFAULT_LEVELS = ("city", "street", "community", "grid", "micro")
WHOLE_DAY = ("00:00", "24:00")
STATUSES = ("optimal", "feasible", "infeasible", "unknown")
LIMIT_OWNERS = {"daily_cap": "unit", "max_members": "unit", "max_outbound": "area"}
RULES_ALL = (1, 2, 3)
TIER_SENSES = {"coverage": 1, "fairness": 1, "cost": -1, "balance": -1}  # +1 maximise, -1 minimise
MILLION = 10 ** 6


def _exact_distance(a, b) -> Decimal:
    """The distance between two points given as decimals, computed in decimal arithmetic
    (28 digits), so that (-17.3, 5.4) to (-16.1, 6.3) is exactly 1.5."""
    dx = Decimal(repr(float(a[0]))) - Decimal(repr(float(b[0])))
    dy = Decimal(repr(float(a[1]))) - Decimal(repr(float(b[1])))
    return (dx * dx + dy * dy).sqrt()


def _decimal(value: float) -> Decimal:
    """The decimal a planner wrote (0.1 is one tenth, not its binary neighbour)."""
    return Decimal(repr(float(value)))


def round_cost(x: float) -> float:
    """Round a cost to the nearest 0.01, halves up (the project's convention)."""
    return math.floor(x * 100 + 0.5) / 100


def cents(x: float) -> int:
    """An amount, weight or cost in integer hundredths (they are exact to 0.01)."""
    return round(x * 100)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _overlap_hours(a, b) -> float:
    return (min(_minutes(a[1]), _minutes(b[1])) - max(_minutes(a[0]), _minutes(b[0]))) / 60


def _or(value, default):
    return default if value is None else value


class DayIndex:
    """Lookups over one day dict (areas, units, resources, needs, arcs), built once.

    Parameters
    ----------
    day : dict
        A day in the SPEC §2 shape. It is never mutated.
    """

    def __init__(self, day: dict):
        self.day = day
        self.levels = list(day.get("levels") or DEFAULT_LEVELS)
        self.areas = {a["id"]: a for a in day.get("areas") or []}
        self.units = {u["id"]: u for u in day.get("units") or []}
        self.resources = {r["id"]: r for r in day.get("resources") or []}
        self.needs = {n["id"]: n for n in day.get("needs") or []}
        self.arcs: dict[str, dict[str, dict]] = defaultdict(dict)
        for arc in day.get("arcs") or []:
            self.arcs[arc["need"]][arc["resource"]] = arc
        settings = day.get("settings") or {}
        self.escalation_cost = _or(settings.get("escalation_cost"), 1.0)
        self.distance_cost = _or(settings.get("distance_cost"), 0.1)
        self.by_skill: dict[str, list[str]] = defaultdict(list)
        for rid, resource in self.resources.items():
            for skill in resource.get("skills") or []:
                self.by_skill[skill].append(rid)
        self._chains: dict[str, tuple[str, ...]] = {}
        self._roots: dict[str, tuple[str, ...]] = {}

    def chain(self, area_id: str) -> tuple[str, ...]:
        """The area and its ancestors, bottom up to the root."""
        if area_id not in self._chains:
            chain, current = [], area_id
            while current is not None and len(chain) <= len(self.areas):
                chain.append(current)
                current = self.areas[current].get("parent")
            self._chains[area_id] = tuple(chain)
        return self._chains[area_id]

    def depth(self, area_id: str) -> int:
        return len(self.chain(area_id)) - 1

    def in_subtree(self, area_id: str, root_id: str) -> bool:
        return root_id in self.chain(area_id)

    def level_index(self, area_id: str) -> int:
        return self.levels.index(self.areas[area_id]["level"])

    def xy(self, area_id: str):
        for aid in self.chain(area_id):
            if self.areas[aid].get("xy") is not None:
                return self.areas[aid]["xy"]
        return None

    def reach_roots(self, resource_id: str) -> tuple[str, ...]:
        """Every reach root of a resource (SPEC rule 2 and the project's convention)."""
        if resource_id not in self._roots:
            resource = self.resources[resource_id]
            area, reach = resource["area"], resource.get("reach")
            home = area
            if reach is not None and self.level_index(area) > self.levels.index(reach):
                cut = self.levels.index(reach)
                for aid in self.chain(area):
                    if self.level_index(aid) >= cut:
                        home = aid
            roots = [home, *(resource.get("extra_areas") or [])]
            unit = self.units.get(resource.get("unit"))
            if unit is not None:
                roots.extend(unit.get("partner_areas") or [])
            self._roots[resource_id] = tuple(roots)
        return self._roots[resource_id]

    def outbound_areas(self, resource_id: str, need_id: str) -> list[str]:
        """Areas with ``max_outbound`` holding the resource's base but not the need."""
        need_chain = self.chain(self.needs[need_id]["area"])
        return [aid for aid in self.chain(self.resources[resource_id]["area"])
                if self.areas[aid].get("max_outbound") is not None and aid not in need_chain]

    def requirement(self, need_id: str, k: int) -> dict:
        return self.needs[need_id]["requires"][k]

    def count(self, need_id: str, k: int) -> int:
        return _or(self.requirement(need_id, k).get("count"), 1)

    def weight(self, need_id: str) -> float:
        return _or(self.needs[need_id].get("weight"), 1)

    def pair_amount(self, need_id: str, k: int, resource_id: str) -> float:
        """The arc's amount for the pair when it gives one, else the requirement's amount."""
        arc = self.arcs.get(need_id, {}).get(resource_id)
        if arc is not None and arc.get("amount") is not None:
            return arc["amount"]
        return _or(self.requirement(need_id, k).get("amount"), 1)

    def time_ok(self, need_id: str, k: int, resource_id: str) -> bool:
        resource = self.resources[resource_id]
        window = self.needs[need_id].get("window") or WHOLE_DAY
        available = resource.get("available")
        windows = [WHOLE_DAY] if available is None else available
        overlaps = [_overlap_hours(w, window) for w in windows]
        if _or(resource.get("measure"), "hours") == "count":
            return any(h > 0 for h in overlaps)
        amount = _or(self.requirement(need_id, k).get("amount"), 1)
        return any(h >= amount - 1e-9 for h in overlaps)

    def ineligibility(self, need_id: str, k: int, resource_id: str, rules=RULES_ALL):
        """Why the resource may not fill requirement k of the need, or None when it may."""
        skill = self.requirement(need_id, k)["skill"]
        if 1 in rules and skill not in (self.resources[resource_id].get("skills") or []):
            return f"rule 1: no skill {skill!r}"
        if self.arcs.get(need_id):
            return None if resource_id in self.arcs[need_id] else "no arc for the pair"
        need_area = self.needs[need_id]["area"]
        if 2 in rules and not any(self.in_subtree(need_area, root)
                                  for root in self.reach_roots(resource_id)):
            return f"rule 2: area {need_area!r} outside reach {list(self.reach_roots(resource_id))}"
        if 3 in rules and not self.time_ok(need_id, k, resource_id):
            return "rule 3: no window overlap long enough"
        return None

    def eligible(self, need_id: str, k: int, resource_id: str, rules=RULES_ALL) -> bool:
        return self.ineligibility(need_id, k, resource_id, rules) is None

    def cost(self, need_id: str, resource_id: str, amount: float) -> float:
        """SPEC cost of an assignment (or the arc's cost), rounded to 0.01."""
        arc = self.arcs.get(need_id, {}).get(resource_id)
        if arc is not None and arc.get("cost") is not None:
            return round_cost(arc["cost"])
        need_area, resource_area = self.needs[need_id]["area"], self.resources[resource_id]["area"]
        resource_chain = self.chain(resource_area)
        lca = next(aid for aid in self.chain(need_area) if aid in resource_chain)
        levels_up = self.depth(need_area) - self.depth(lca)
        a, b = self.xy(need_area), self.xy(resource_area)
        km = Decimal(0) if a is None or b is None else _exact_distance(a, b)
        per_unit = _or(self.resources[resource_id].get("cost_per_unit"), 0)
        # Decimal arithmetic: the decimal parts are exact, so halves round up as written.
        exact = (_decimal(self.escalation_cost) * levels_up + _decimal(self.distance_cost) * km
                 + _decimal(per_unit) * _decimal(amount))
        return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    # -- the fairness and balance tiers (exact, in integer millionths) --------------------------
    def fairness_level(self) -> str:
        """``settings.fairness_level``, else ``"street"``, else ``levels[1]`` (or ``levels[0]``)."""
        chosen = (self.day.get("settings") or {}).get("fairness_level")
        if chosen is not None:
            return chosen
        if "street" in self.levels:
            return "street"
        return self.levels[1] if len(self.levels) > 1 else self.levels[0]

    def fairness_groups(self) -> dict[str, list[str]]:
        """Each area at the fairness level whose subtree holds a need, with those needs."""
        level, groups = self.fairness_level(), {}
        for nid, need in self.needs.items():
            for aid in self.chain(need["area"]):
                if self.areas[aid]["level"] == level:
                    groups.setdefault(aid, []).append(nid)
        return groups

    def fairness_millionths(self, covered) -> int:
        """``floor(10**6 * min share)`` over :meth:`fairness_groups`; 10**6 when there are none."""
        shares = [MILLION * sum(cents(self.weight(n)) for n in nids if n in covered)
                  // sum(cents(self.weight(n)) for n in nids)
                  for nids in self.fairness_groups().values()]
        return min(shares, default=MILLION)

    def _known(self, assignments) -> list[dict]:
        return [a for a in assignments or [] if a.get("need") in self.needs
                and a.get("resource") in self.resources]

    def filled_needs(self, assignments) -> set[str]:
        """Needs whose every requirement has ``count`` distinct resources in the assignments."""
        slots: dict[str, dict] = defaultdict(lambda: defaultdict(set))
        for a in self._known(assignments):
            slots[a["need"]][a.get("requirement")].add(a["resource"])
        return {nid for nid, by_k in slots.items()
                if all(len(by_k.get(k, ())) >= self.count(nid, k)
                       for k in range(len(self.needs[nid]["requires"])))}

    def used_cents(self, assignments) -> dict[str, int]:
        """Amount given per resource by the assignments, in cents."""
        used: dict[str, int] = defaultdict(int)
        for a in self._known(assignments):
            used[a["resource"]] += cents(a.get("amount") or 0)
        return used

    def balance_millionths(self, used_cents) -> int:
        """``ceil(10**6 * max used / capacity)`` over resources; ``used_cents`` maps id to cents.

        Resources without positive capacity are skipped (nothing can be given from them).
        """
        ratios = [-(-MILLION * used_cents.get(rid, 0) // cents(resource["capacity"]))
                  for rid, resource in self.resources.items() if cents(resource["capacity"]) > 0]
        return max(ratios, default=0)

    def slot_candidates(self, need_id: str, k: int, rules=RULES_ALL) -> list[str]:
        """Resources eligible under ``rules`` whose capacity covers the pair's amount."""
        pool = self.by_skill.get(self.requirement(need_id, k)["skill"], []) if 1 in rules \
            else list(self.resources)
        return [rid for rid in pool if self.eligible(need_id, k, rid, rules)
                and self.resources[rid]["capacity"] >= self.pair_amount(need_id, k, rid) - 1e-9]

    def fillable(self, need_id: str, rules=RULES_ALL, requirement: int | None = None) -> bool:
        """Whether the need alone (every resource idle) can have all its slots filled.

        A bipartite max-flow of requirement slots to resources, each resource used for one slot.
        """
        ks = range(len(self.needs[need_id]["requires"])) if requirement is None else [requirement]
        graph, total = nx.DiGraph(), 0
        for k in ks:
            total += self.count(need_id, k)
            graph.add_edge("source", ("q", k), capacity=self.count(need_id, k))
            for rid in self.slot_candidates(need_id, k, rules):
                graph.add_edge(("q", k), ("r", rid), capacity=1)
                graph.add_edge(("r", rid), "sink", capacity=1)
        if "sink" not in graph:
            return total == 0
        return nx.maximum_flow_value(graph, "source", "sink") >= total
