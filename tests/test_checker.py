"""Tests of the independent checker, the brute force and the strategies themselves.

A checker that cannot fail proves nothing: each kind of corruption of a correct hand-written plan
must be caught, and the brute force must find the optima worked out by hand below.
"""
from __future__ import annotations

import copy

import pytest
from brute import brute_force, brute_force_witness
from checker import DayIndex, assignment_cost, check_plan, eligible, fillable_alone
from hypothesis import HealthCheck, given, settings
from plans import plan_from
from strategies import LEVELS, SKILLS, days, tiny_day


def gulao_day() -> dict:
    """古劳镇: two communities, a city repair team, a clinic whose members report home.

    Worked by hand: n-stairs needs both repair resources (d-repair: 4 levels up + 5 km * 0.1 +
    1 h * 0.5 = 5.0; v-tan: same micro-grid, 0). n-visit is served by p-wu at home (0).
    n-checkup could only be served by p-li, but 1.5 h out of 东兴社区 exceeds its max_outbound 1.
    n-mediate needs v-tan, whose one task went to the heavier n-stairs. Nobody has 'legal';
    nobody medical is free at night. Optimum: coverage 3 + 1 = 4 of 10, cost 5.0.
    """
    return {
        "date": "2026-06-18",
        "levels": list(LEVELS),
        "areas": [
            {"id": "hs", "name": "鹤山市", "level": "city", "parent": None, "xy": [0, 0]},
            {"id": "gl", "name": "古劳镇", "level": "street", "parent": "hs", "xy": [3, 4]},
            {"id": "gl-dx", "name": "东兴社区", "level": "community", "parent": "gl",
             "max_outbound": 1},
            {"id": "gl-dx-g1", "name": "东兴一网格", "level": "grid", "parent": "gl-dx"},
            {"id": "gl-dx-g1-m1", "name": "东兴花园", "level": "micro", "parent": "gl-dx-g1"},
            {"id": "gl-sj", "name": "双桥社区", "level": "community", "parent": "gl", "xy": [3, 5]},
        ],
        "units": [{"id": "u-clinic", "name": "古劳卫生院", "area": "gl", "daily_cap": 2,
                   "max_members": 1, "partner_areas": ["gl-sj"]}],
        "resources": [
            {"id": "d-repair", "name": "市住建局维修队", "kind": "department", "area": "hs",
             "skills": ["repair"], "capacity": 4, "cost_per_unit": 0.5},
            {"id": "v-tan", "name": "志愿楼长 谭", "kind": "volunteer", "area": "gl-dx-g1-m1",
             "reach": "community", "skills": ["repair", "escort"], "capacity": 2, "max_tasks": 1},
            {"id": "p-li", "name": "报到党员 李 (医生)", "kind": "party_member", "area": "gl-dx",
             "unit": "u-clinic", "skills": ["medical"], "capacity": 2,
             "available": [["08:00", "12:00"]]},
            {"id": "p-wu", "name": "报到党员 吴 (护士)", "kind": "party_member", "area": "gl-sj",
             "unit": "u-clinic", "skills": ["medical"], "capacity": 3,
             "available": [["14:00", "18:00"]]},
            {"id": "s-huang", "name": "社区书记 黄", "kind": "staff", "area": "gl-dx",
             "skills": ["lead:mediation"], "capacity": 3},
        ],
        "needs": [
            {"id": "n-stairs", "title": "楼道扶手维修", "area": "gl-dx-g1-m1", "kind": "simple",
             "weight": 3, "requires": [{"skill": "repair", "count": 2, "amount": 1}]},
            {"id": "n-checkup", "title": "独居老人体检", "area": "gl-sj", "kind": "simple",
             "weight": 2, "window": ["09:00", "11:00"],
             "requires": [{"skill": "medical", "amount": 1.5}]},
            {"id": "n-visit", "title": "上门探访", "area": "gl-sj", "kind": "simple",
             "window": ["15:00", "17:00"], "requires": [{"skill": "medical"}]},
            {"id": "n-mediate", "title": "邻里纠纷调解", "area": "gl-dx-g1", "kind": "complex",
             "weight": 2, "requires": [{"skill": "lead:mediation"},
                                       {"skill": "escort", "amount": 0.5}]},
            {"id": "n-legal", "title": "法律咨询", "area": "gl-sj", "kind": "simple",
             "requires": [{"skill": "legal"}]},
            {"id": "n-night", "title": "夜间陪护", "area": "gl-sj", "kind": "simple",
             "window": ["20:00", "22:00"], "requires": [{"skill": "medical"}]},
        ],
        "arcs": [],
    }


