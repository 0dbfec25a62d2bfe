"""Infeasibility cores: infeasible themselves, and minimal where a test can afford to check."""

from __future__ import annotations

import copy

from matching import solve
from models import Problem

_LIFT = {"capacity": ("resources", 1e6), "max_tasks": ("resources", None), "daily_cap": ("units", None),
         "max_members": ("units", None), "max_outbound": ("areas", None)}


def _day() -> dict:
    """Two required escorts and a required repair compete for 网格员 何 (3 h) and 陈 (2 h, one task)."""
    return {
        "areas": [{"id": "hs", "level": "city"}, {"id": "gl", "level": "community", "parent": "hs"},
                  {"id": "zs", "level": "community", "parent": "hs"}],
        "units": [{"id": "u", "area": "zs", "daily_cap": 2}],
        "resources": [
            {"id": "g-he", "area": "gl", "skills": ["escort", "repair"], "capacity": 3},
            {"id": "v-chen", "area": "gl", "skills": ["escort"], "capacity": 2, "max_tasks": 1},
            {"id": "p-zhao", "area": "zs", "unit": "u", "extra_areas": ["gl"], "skills": ["escort"], "capacity": 4},
            {"id": "s-zs", "area": "zs", "skills": ["liaison"], "capacity": 8},
        ],
        "needs": [
            {"id": "a", "area": "gl", "required": True, "requires": [{"skill": "escort", "amount": 2}]},
            {"id": "b", "area": "gl", "required": True, "requires": [{"skill": "escort", "amount": 2}]},
            {"id": "c", "area": "gl", "required": True, "requires": [{"skill": "escort", "amount": 2}]},
            {"id": "d", "area": "gl", "required": True, "requires": [{"skill": "repair", "amount": 2}]},
            {"id": "e", "area": "zs", "required": True, "requires": [{"skill": "liaison", "amount": 1}]},
            {"id": "f", "area": "zs", "weight": 3, "requires": [{"skill": "liaison", "amount": 1}]},
        ],
    }


def _restricted(day: dict, needs: set[str], limits: set[tuple[str, str]]) -> dict:
    """The day with only ``needs`` (all required) and only ``limits`` enforced."""
    out = copy.deepcopy(day)
    out["needs"] = [need for need in out["needs"] if need["id"] in needs]
    for kind, (where, lifted) in _LIFT.items():
        for record in out.get(where, []):
            if (kind, record["id"]) in limits:
                continue
            if lifted is None:
                record.pop(kind, None)
            else:
                record[kind] = lifted
    return out


def _status(day: dict) -> str:
    return solve(Problem.from_data(day), workers=1).status


def test_core_is_infeasible_and_minimal():
    day = _day()
    plan = solve(Problem.from_data(day))
    assert plan.status == "infeasible" and plan.core is not None
    needs = set(plan.core.needs)
    limits = {(limit.kind, limit.id) for limit in plan.core.limits}
    assert "e" not in needs and "f" not in needs  # the liaison need is no part of the conflict
    assert _status(_restricted(day, needs, limits)) == "infeasible"
    for need in needs:
        assert _status(_restricted(day, needs - {need}, limits)) != "infeasible", f"need {need} is not needed"
    for limit in limits:
        assert _status(_restricted(day, needs, limits - {limit})) != "infeasible", f"{limit} is not needed"
    assert {limit.kind for limit in plan.core.limits} <= {"capacity", "max_tasks", "daily_cap"}
    assert set(plan.core.resources) <= {"g-he", "v-chen", "p-zhao"}


def test_core_of_a_pool_too_small_names_the_pool():
    day = _day()
    day["needs"] = [
        {"id": "x", "area": "zs", "required": True, "requires": [{"skill": "liaison", "count": 2, "amount": 1}]},
    ]
    plan = solve(Problem.from_data(day))
    assert plan.status == "infeasible"
    assert plan.core.needs == ("x",) and plan.core.limits == ()
    assert plan.core.resources == ("s-zs",)
    assert "too few resources" in plan.core.detail
