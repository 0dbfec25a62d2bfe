"""Tests of the oracle's fairness and balance tiers: the brute force, the checker, the strategy.

The hand days below have every answer worked out in their docstrings. Costs there use
``escalation_cost`` 1 and ``distance_cost`` 0 (no area has ``xy`` anyway), so a cost is the number
of levels a resource climbs to reach the need.
"""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from random import Random

import pytest
from brute import brute_force, brute_force_tiers, brute_force_witness
from brute_tiers import brute_force_tiers_witness
from checker import DayIndex, balance_value, check_plan, fairness_value
from hypothesis import HealthCheck, find, given, settings
from plans import plan_from
from strategies import TIER_ORDERS, tiered_days

LEVELS = ["city", "street", "community", "grid", "micro"]


def _area(aid, level, parent):
    return {"id": aid, "name": aid, "level": level, "parent": parent}


def _resource(rid, area, capacity, **extra):
    return {"id": rid, "name": rid, "kind": "volunteer", "area": area, "skills": ["help"],
            "capacity": capacity, **extra}


def _need(nid, area, weight=1, skill="help", **extra):
    return {"id": nid, "title": nid, "area": area, "kind": "simple", "weight": weight,
            "requires": [{"skill": skill, "amount": 1}], **extra}


def _day(areas, resources, needs, objective) -> dict:
    return {"date": "2026-06-18", "levels": list(LEVELS), "areas": areas, "units": [],
            "resources": resources, "needs": needs, "arcs": [],
            "settings": {"objective": list(objective), "escalation_cost": 1.0,
                         "distance_cost": 0.0}}


def fair_day(objective=("coverage", "fairness", "cost")) -> dict:
    """Two streets; r-local serves only a1 (cost 0), r-city (capacity 1) one of a1, a2, b.

    r-city to a1 or a2 climbs one level (cost 1), to b in the other street two (cost 2). At most
    two needs are covered, a1 by r-local and a2 or b by r-city:
    - {a1, a2}: cost 1, street shares s1 2/2, s2 0/1 -> fairness 0.0;
    - {a1, b}:  cost 2, street shares s1 1/2, s2 1/1 -> fairness 0.5.
    At community level every plan leaves one of the three communities at 0 -> fairness 0.0.
    """
    areas = [_area("hs", "city", None), _area("s1", "street", "hs"),
             _area("s1-c1", "community", "s1"), _area("s1-c2", "community", "s1"),
             _area("s2", "street", "hs"), _area("s2-c1", "community", "s2")]
    resources = [_resource("r-local", "s1-c1", 1), _resource("r-city", "s1", 1, reach="city")]
    needs = [_need("a1", "s1-c1"), _need("a2", "s1-c2"), _need("b", "s2-c1")]
    return _day(areas, resources, needs, objective)


def balance_day(objective=("coverage", "balance", "cost")) -> dict:
    """Two needs in s1-c1 of 1 hour each; r-near (cost 0) and r-far (cost 1), capacity 3 each.

    - both on r-near: cost 0, utilisation 2/3 -> balance ceil(666666.67) = 0.666667;
    - one each:       cost 1, utilisation 1/3 -> balance ceil(333333.33) = 0.333334;
    - both on r-far:  cost 2, balance 0.666667.
    """
    areas = [_area("hs", "city", None), _area("s1", "street", "hs"),
             _area("s1-c1", "community", "s1")]
    resources = [_resource("r-near", "s1-c1", 3), _resource("r-far", "s1", 3, reach="city")]
    needs = [_need("n1", "s1-c1"), _need("n2", "s1-c1")]
    return _day(areas, resources, needs, objective)


def thirds_day() -> dict:
    """Street s1 holds small (weight 1) and big (weight 2, a skill nobody has); s2 has no need.

    Only small can be covered (by r, capacity 3): share 1/3 -> fairness 0.333333 (floor);
    r gives 1 of 3 hours -> balance 0.333334 (ceil).
    """
    areas = [_area("hs", "city", None), _area("s1", "street", "hs"),
             _area("s1-c1", "community", "s1"), _area("s2", "street", "hs")]
    needs = [_need("small", "s1-c1"), _need("big", "s1-c1", weight=2, skill="legal")]
    return _day(areas, [_resource("r", "s1", 3)], needs,
                ("coverage", "fairness", "balance", "cost"))


