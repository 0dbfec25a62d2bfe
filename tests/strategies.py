"""Hand-written hypothesis strategies for small sanhu days (SPEC §2), as plain dicts.

Days are small (a city root, one or two streets, one or two communities each, optional grids and
micro-grids, sometimes skipping the grid level) and scarce on purpose: small capacities, unit
caps, member limits, task limits and outbound limits, and windows that sometimes miss, so that
every limit binds in a fair share of examples. Amounts, weights, capacities and costs are
multiples of 0.25 or 0.5, hence exact to 0.01.
"""
from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["days", "tiered_days", "worded_days", "tiny_day", "windows", "SKILLS", "LEVELS", "TIER_ORDERS"]

LEVELS = ["city", "street", "community", "grid", "micro"]
SKILLS = ["repair", "medical", "escort"]
KINDS = ["staff", "grid_worker", "volunteer", "party_member", "unit_service", "department",
         "material"]
HALVES = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0]
CAPACITIES = [0.5, 1.0, 1.5, 2.0, 2.0, 2.5, 3.0, 3.0, 4.0]
AMOUNTS = [0.5, 1.0, 1.0, 1.5, 2.0]
QUARTERS = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0]
XY = st.tuples(st.integers(0, 8), st.integers(0, 8)).map(lambda p: [p[0] / 2, p[1] / 2])


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def windows(draw) -> list[str]:
    """A ``["HH:MM", "HH:MM"]`` window on half hours, from 30 minutes to 8 hours long."""
    start = draw(st.integers(12, 44)) * 30
    length = draw(st.integers(1, 16)) * 30
    return [_hhmm(start), _hhmm(min(start + length, 24 * 60))]


@st.composite
def _areas(draw, min_streets: int = 1) -> list[dict]:
    """A small grid tree: city root, streets, communities, optional grids and micro-grids."""
    def area(aid, level, parent):
        row = {"id": aid, "name": f"{level} {aid}", "level": level, "parent": parent}
        if draw(st.integers(0, 2)) == 0 or parent is None:
            row["xy"] = draw(XY)
        if parent is not None and draw(st.integers(0, 3)) == 0:
            row["max_outbound"] = draw(st.sampled_from([0.5, 1.0, 1.0, 2.0]))
        return row

    areas = [area("hs", "city", None)]
    for s in range(1, draw(st.integers(min_streets, 2)) + 1):
        street = f"s{s}"
        areas.append(area(street, "street", "hs"))
        for c in range(1, draw(st.integers(1, 2)) + 1):
            community = f"{street}-c{c}"
            areas.append(area(community, "community", street))
            shape = draw(st.sampled_from(["none", "grid", "grid+micro", "micro"]))
            if shape.startswith("grid"):
                areas.append(area(f"{community}-g1", "grid", community))
            if shape == "grid+micro":
                areas.append(area(f"{community}-g1-m1", "micro", f"{community}-g1"))
            if shape == "micro":  # skips the grid level
                areas.append(area(f"{community}-m1", "micro", community))
    return areas


@st.composite
def _units(draw, area_ids: list[str]) -> list[dict]:
    units = []
    for u in range(draw(st.integers(1, 2))):
        unit = {"id": f"u{u + 1}", "name": f"unit {u + 1}", "area": draw(st.sampled_from(area_ids)),
                "partner_areas": draw(st.lists(st.sampled_from(area_ids), max_size=1))}
        if draw(st.integers(0, 2)) == 1:
            unit["daily_cap"] = draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]))
        if draw(st.integers(0, 3)) != 1:
            unit["max_members"] = draw(st.sampled_from([1, 1, 2]))
        units.append(unit)
    return units


@st.composite
def _resource(draw, rid: str, area_ids: list[str], unit_ids: list[str]) -> dict:
    high = [aid for aid in area_ids if aid.count("-") == 0]  # the city and its streets
    resource = {"id": rid, "name": f"resource {rid}", "kind": draw(st.sampled_from(KINDS)),
                "area": draw(st.sampled_from(high) | st.sampled_from(area_ids)),
                "skills": draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=3,
                                        unique=True)),
                "capacity": draw(st.sampled_from(CAPACITIES)),
                "extra_areas": draw(st.lists(st.sampled_from(area_ids), max_size=1))}
    reach = draw(st.sampled_from([None, "city", "city", "street", "community", "grid"]))
    if reach is not None:
        resource["reach"] = reach
    if unit_ids and draw(st.integers(0, 2)) > 0:
        resource["unit"] = draw(st.sampled_from(unit_ids))
    if draw(st.integers(0, 4)) == 0:
        resource["measure"] = "count"
    if draw(st.booleans()):
        resource["max_tasks"] = draw(st.sampled_from([1, 1, 2]))
    if draw(st.integers(0, 2)) == 0:
        resource["available"] = draw(st.lists(windows(), min_size=1, max_size=2))
    if draw(st.booleans()):
        resource["cost_per_unit"] = draw(st.sampled_from([0, 0.25, 0.5, 1.0]))
    return resource