def _area_rows(*rows):
    return [dict(zip(("id", "needs", "covered", "weight", "covered_weight"), row, strict=True))
            for row in rows]


def _unmet(nid, **reason):
    return {"id": nid, "covered": False, "outcome": "unmet",
            "reason": {"detail": "written by hand", **reason}}


def gulao_plan() -> dict:
    """The optimal plan for :func:`gulao_day`, written by hand."""
    return {
        "status": "optimal",
        "objective": {"coverage": {"value": 4.0, "bound": 4.0, "gap": 0.0},
                      "cost": {"value": 5.0}},
        "assignments": [
            {"need": "n-stairs", "requirement": 0, "resource": "d-repair", "amount": 1, "cost": 5.0},
            {"need": "n-stairs", "requirement": 0, "resource": "v-tan", "amount": 1, "cost": 0.0},
            {"need": "n-visit", "requirement": 0, "resource": "p-wu", "amount": 1, "cost": 0.0},
        ],
        "needs": [
            {"id": "n-stairs", "covered": True, "outcome": "cleared_today", "reason": None},
            _unmet("n-checkup", code="limit", limit={"kind": "max_outbound", "id": "gl-dx",
                                                      "value": 1, "used": 1.5}),
            {"id": "n-visit", "covered": True, "outcome": "cleared_today"},
            _unmet("n-mediate", code="capacity_taken", resources=["v-tan"], needs=["n-stairs"]),
            _unmet("n-legal", code="no_skill_in_reach", requirement=0),
            _unmet("n-night", code="no_time_overlap", requirement=0),
        ],
        "resources": [
            {"id": "d-repair", "used": 1, "capacity": 4, "tasks": 1},
            {"id": "v-tan", "used": 1, "capacity": 2, "tasks": 1},
            {"id": "p-li", "used": 0, "capacity": 2, "tasks": 0},
            {"id": "p-wu", "used": 1, "capacity": 3, "tasks": 1},
            {"id": "s-huang", "used": 0, "capacity": 3, "tasks": 0},
        ],
        "areas": _area_rows(("hs", 6, 2, 10, 4), ("gl", 6, 2, 10, 4), ("gl-dx", 2, 1, 5, 3),
                            ("gl-dx-g1", 2, 1, 5, 3), ("gl-dx-g1-m1", 1, 1, 3, 3),
                            ("gl-sj", 4, 1, 5, 1)),
        "stats": {"engine": "by hand"},
    }


def test_hand_plan_passes():
    check_plan(gulao_day(), gulao_plan())


# -- corruptions: each must be caught ------------------------------------------------------------
# gulao_plan() lists needs in the day's order: 0 n-stairs, 1 n-checkup, 2 n-visit, 3 n-mediate,
# 4 n-legal, 5 n-night; assignments: 0 d-repair and 1 v-tan on n-stairs, 2 p-wu on n-visit.
def _put(*path, value):
    """A corruption setting ``day[...]`` or ``plan[...]`` (first item of ``path``) to ``value``."""
    def corrupt(day, plan):
        target = {"day": day, "plan": plan}[path[0]]
        for key in path[1:-1]:
            target = target[key]
        target[path[-1]] = value
    return corrupt


