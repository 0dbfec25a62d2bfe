"""Each reason code for an unmet need, on a day built to produce it."""

from __future__ import annotations

import numpy as np
import pytest
from checker import check_plan

from matching import build_network, solve
from matching.outcome.reasons import unmet_reasons
from matching.search.tiers import Solution, TierOutcome
from models import Problem


def _plan(day: dict):
    plan = solve(Problem.from_data(day), workers=2)
    check_plan(day, plan.model_dump(mode="json"))
    return plan


def _reason(plan, need_id: str):
    [outcome] = [n for n in plan.needs if n.id == need_id]
    assert not outcome.covered
    return outcome.reason


def _need(need_id: str, area: str, *requires: tuple[str, int, float], weight: float = 1, **extra) -> dict:
    return {"id": need_id, "title": need_id, "area": area, "weight": weight,
            "requires": [{"skill": s, "count": c, "amount": a} for s, c, a in requires], **extra}


def test_no_skill_anywhere(small_day):
    small_day["needs"].append(_need("n-legal", "gl-g1-m1", ("legal", 1, 1)))
    with pytest.warns(UserWarning):
        reason = _reason(_plan(small_day), "n-legal")
    assert reason.code == "no_skill_in_reach" and reason.requirement == 0
    assert "No resource anywhere has skill 'legal'" in reason.detail


def test_no_skill_in_reach_counts_reach_and_capacity(small_day):
    # 陈 reaches only 桂林一网格; 住建局 reaches everything: one repairer for 中山, two needed.
    small_day["needs"].append(_need("n-zs-repair", "zs-g1", ("repair", 2, 1)))
    # 李 has liaison but only 7.5 hours of capacity.
    small_day["needs"].append(_need("n-long", "gl", ("liaison", 1, 8)))
    plan = _plan(small_day)
    assert (_reason(plan, "n-zs-repair").code, _reason(plan, "n-zs-repair").requirement) == ("no_skill_in_reach", 0)
    assert (_reason(plan, "n-long").code, _reason(plan, "n-long").requirement) == ("no_skill_in_reach", 0)


def test_no_skill_in_reach_for_requirements_together(small_day):
    # Only 住建局 reaches 中山 with repair, and it is also the only lead:housing: one slot each.
    small_day["needs"].append(_need("n-both", "zs-g1", ("repair", 1, 1), ("lead:housing", 1, 1)))
    reason = _reason(_plan(small_day), "n-both")
    assert reason.code == "no_skill_in_reach" and reason.requirement is None


def test_no_time_overlap(small_day):
    small_day["needs"].append(_need("n-morning-clinic", "gl-g1-m1", ("medical", 1, 1), window=["08:00", "10:00"]))
    reason = _reason(_plan(small_day), "n-morning-clinic")
    assert (reason.code, reason.requirement) == ("no_time_overlap", 0)


def test_limit_alone_daily_cap(small_day):
    small_day["resources"].append({"id": "p-zhao", "name": "党员 赵", "area": "zs-g1", "reach": "community",
                                   "unit": "u-hosp", "skills": ["medical"], "capacity": 2})
    small_day["needs"].append(_need("n-two-doctors", "gl", ("medical", 2, 2)))  # 4 hours > daily cap 3
    reason = _reason(_plan(small_day), "n-two-doctors")
    assert reason.code == "limit"
    assert (reason.limit.kind, reason.limit.id, reason.limit.value) == ("daily_cap", "u-hosp", 3)


def test_limit_in_plan_max_members(small_day):
    small_day["units"][0]["max_members"] = 1
    small_day["resources"].append({"id": "p-zhao", "name": "党员 赵", "area": "gl", "reach": "community",
                                   "unit": "u-hosp", "skills": ["medical"], "capacity": 2})
    small_day["needs"].append(_need("n-visit", "gl-g1", ("medical", 1, 1), weight=1))
    plan = _plan(small_day)
    reason = _reason(plan, "n-visit")
    assert reason.code == "limit"
    assert (reason.limit.kind, reason.limit.id, reason.limit.used) == ("max_members", "u-hosp", 1)
    assert "n-clinic" in plan.covered()


def test_limit_alone_max_outbound(small_day):
    small_day["areas"][2]["max_outbound"] = 1  # 桂林社区 may send out one hour
    small_day["resources"][2]["extra_areas"] = ["zs"]  # 陈 may also serve 中山
    small_day["resources"][2]["skills"] = ["repair", "plumbing"]
    small_day["resources"].append({"id": "v-li", "name": "志愿者 黎", "area": "zs-g1", "skills": ["plumbing"],
                                   "capacity": 2})
    small_day["needs"].append(_need("n-zs-fix", "zs-g1", ("plumbing", 2, 1.5)))
    reason = _reason(_plan(small_day), "n-zs-fix")
    assert reason.code == "limit"
    assert (reason.limit.kind, reason.limit.id, reason.limit.value) == ("max_outbound", "gl", 1)