@st.composite
def _need(draw, nid: str, area_ids: list[str]) -> dict:
    need = {"id": nid, "title": f"need {nid}", "area": draw(st.sampled_from(area_ids)),
            "kind": draw(st.sampled_from(["simple", "complex"])), "requires": []}
    if draw(st.booleans()):
        need["weight"] = draw(st.sampled_from(HALVES))
    if draw(st.integers(0, 2)) == 0:
        need["window"] = draw(windows())
    if draw(st.integers(0, 24)) == 12:  # about 1 in 25 (hypothesis favours 0)
        need["required"] = True
    for _ in range(draw(st.sampled_from([1, 1, 2]))):
        requirement = {"skill": draw(st.sampled_from(SKILLS))}
        if draw(st.integers(0, 3)) == 0:
            requirement["count"] = 2
        if draw(st.integers(0, 3)) > 0:
            requirement["amount"] = draw(st.sampled_from(AMOUNTS))
        need["requires"].append(requirement)
    return need


@st.composite
def _arcs(draw, needs: list[dict], resources: list[dict]) -> list[dict]:
    """Arcs for at most one need (so the others keep SPEC eligibility)."""
    if draw(st.integers(0, 4)) != 2:  # about 1 day in 5 (hypothesis favours 0)
        return []
    need = draw(st.sampled_from(needs))
    chosen = draw(st.lists(st.sampled_from([r["id"] for r in resources]), min_size=1,
                           max_size=3, unique=True))
    arcs = []
    for rid in chosen:
        arc = {"need": need["id"], "resource": rid}
        if draw(st.booleans()):
            arc["amount"] = draw(st.sampled_from([0.5, 1.0, 2.0]))
        if draw(st.booleans()):
            arc["cost"] = draw(st.sampled_from(QUARTERS))
        arcs.append(arc)
    return arcs


@st.composite
def days(draw, max_needs: int = 5, max_resources: int = 5, min_needs: int = 1,
         min_resources: int = 2, min_streets: int = 1) -> dict:
    """A small valid day dict in the SPEC §2 shape, with default settings.

    Parameters
    ----------
    max_needs, max_resources : int
        Upper bounds on the numbers of needs and resources.
    min_needs, min_resources : int
        Lower bounds (capped by the upper ones); two resources by default, so that needs compete.
    min_streets : int
        1 or 2: the least number of streets under the city.
    """
    areas = draw(_areas(min_streets))
    area_ids = [a["id"] for a in areas]
    units = draw(_units(area_ids))
    unit_ids = [u["id"] for u in units]
    resources = [draw(_resource(f"r{i + 1}", area_ids, unit_ids))
                 for i in range(draw(st.integers(min(min_resources, max_resources),
                                                 max_resources)))]
    needs = [draw(_need(f"n{i + 1}", area_ids))
             for i in range(draw(st.integers(min(min_needs, max_needs), max_needs)))]
    return {"date": "2026-06-18", "levels": list(LEVELS), "areas": areas, "units": units,
            "resources": resources, "needs": needs, "arcs": draw(_arcs(needs, resources)),
            "settings": {"objective": ["coverage", "cost"], "escalation_cost": 1.0,
                         "distance_cost": 0.1}}


TIER_ORDERS = [["coverage", "fairness", "cost"], ["coverage", "cost", "fairness"],
               ["coverage", "balance", "cost"], ["coverage", "cost", "balance"],
               ["coverage", "fairness", "balance", "cost"], ["coverage", "balance", "fairness"]]