def _cover_checkup(day, plan):
    plan["assignments"].append({"need": "n-checkup", "requirement": 0, "resource": "p-li",
                                "amount": 1.5, "cost": 1.1})
    plan["needs"][1] = {"id": "n-checkup", "covered": True, "outcome": "cleared_today"}


def _cover_mediate_too(day, plan):
    plan["assignments"] += [
        {"need": "n-mediate", "requirement": 0, "resource": "s-huang", "amount": 1, "cost": 1.0},
        {"need": "n-mediate", "requirement": 1, "resource": "v-tan", "amount": 0.5, "cost": 0.0}]
    plan["needs"][3] = {"id": "n-mediate", "covered": True, "outcome": "clarified_today"}


def _duplicate_need(day, plan):
    plan["needs"].append(copy.deepcopy(plan["needs"][4]))


def _missing_need(day, plan):
    del plan["needs"][4]


def _partial(day, plan):
    del plan["assignments"][1]


def _reason(nid_index, **fields):
    """A corruption replacing fields of an unmet need's reason."""
    return lambda day, plan: plan["needs"][nid_index]["reason"].update(fields)


CHECKUP_LIMIT = ("plan", "needs", 1, "reason", "limit")
CORRUPTIONS = {
    "over-capacity": (_put("day", "resources", 0, "capacity", value=0.5),
                      r"resource 'd-repair' capacity: uses 1\.0 > 0\.5"),
    "ineligible": (_put("plan", "assignments", 2, "resource", value="p-li"),
                   r"'p-li' is not eligible for need 'n-visit' requirement 0 \(rule 3"),
    "partial": (_partial, r"need 'n-stairs' marked covered but requirement 0 .* \(partial cov"),
    "cost": (_put("plan", "assignments", 0, "cost", value=4.5), r"cost 4\.5, expected 5\.0"),
    "amount": (_put("plan", "assignments", 2, "amount", value=2), r"amount 2, expected 1"),
    "coverage-value": (_put("plan", "objective", "coverage", "value", value=5.0),
                       r"objective coverage value 5\.0, expected 4"),
    "cost-value": (_put("plan", "objective", "cost", "value", value=4.0),
                   r"objective cost value 4\.0, expected 5\.0"),
    "duplicate-need": (_duplicate_need, r"plan needs: 'n-legal' appears 2 times"),
    "missing-need": (_missing_need, r"plan needs: 'n-legal' is missing"),
    "outcome": (_put("plan", "needs", 0, "outcome", value="clarified_today"),
                r"need 'n-stairs': outcome 'clarified_today', expected 'cleared_today'"),
    "covered-with-reason": (_put("plan", "needs", 0, "reason", value={"code": "unproven"}),
                            r"need 'n-stairs' is covered but has a reason"),
    "bad-code": (_reason(4, code="no_idea"), r"'n-legal' reason 'no_idea': unknown reason code"),
    "max-outbound": (_cover_checkup, r"area 'gl-dx' max_outbound: uses 1\.5 > 1"),
    "daily-cap": (_cover_checkup, r"unit 'u-clinic' daily_cap: uses 2\.5 > 2"),
    "max-members": (_cover_checkup, r"unit 'u-clinic' max_members: uses 2 > 1"),
    "max-tasks": (_cover_mediate_too, r"resource 'v-tan' max_tasks: uses 2 > 1"),
    "two-slots": (_put("plan", "assignments", 0, "resource", value="v-tan"),
                  r"need 'n-stairs': resource 'v-tan' fills 2 slots"),
    "unknown-resource": (_put("plan", "assignments", 2, "resource", value="p-nobody"),
                         r"assignment 2 \('n-visit', requirement 0, 'p-nobody'\): unknown"),
    "resource-row": (_put("plan", "resources", 1, "used", value=2),
                     r"plan resources 'v-tan': used 2"),
    "area-row": (_put("plan", "areas", 5, "covered_weight", value=2),
                 r"plan areas 'gl-sj': covered_weight 2"),
    "required": (_put("day", "needs", 4, "required", value=True),
                 r"required need 'n-legal' is not covered"),
    "optimal-with-gap": (_put("plan", "objective", "coverage", "bound", value=5.0),
                         r"status optimal but coverage bound 5\.0"),
    "infeasible-with-assignments": (_put("plan", "status", value="infeasible"),
                                    r"status 'infeasible' but the plan has 3 assignments"),
    "reach-but-fillable": (_reason(5, code="no_skill_in_reach"),
                           r"'n-night' reason 'no_skill_in_reach': .* under rules 1\+2"),
    "time-but-no-skill": (_reason(4, code="no_time_overlap"),
                          r"'n-legal' reason 'no_time_overlap': not fillable alone even"),
    "limit-value": (_put(*CHECKUP_LIMIT, "value", value=2), r"limit value 2 but 'gl-dx'"),
    "limit-owner": (_put(*CHECKUP_LIMIT, "kind", value="daily_cap"),
                    r"unit 'gl-dx' does not exist or has no daily_cap"),
    "taken-by-uncovered": (_reason(3, needs=["n-legal"]), r"named need 'n-legal' is not covered"),
    "taken-unused": (_reason(3, resources=["s-huang"]),
                     r"named resource 's-huang' is not used by any named need"),
    "taken-never-fillable": (_reason(4, code="capacity_taken", resources=["v-tan"],
                                     needs=["n-stairs"]), r"the need is not fillable alone"),
    "unproven-optimal": (_reason(4, code="unproven"), r"status is optimal and every reason was judged, nothing"),
    "unjudged-overstated": (_put("plan", "stats", value={"unjudged": 2}),
                            r"stats say 2 needs were left unjudged, but only 0 reasons are unproven"),
    "infeasible-optimal": (_reason(4, code="infeasible"), r"status is 'optimal', not infeasible"),
}


