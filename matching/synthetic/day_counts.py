"""Counts of a day file (a dict in the day-file format), for documenting generated tiers."""

from __future__ import annotations

from collections import Counter
from typing import Any

__all__ = ["summary"]

Record = dict[str, Any]


def summary(day: Record) -> Record:
    """Counts of a day for the docs.

    Returns areas per level, needs, resources per kind and their shares, units (and those
    with a partner area in another street), department teams, the complex and windowed
    shares, the required count, the total weight, and per skill the ``demand`` (count ×
    amount over requirements) against the ``supply`` (capacity of the resources with the
    skill; a resource's whole capacity counts under each of its skills, so it overstates).
    Hours for hour skills, uses for ``count`` skills.
    """
    needs, resources = day["needs"], day["resources"]
    parent = {a["id"]: a.get("parent") for a in day["areas"]}
    level = {a["id"]: a["level"] for a in day["areas"]}

    def street_of(area: str | None) -> str | None:
        while area is not None and level.get(area) != "street":
            area = parent.get(area)
        return area

    demand: Counter[str] = Counter()
    for requirement in (q for need in needs for q in need["requires"]):
        demand[requirement["skill"]] += requirement.get("count", 1) * requirement.get("amount", 1.0)
    supply: Counter[str] = Counter()
    for resource in resources:
        for skill in resource["skills"]:
            supply[skill] += resource["capacity"]
    kinds = Counter(r.get("kind", "staff") for r in resources)
    cross = sum(any(street_of(a) != street_of(u["area"]) for a in u.get("partner_areas", [])) for u in day["units"])

    def share(count: int, total: int) -> float:
        return round(count / max(1, total), 3)

    return {
        "areas": dict(Counter(a["level"] for a in day["areas"])), "needs": len(needs), "resources": len(resources),
        "resources_by_kind": dict(kinds), "mix": {kind: share(n, len(resources)) for kind, n in kinds.items()},
        "units": len(day["units"]), "units_cross_street": cross, "departments": kinds["department"],
        "complex_share": share(sum(n.get("kind") == "complex" for n in needs), len(needs)),
        "required": sum(bool(n.get("required")) for n in needs),
        "windowed_share": share(sum("window" in n for n in needs), len(needs)),
        "weight": sum(n.get("weight", 1.0) for n in needs),
        "skills": {skill: {"demand": round(demand[skill], 2), "supply": round(supply[skill], 2)}
                   for skill in sorted(set(demand) | set(supply))},
    }