# -- the brute force on the hand days ------------------------------------------------------------
def test_fairness_lifts_the_worst_street_at_a_coverage_tie():
    assert brute_force_tiers(fair_day()) == {"coverage": 2.0, "fairness": 0.5, "cost": 2.0}
    _values, assignments = brute_force_tiers_witness(fair_day())
    assert {(a["need"], a["resource"]) for a in assignments} == {("a1", "r-local"),
                                                                 ("b", "r-city")}


def test_balance_spreads_load_at_a_coverage_tie():
    assert brute_force_tiers(balance_day()) == {"coverage": 2.0, "balance": 0.333334, "cost": 1.0}
    _values, assignments = brute_force_tiers_witness(balance_day())
    assert sorted(a["resource"] for a in assignments) == ["r-far", "r-near"]


def test_lexicographic_order_matters():
    assert brute_force_tiers(fair_day(("coverage", "cost", "fairness"))) == \
        {"coverage": 2.0, "cost": 1.0, "fairness": 0.0}
    assert brute_force_tiers(balance_day(("coverage", "cost", "balance"))) == \
        {"coverage": 2.0, "cost": 0.0, "balance": 0.666667}
    assert brute_force_tiers(fair_day(("coverage", "fairness", "balance", "cost"))) == \
        {"coverage": 2.0, "fairness": 0.5, "balance": 1.0, "cost": 2.0}


def test_fairness_level_setting_and_default():
    day = fair_day()
    day["settings"]["fairness_level"] = "community"
    assert brute_force_tiers(day) == {"coverage": 2.0, "fairness": 0.0, "cost": 1.0}
    assert DayIndex(fair_day()).fairness_level() == "street"
    day = fair_day()
    day["levels"] = ["city", "district", "community"]
    for area in day["areas"]:
        area["level"] = "district" if area["level"] == "street" else area["level"]
    assert DayIndex(day).fairness_level() == "district"  # levels[1] when there is no street
    assert brute_force_tiers(day) == {"coverage": 2.0, "fairness": 0.5, "cost": 2.0}
    day["levels"] = ["city"]
    assert DayIndex(day).fairness_level() == "city"


def test_thirds_floor_and_ceil():
    assert brute_force_tiers(thirds_day()) == {"coverage": 1.0, "fairness": 0.333333,
                                               "balance": 0.333334, "cost": 1.0}
    plan = {"assignments": [{"need": "small", "requirement": 0, "resource": "r", "amount": 1,
                             "cost": 1.0}]}
    assert fairness_value(thirds_day(), plan) == 0.333333
    assert balance_value(thirds_day(), plan) == 0.333334
    assert fairness_value(thirds_day(), {"assignments": []}) == 0.0
    assert balance_value(thirds_day(), {"assignments": []}) == 0.0
    no_needs = thirds_day()
    no_needs["needs"] = []
    assert fairness_value(no_needs, {"assignments": []}) == 1.0


def test_a_need_above_the_fairness_level_counts_in_no_area():
    day = thirds_day()
    day["needs"][1]["area"] = "hs"  # big now sits at the city root, above every street
    assert brute_force_tiers(day)["fairness"] == 1.0


def test_required_and_infeasible():
    day = fair_day()
    day["needs"][1]["required"] = True  # a2 must be covered: only r-city can do it
    assert brute_force_tiers(day) == {"coverage": 2.0, "fairness": 0.0, "cost": 1.0}
    day["needs"][2]["required"] = True  # and b too: r-city cannot do both
    assert brute_force_tiers(day) is None


def test_same_consumption_keeps_the_cheaper_plan():
    """r-a and r-b (reach street, capacity 1) each serve their own community free, the other at 1.

    Swapping them covers the same needs with the same consumption but costs 2 instead of 0.
    """
    areas = [_area("hs", "city", None), _area("s1", "street", "hs"),
             _area("s1-c1", "community", "s1"), _area("s1-c2", "community", "s1")]
    resources = [_resource("r-a", "s1-c1", 1, reach="street"),
                 _resource("r-b", "s1-c2", 1, reach="street")]
    needs = [_need("n1", "s1-c1"), _need("n2", "s1-c2")]
    day = _day(areas, resources, needs, ("coverage", "balance", "cost"))
    assert brute_force_tiers(day) == {"coverage": 2.0, "balance": 1.0, "cost": 0.0}