@pytest.mark.parametrize(("corrupt", "message"), CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_corruption_is_caught(corrupt, message):
    day, plan = gulao_day(), gulao_plan()
    corrupt(day, plan)
    with pytest.raises(AssertionError, match=message):
        check_plan(day, plan)


def test_an_unjudged_reason_may_be_unproven_in_an_optimal_plan():
    day, plan = gulao_day(), gulao_plan()
    _reason(4, code="unproven")(day, plan)
    plan["stats"] = {"unjudged": 1}
    check_plan(day, plan)


def test_infeasible_plan_passes():
    day = gulao_day()
    day["needs"][4]["required"] = True  # nobody has 'legal'
    plan = gulao_plan()
    plan.update(status="infeasible", assignments=[],
                objective={"coverage": {"value": 0, "bound": None, "gap": None}})
    plan["needs"] = [_unmet(n["id"], code="infeasible") for n in day["needs"]]
    for row in plan["resources"]:
        row.update(used=0, tasks=0)
    for row in plan["areas"]:
        row.update(covered=0, covered_weight=0)
    check_plan(day, plan)
    plan["needs"][4]["reason"] = {"code": "no_skill_in_reach", "requirement": 0, "detail": "x"}
    check_plan(day, plan)


def test_checker_does_not_mutate_inputs():
    day, plan = gulao_day(), gulao_plan()
    check_plan(day, plan)
    assert (day, plan) == (gulao_day(), gulao_plan())


# -- helpers -------------------------------------------------------------------------------------
def test_cost_formula_matches_the_convention():
    day = {"areas": [
        {"id": "hs", "level": "city", "parent": None, "xy": [0, 0]},
        {"id": "sp", "level": "street", "parent": "hs", "xy": [1.0, 2.0]},
        {"id": "sp-gl", "level": "community", "parent": "sp", "xy": [1.2, 2.4]},
        {"id": "sp-gl-g1", "level": "grid", "parent": "sp-gl"},
        {"id": "sp-gl-g1-m1", "level": "micro", "parent": "sp-gl-g1"}],
        "resources": [{"id": "d", "area": "hs", "skills": ["repair"], "capacity": 8,
                       "cost_per_unit": 0.5}],
        "needs": [{"id": "n", "area": "sp-gl-g1-m1", "kind": "simple",
                   "requires": [{"skill": "repair", "count": 2, "amount": 2}]}]}
    assert assignment_cost(day, "n", "d", 2) == 5.27  # 4 levels + 0.268 km cost + 1.0
    day["settings"] = {"escalation_cost": 0, "distance_cost": 1}
    assert assignment_cost(day, "n", "d", 0) == 2.68


def test_hand_day_helpers():
    day = gulao_day()
    assert assignment_cost(day, "n-stairs", "d-repair", 1) == 5.0
    assert assignment_cost(day, "n-checkup", "p-li", 1.5) == 1.1  # 1 level up, 1 km
    assert eligible(day, "n-checkup", 0, "p-li")  # partner area of u-clinic, 08-12 covers 09-11
    assert not eligible(day, "n-checkup", 0, "p-wu")  # 14-18 misses 09-11
    assert eligible(day, "n-checkup", 0, "p-wu", rules=(1, 2))
    assert not eligible(day, "n-stairs", 0, "p-wu", rules=(2, 3))  # 双桥 does not reach 东兴
    assert not eligible(day, "n-visit", 0, "p-li")  # 08-12 misses 15-17
    assert eligible(day, "n-visit", 0, "p-li", rules=(1, 2))  # via the unit's partner area
    assert fillable_alone(day, "n-night", rules=(1, 2))
    assert not fillable_alone(day, "n-night", rules=(1, 2, 3))
    assert not fillable_alone(day, "n-legal", rules=(1, 2))
    day["resources"][1]["capacity"] = 0.5  # v-tan can no longer give 1 h: one repairer left
    assert not fillable_alone(day, "n-stairs", rules=(1, 2, 3))


def test_reach_roots_follow_the_convention():
    day = {"levels": list(LEVELS), "areas": [
        {"id": "hs", "level": "city", "parent": None},
        {"id": "s1", "level": "street", "parent": "hs"},
        {"id": "c1", "level": "community", "parent": "s1"},
        {"id": "c1-m1", "level": "micro", "parent": "c1"},  # grid level skipped
        {"id": "c2", "level": "community", "parent": "s1"}],
        "units": [{"id": "u", "area": "c1", "partner_areas": ["c2"]}],
        "resources": [
            {"id": "a", "area": "c1-m1", "reach": "grid", "skills": [], "capacity": 1},
            {"id": "b", "area": "c1-m1", "reach": "community", "skills": [], "capacity": 1},
            {"id": "c", "area": "s1", "reach": "grid", "skills": [], "capacity": 1},
            {"id": "d", "area": "c1-m1", "unit": "u", "extra_areas": ["hs"], "skills": [],
             "capacity": 1}]}
    index = DayIndex(day)
    assert index.reach_roots("a") == ("c1-m1",)
    assert index.reach_roots("b") == ("c1",)
    assert index.reach_roots("c") == ("s1",)
    assert index.reach_roots("d") == ("c1-m1", "hs", "c2")


def gap_day() -> dict:
    """A generalized-assignment day stated with arcs: a (cap 3) and b (cap 2) serve n1..n3.

    Coverage first: all three fit only as n3-a (1, 0.5) + n1-a (2, 1) + n2-b (1, 1): cost 2.5.
    Cost first, n3 being required: n3 alone, cost 0.5, coverage 1.
    """
    x = [{"skill": "x"}]
    return {"areas": [{"id": "hs", "name": "鹤山市", "level": "city", "parent": None}],
            "resources": [{"id": "a", "area": "hs", "skills": ["x"], "capacity": 3},
                          {"id": "b", "area": "hs", "skills": ["x"], "capacity": 2}],
            "needs": [{"id": "n1", "area": "hs", "kind": "simple", "weight": 2, "requires": x},
                      {"id": "n2", "area": "hs", "kind": "simple", "weight": 2, "requires": x},
                      {"id": "n3", "area": "hs", "kind": "simple", "required": True,
                       "requires": x}],
            "arcs": [{"need": "n1", "resource": "a", "amount": 2, "cost": 1},
                     {"need": "n1", "resource": "b", "amount": 2, "cost": 3},
                     {"need": "n2", "resource": "a", "amount": 2, "cost": 2},
                     {"need": "n2", "resource": "b", "amount": 1, "cost": 1},
                     {"need": "n3", "resource": "a", "amount": 1, "cost": 0.5}]}


def test_arcs_replace_amount_cost_and_eligibility():
    day = gap_day()
    assert assignment_cost(day, "n2", "b", 1) == 1.0
    assert DayIndex(day).pair_amount("n1", 0, "b") == 2
    assert not eligible(day, "n3", 0, "b")


# -- brute force ---------------------------------------------------------------------------------
def test_brute_force_hand_day():
    assert brute_force(gulao_day()) == {"coverage": 4.0, "cost": 5.0}


def test_brute_force_cost_first():
    day = gulao_day()
    day["settings"] = {"objective": ["cost", "coverage"]}
    assert brute_force(day) == {"coverage": 1.0, "cost": 0.0}  # only n-visit is free


def test_brute_force_arcs():
    assert brute_force(gap_day()) == {"coverage": 5.0, "cost": 2.5}
    day = gap_day()
    day["settings"] = {"objective": ["cost", "coverage"]}
    assert brute_force(day) == {"coverage": 1.0, "cost": 0.5}


def test_brute_force_tiny_day():
    assert brute_force(tiny_day()) == {"coverage": 5.0, "cost": 0.75}


def test_brute_force_infeasible():
    day = gap_day()
    day["needs"][0]["required"] = True
    day["resources"][0]["capacity"] = 2.5  # n3 needs a (1); n1 then needs 2 more of a or b (2)
    assert brute_force(day) is not None  # n3-a + n1-b still fits
    day["resources"][1]["capacity"] = 1.5  # now n1 cannot go to b: infeasible
    assert brute_force(day) is None
    day = gulao_day()
    day["needs"][4]["required"] = True  # nobody has 'legal'
    assert brute_force(day) is None


# -- properties on generated days ----------------------------------------------------------------
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days())
def test_generated_days_are_valid(day):
    ids = {a["id"] for a in day["areas"]}
    assert len(ids) == len(day["areas"])
    assert [a["parent"] for a in day["areas"]].count(None) == 1
    for area in day["areas"]:
        if area["parent"] is not None:
            parent = next(a for a in day["areas"] if a["id"] == area["parent"])
            assert LEVELS.index(area["level"]) > LEVELS.index(parent["level"])
    for resource in day["resources"]:
        assert resource["area"] in ids and set(resource["extra_areas"]) <= ids
        assert resource["capacity"] > 0 and set(resource["skills"]) <= set(SKILLS)
        for start, end in resource.get("available", []):
            assert "00:00" <= start < end <= "24:00"
    for need in day["needs"]:
        assert need["area"] in ids and 1 <= len(need["requires"]) <= 2
        assert need.get("weight", 1) > 0


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(max_needs=4, max_resources=4))
def test_brute_force_witness_passes_checker(day):
    result = brute_force_witness(day)
    if result is None:
        assert any(need.get("required") for need in day["needs"])
        return
    value, assignments = result
    plan = plan_from(day, assignments)
    check_plan(day, plan)
    assert plan["objective"]["coverage"]["value"] == pytest.approx(value["coverage"])
    assert plan["objective"]["cost"]["value"] == pytest.approx(value["cost"])