def test_capacity_taken_names_resources_and_needs(small_day):
    small_day["resources"].append({"id": "g-he", "name": "网格员 何", "area": "gl-g1", "skills": ["escort"],
                                   "capacity": 3})
    small_day["needs"].append(_need("n-escort-a", "gl-g1-m1", ("escort", 1, 2), weight=2))
    small_day["needs"].append(_need("n-escort-b", "gl-g1-m1", ("escort", 1, 2), weight=1))
    plan = _plan(small_day)
    reason = _reason(plan, "n-escort-b")
    assert reason.code == "capacity_taken"
    assert reason.resources == ("g-he",) and reason.needs == ("n-escort-a",)


def test_unproven_when_coverage_is_not_proven(small_day):
    problem = Problem.from_data(small_day)
    network = build_network(problem)
    nothing = Solution("feasible", [TierOutcome("coverage", "max", 0, 900, proven=False)],
                       unproven=np.arange(len(problem.needs)))
    reasons = unmet_reasons(network, nothing)
    assert {reason.code for reason in reasons.values()} == {"unproven"}
    assert len(reasons) == 3


def test_infeasible_required_needs_name_a_core(small_day):
    small_day["resources"].append({"id": "g-he", "name": "网格员 何", "area": "gl-g1", "skills": ["escort"],
                                   "capacity": 3})
    small_day["needs"].append(_need("n-a", "gl-g1-m1", ("escort", 1, 2), required=True))
    small_day["needs"].append(_need("n-b", "gl-g1-m1", ("escort", 1, 2), required=True))
    small_day["needs"][0]["required"] = True  # the handrail can be covered on its own terms
    plan = _plan(small_day)
    assert plan.status == "infeasible"
    assert plan.core is not None and set(plan.core.needs) == {"n-a", "n-b"}
    assert all(n.reason.code == "infeasible" for n in plan.needs)
    assert plan.assignments == ()


def test_limit_names_only_limits_that_block():
    # Two nested outbound limits block the only candidate; the unit's member limit does not.
    day = {
        "areas": [
            {"id": "hs", "level": "city"},
            {"id": "s", "level": "street", "parent": "hs"},
            {"id": "c", "level": "community", "parent": "s", "max_outbound": 0.5},
            {"id": "g", "level": "grid", "parent": "c", "max_outbound": 0.5},
        ],
        "units": [{"id": "u", "area": "hs", "max_members": 1}],
        "resources": [{"id": "r", "area": "g", "unit": "u", "extra_areas": ["hs"], "skills": ["repair"],
                       "capacity": 2}],
        "needs": [{"id": "n", "area": "hs", "requires": [{"skill": "repair", "amount": 1}]}],
    }
    reason = _reason(_plan(day), "n")
    assert reason.code == "limit"
    assert {(limit.kind, limit.id) for limit in reason.limits} == {("max_outbound", "c"), ("max_outbound", "g")}
    assert reason.limit == reason.limits[0]


def test_capacity_taken_by_a_required_need_says_so():
    day = {
        "areas": [{"id": "hs", "level": "city"}],
        "resources": [{"id": "r", "area": "hs", "skills": ["repair"], "capacity": 1}],
        "needs": [{"id": "light", "area": "hs", "weight": 1, "required": True,
                   "requires": [{"skill": "repair", "amount": 1}]},
                  {"id": "heavy", "area": "hs", "weight": 10, "requires": [{"skill": "repair", "amount": 1}]}],
    }
    reason = _reason(_plan(day), "heavy")
    assert reason.code == "capacity_taken" and reason.needs == ("light",)
    assert "(required)" in reason.detail


def test_checker_refuses_a_limit_that_blocks_nothing():
    from models import Plan

    day = {
        "areas": [{"id": "hs", "level": "city"}, {"id": "c", "level": "community", "parent": "hs",
                                                   "max_outbound": 0.5}],
        "units": [{"id": "u", "area": "hs", "max_members": 3}],
        "resources": [{"id": "r", "area": "c", "unit": "u", "extra_areas": ["hs"], "skills": ["repair"],
                       "capacity": 2}],
        "needs": [{"id": "n", "area": "hs", "requires": [{"skill": "repair", "amount": 1}]}],
    }
    plan = _plan(day).model_dump(mode="json")
    reason = plan["needs"][0]["reason"]
    assert reason["limit"]["kind"] == "max_outbound"
    wrong = {"kind": "max_members", "id": "u", "value": 3, "used": 0}
    reason["limit"], reason["limits"] = wrong, [wrong]
    with pytest.raises(AssertionError, match="cannot be covered even when"):
        check_plan(day, Plan.model_validate(plan).model_dump(mode="json"))