def test_brute_force_delegates_fairness_and_balance():
    assert brute_force(fair_day()) == brute_force_tiers(fair_day())
    assert brute_force_witness(balance_day())[0] == {"coverage": 2.0, "balance": 0.333334,
                                                     "cost": 1.0}
    day = fair_day()
    day["settings"]["objective"] = ["coverage", "stability"]
    with pytest.raises(ValueError):
        brute_force_tiers(day)


# -- the checker ---------------------------------------------------------------------------------
def _rows(ids_and_values, fields):
    return [dict(zip(("id", *fields), row, strict=True)) for row in ids_and_values]


def fair_plan() -> dict:
    """The optimum of :func:`fair_day` under coverage, fairness, cost, written by hand."""
    return {
        "status": "optimal",
        "objective": {"coverage": {"value": 2.0, "bound": 2.0, "gap": 0.0},
                      "fairness": {"value": 0.5, "bound": 0.5}, "cost": {"value": 2.0}},
        "assignments": [
            {"need": "a1", "requirement": 0, "resource": "r-local", "amount": 1, "cost": 0.0},
            {"need": "b", "requirement": 0, "resource": "r-city", "amount": 1, "cost": 2.0}],
        "needs": [
            {"id": "a1", "covered": True, "outcome": "cleared_today"},
            {"id": "a2", "covered": False, "outcome": "unmet",
             "reason": {"code": "capacity_taken", "resources": ["r-city"], "needs": ["b"],
                        "detail": "r-city went to the other street"}},
            {"id": "b", "covered": True, "outcome": "cleared_today"}],
        "resources": _rows([("r-local", 1, 1, 1), ("r-city", 1, 1, 1)],
                           ("used", "capacity", "tasks")),
        "areas": _rows([("hs", 3, 2, 3, 2), ("s1", 2, 1, 2, 1), ("s1-c1", 1, 1, 1, 1),
                        ("s1-c2", 1, 0, 1, 0), ("s2", 1, 1, 1, 1), ("s2-c1", 1, 1, 1, 1)],
                       ("needs", "covered", "weight", "covered_weight")),
    }


def balance_plan() -> dict:
    """The optimum of :func:`balance_day` under coverage, balance, cost, written by hand."""
    plan = {
        "status": "optimal",
        "objective": {"coverage": {"value": 2.0, "bound": 2.0, "gap": 0.0},
                      "balance": {"value": 0.333334, "bound": 0.3}, "cost": {"value": 1.0}},
        "assignments": [
            {"need": "n1", "requirement": 0, "resource": "r-near", "amount": 1, "cost": 0.0},
            {"need": "n2", "requirement": 0, "resource": "r-far", "amount": 1, "cost": 1.0}],
        "needs": [{"id": "n1", "covered": True, "outcome": "cleared_today"},
                  {"id": "n2", "covered": True, "outcome": "cleared_today"}],
        "resources": _rows([("r-near", 1, 3, 1), ("r-far", 1, 3, 1)],
                           ("used", "capacity", "tasks")),
        "areas": _rows([("hs", 2, 2, 2, 2), ("s1", 2, 2, 2, 2), ("s1-c1", 2, 2, 2, 2)],
                       ("needs", "covered", "weight", "covered_weight")),
    }
    return plan


def test_hand_plans_pass():
    check_plan(fair_day(), fair_plan())
    check_plan(balance_day(), balance_plan())
    assert fairness_value(fair_day(), fair_plan()) == 0.5
    assert balance_value(balance_day(), balance_plan()) == 0.333334


def _set(plan, tier, field, value):
    plan = copy.deepcopy(plan)
    plan["objective"][tier][field] = value
    return plan


@pytest.mark.parametrize("make_day, plan, message", [
    (fair_day, _set(fair_plan(), "fairness", "value", 0.0),
     r"objective fairness value 0\.0, expected 0\.5"),
    (fair_day, _set(fair_plan(), "fairness", "value", 0.5000001),
     r"objective fairness value 0\.5000001, expected 0\.5"),
    (fair_day, _set(fair_plan(), "fairness", "bound", 0.4),
     r"objective fairness bound 0\.4 < value 0\.5"),
    (balance_day, _set(balance_plan(), "balance", "value", 1 / 3),
     r"objective balance value 0\.333333333\d*, expected 0\.333334"),
    (balance_day, _set(balance_plan(), "balance", "value", 0.666667),
     r"objective balance value 0\.666667, expected 0\.333334"),
    (balance_day, _set(balance_plan(), "balance", "bound", 0.4),
     r"objective balance bound 0\.4 > value 0\.333334"),
], ids=["fairness-value", "fairness-not-exact", "fairness-bound", "balance-unrounded",
        "balance-value", "balance-bound"])