@st.composite
def tiered_days(draw, max_needs: int = 4, max_resources: int = 4) -> dict:
    """A small day (:func:`days`) whose objective has a fairness or a balance tier.

    Usually two streets, and often the first two needs moved into different streets, so that
    at least two areas at the fairness level hold needs; sometimes ``settings.fairness_level``
    names another level that has areas in the day (or ``"street"`` explicitly).
    """
    day = draw(days(max_needs=max_needs, max_resources=max_resources, min_needs=2,
                    min_streets=draw(st.sampled_from([2, 2, 2, 1]))))
    streets = [a["id"] for a in day["areas"] if a["level"] == "street"]
    if len(streets) == 2 and len(day["needs"]) >= 2 and draw(st.sampled_from([True, True, False])):
        for need, street in zip(day["needs"], streets):
            inside = [a["id"] for a in day["areas"] if a["id"] == street
                      or a["id"].startswith(street + "-")]
            need["area"] = draw(st.sampled_from(inside))
    day["settings"]["objective"] = list(draw(st.sampled_from(TIER_ORDERS)))
    present = {a["level"] for a in day["areas"]}
    level = draw(st.sampled_from([None, None, None, "community", "street", "grid", "city",
                                  "micro"]))
    if level is not None and level in present:
        day["settings"]["fairness_level"] = level
    return day


CELL_TEXT = st.text(alphabet=list("ab 中文社区楼长,;\"'\n=-*@#:\u00a0"), max_size=12)
"""Names and titles holding what a CSV or spreadsheet cell must carry: separators, quotes, line breaks, a
leading ``=``, Chinese, and sometimes surrounding spaces (which a table cell drops)."""


@st.composite
def worded_days(draw) -> dict:
    """A small day (:func:`tiered_days`) whose names, titles and categories are drawn from :data:`CELL_TEXT`."""
    day = draw(tiered_days(max_needs=3, max_resources=3))
    for table, field in (("areas", "name"), ("units", "name"), ("resources", "name"), ("needs", "title")):
        for record in day[table]:
            record[field] = draw(CELL_TEXT)
    for need in day["needs"]:
        if draw(st.booleans()):
            need["category"] = draw(CELL_TEXT)
    return day


def tiny_day() -> dict:
    """One fixed hand-written day: a Heshan street with two communities and scarce helpers.

    Optimum under the default objective: coverage 5.0 (n-pipe 3 + n-visit 2), cost 0.75.
    n-pipe can only be repaired by v-liang (his own grid, cost 0); the hospital unit may give
    1.5 hours from one member, so only one of the two medical needs is met: n-visit by p-mo
    (same community, 1.5 h at 0.5 = 0.75) beats n-dressing by p-wen (one level up = 1.0).
    """
    return {
        "date": "2026-06-18",
        "levels": list(LEVELS),
        "areas": [
            {"id": "hs", "name": "鹤山市", "level": "city", "parent": None, "xy": [0, 0]},
            {"id": "ys", "name": "雅瑶镇", "level": "street", "parent": "hs", "xy": [3, 4]},
            {"id": "ys-lh", "name": "隔朗社区", "level": "community", "parent": "ys"},
            {"id": "ys-lh-g1", "name": "隔朗一网格", "level": "grid", "parent": "ys-lh"},
            {"id": "ys-dk", "name": "大岗社区", "level": "community", "parent": "ys",
             "xy": [3, 5]},
        ],
        "units": [{"id": "u-hospital", "name": "雅瑶卫生院", "area": "ys", "daily_cap": 1.5,
                   "max_members": 1, "partner_areas": ["ys-dk"]}],
        "resources": [
            {"id": "v-liang", "name": "志愿楼长 梁", "kind": "volunteer", "area": "ys-lh-g1",
             "skills": ["repair"], "capacity": 2, "max_tasks": 1},
            {"id": "p-mo", "name": "报到党员 莫 (护士)", "kind": "party_member", "area": "ys-dk",
             "unit": "u-hospital", "skills": ["medical"], "capacity": 2, "cost_per_unit": 0.5},
            {"id": "p-wen", "name": "报到党员 温 (医生)", "kind": "party_member", "area": "ys-lh",
             "unit": "u-hospital", "skills": ["medical"], "capacity": 2,
             "available": [["18:00", "21:00"]]},
        ],
        "needs": [
            {"id": "n-pipe", "title": "楼道水管维修", "area": "ys-lh-g1", "kind": "simple",
             "weight": 3, "requires": [{"skill": "repair", "amount": 2}]},
            {"id": "n-visit", "title": "独居老人上门问诊", "area": "ys-dk", "kind": "simple",
             "weight": 2, "window": ["09:00", "12:00"],
             "requires": [{"skill": "medical", "amount": 1.5}]},
            {"id": "n-dressing", "title": "伤口换药", "area": "ys-lh-g1", "kind": "simple",
             "weight": 2, "requires": [{"skill": "medical", "amount": 1}]},
        ],
        "arcs": [],
        "settings": {"objective": ["coverage", "cost"], "escalation_cost": 1.0,
                     "distance_cost": 0.1},
    }
