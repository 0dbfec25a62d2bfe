"""Plans in the SPEC §3 shape built from a list of assignments, for feeding the checker by hand.

Imports nothing from ``models`` or ``matching``.
"""

from __future__ import annotations

from day_index import DayIndex

__all__ = ["plan_from"]


def plan_from(day: dict, assignments: list[dict], values: dict | None = None) -> dict:
    """A feasible (not proven) plan from ``assignments``, reporting ``values`` for the tiers it names.

    Coverage and cost default to the assignments' own; coverage gets a bound one above its value.
    """
    index, covered = DayIndex(day), {a["need"] for a in assignments}
    needs = [{"id": nid, "covered": True, "outcome": "clarified_today"
              if need["kind"] == "complex" else "cleared_today", "reason": None} if nid in covered else
             {"id": nid, "covered": False, "outcome": "unmet",
              "reason": {"code": "unproven", "detail": "not judged here"}}
             for nid, need in index.needs.items()]
    resources = [{"id": rid, "capacity": r["capacity"],
                  "used": sum(a["amount"] for a in assignments if a["resource"] == rid),
                  "tasks": len({a["need"] for a in assignments if a["resource"] == rid})}
                 for rid, r in index.resources.items()]
    areas = []
    for aid in index.areas:
        inside = [nid for nid, n in index.needs.items() if index.in_subtree(n["area"], aid)]
        areas.append({"id": aid, "needs": len(inside), "covered": len(covered & set(inside)),
                      "weight": sum(index.weight(n) for n in inside),
                      "covered_weight": sum(index.weight(n) for n in covered & set(inside))})
    objective = {tier: {"value": value} for tier, value in (values or {}).items()}
    objective.setdefault("coverage", {"value": sum(index.weight(n) for n in covered)})
    objective["coverage"].update(bound=objective["coverage"]["value"] + 1, gap=0.5)
    objective.setdefault("cost", {"value": sum(a["cost"] for a in assignments)})
    return {"status": "feasible", "assignments": assignments, "needs": needs,
            "resources": resources, "areas": areas, "objective": objective}