def test_checker_rejects_wrong_tier_values(make_day, plan, message):
    with pytest.raises(AssertionError, match=message):
        check_plan(make_day(), plan)


def test_checker_wants_the_objectives_tiers():
    plan = fair_plan()
    del plan["objective"]["fairness"]
    with pytest.raises(AssertionError, match=r"objective has no fairness tier"):
        check_plan(fair_day(), plan)
    check_plan(fair_day(("coverage", "cost")), plan)  # not a tier of this day: not required


def test_checker_recomputes_after_a_change_of_assignments():
    """Moving b's helper to a2 changes the fairness; the stale value is caught."""
    plan = fair_plan()
    plan["assignments"][1].update(need="a2", cost=1.0)
    plan["objective"]["cost"]["value"] = 1.0
    plan["needs"][1:] = [{"id": "a2", "covered": True, "outcome": "cleared_today"},
                         {"id": "b", "covered": False, "outcome": "unmet",
                          "reason": {"code": "capacity_taken", "resources": ["r-city"],
                                     "needs": ["a2"], "detail": "r-city stayed home"}}]
    plan["areas"] = _rows([("hs", 3, 2, 3, 2), ("s1", 2, 2, 2, 2), ("s1-c1", 1, 1, 1, 1),
                           ("s1-c2", 1, 1, 1, 1), ("s2", 1, 0, 1, 0), ("s2-c1", 1, 0, 1, 0)],
                          ("needs", "covered", "weight", "covered_weight"))
    with pytest.raises(AssertionError, match=r"objective fairness value 0\.5, expected 0\.0"):
        check_plan(fair_day(), plan)
    plan["objective"]["fairness"] = {"value": 0.0, "bound": 0.5}
    check_plan(fair_day(), plan)  # feasible-looking: the checker does not judge optimality


# -- generated days ------------------------------------------------------------------------------
def _key(day: dict, values: dict) -> tuple:
    senses = {"coverage": 100, "fairness": 10 ** 6, "cost": -100, "balance": -10 ** 6}
    return tuple(round(values[t] * senses[t]) for t in day["settings"]["objective"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiered_days())
def test_tiers_witness_passes_checker_and_beats_the_coverage_cost_optimum(day):
    assert day["settings"]["objective"] in TIER_ORDERS
    assert day["settings"].get("fairness_level", "street") in day["levels"]
    result = brute_force_tiers_witness(day)
    plain = dict(day, settings=dict(day["settings"], objective=["coverage", "cost"]))
    other = brute_force_witness(plain)
    if result is None:
        assert other is None and any(need.get("required") for need in day["needs"])
        return
    values, assignments = result
    check_plan(day, plan_from(day, assignments, values))
    assert values["coverage"] == other[0]["coverage"]  # coverage comes first either way
    other_plan = {"assignments": other[1]}
    other_values = {"coverage": other[0]["coverage"], "cost": other[0]["cost"],
                    "fairness": fairness_value(day, other_plan),
                    "balance": balance_value(day, other_plan)}
    assert _key(day, values) >= _key(day, other_values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiered_days())
def test_tiers_agree_with_brute_force_on_coverage_and_cost(day):
    plain = dict(day, settings=dict(day["settings"], objective=["coverage", "cost"]))
    assert brute_force_tiers(plain) == brute_force(plain)


def test_generated_days_make_fairness_matter():
    def matters(day):
        groups = DayIndex(day).fairness_groups()
        best = brute_force_tiers(day) if "fairness" in day["settings"]["objective"] else None
        return len(groups) >= 2 and best is not None and 0 < best["fairness"] < 1

    # a fixed random source, so the search is the same on every run: unseeded, 300 draws once found none
    # (with seeds 1, 2 and 3 the condition is called 563, 627 and 1,151 times before one is found)
    find(tiered_days(), matters, settings=settings(max_examples=1000, deadline=None, database=None), random=Random(1))


def test_oracle_imports_neither_models_nor_matching():
    code = ("import sys; sys.path.insert(0, 'tests'); "
            "import brute, brute_tiers, checker, day_index, strategies; "
            "print(sorted({'models', 'matching'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
