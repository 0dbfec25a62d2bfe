"""The solver against brute force, the independent checker, and its own promises."""

from __future__ import annotations

import copy
import json
import warnings

import pytest
from brute import assert_matches_brute_force, brute_force, brute_force_tiers
from checker import check_plan
from hypothesis import HealthCheck, given, settings
from strategies import days, tiered_days

from matching import solve
from matching.synthetic.examples import example_data, example_day
from models import Plan, Problem


def _solve_checked(day: dict, **options) -> Plan:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = Problem.from_data(day)
    plan = solve(problem, **options)
    check_plan(day, plan.model_dump(mode="json"))
    return plan


def _without_times(plan: Plan) -> dict:
    data = plan.model_dump(mode="json")
    data["stats"].pop("build_s")
    data["stats"].pop("solve_s")
    return data


def test_bundled_day_is_solved_to_optimality():
    plan = solve(example_day())
    check_plan(example_data(), plan.model_dump(mode="json"))
    assert plan.status == "optimal"
    coverage = plan.objective["coverage"]
    assert coverage.value == coverage.bound and coverage.gap == 0
    outcomes = {n.id: n.outcome for n in plan.needs}
    assert outcomes["n-handrail"] == "cleared_today"  # required, and covered
    assert outcomes["n-petition-build"] == "clarified_today"


@pytest.mark.parametrize("combine", [True, False, "coverage-first"], ids=["one-objective", "tier-by-tier",
                                                                           "coverage-first"])
@pytest.mark.parametrize("engine", ["cp-sat", "scip", "highs"])
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=5, max_resources=5))
def test_matches_brute_force_on_both_tiers(engine, combine, day):
    best = brute_force(day)
    plan = _solve_checked(day, workers=2, engine=engine, combine_tiers=combine)
    assert_matches_brute_force(plan, best, 1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(max_needs=12, max_resources=10, min_needs=6))
def test_larger_random_days_pass_the_checker(day):
    plan = _solve_checked(day, workers=2)
    assert plan.status in ("optimal", "infeasible")


@pytest.mark.parametrize("seed", range(5))
def test_generated_demo_days_are_solved_to_proven_optimality(seed):
    from matching.synthetic.generate import generate_day

    plan = _solve_checked(generate_day("demo", seed))
    assert plan.status == "optimal"
    assert plan.objective["coverage"].gap == 0


def test_same_seed_same_plan():
    day = example_data()
    first, second = _solve_checked(day, seed=7), _solve_checked(day, seed=7)
    assert _without_times(first) == _without_times(second)


@pytest.mark.parametrize("engine", ["auto", "cp-sat", "scip", "highs"])
def test_same_seed_same_plan_on_generated_days(engine):
    from matching.synthetic.generate import generate_day

    for seed in range(3):
        problem = Problem.from_data(generate_day("demo", seed))
        plans = {json.dumps(_without_times(solve(problem, engine=engine, workers=8))) for _ in range(6)}
        assert len(plans) == 1, f"demo seed {seed}: {len(plans)} different plans"


def test_inputs_are_not_mutated(small_day):
    before = copy.deepcopy(small_day)
    problem = Problem.from_data(small_day)
    dumped = problem.model_dump()
    solve(problem)
    assert small_day == before
    assert problem.model_dump() == dumped


def test_plan_json_round_trip():
    plan = solve(example_day())
    again = Plan.from_json(plan.to_json())
    assert again == plan
    assert json.loads(again.to_json()) == json.loads(plan.to_json())


def test_required_need_is_covered_even_at_a_cost(small_day):
    # 陈 and 住建局 fill the handrail; making the petition required forces 住建局's lead there too.
    small_day["needs"][1]["required"] = True
    plan = _solve_checked(small_day)
    assert "n-petition" in plan.covered()


def test_arcs_replace_reach_and_time(small_day):
    # 王 is free only in the evening and reaches 桂林; the arc lets him serve 中山 at a given cost.
    small_day["needs"].append({"id": "n-zs", "area": "zs-g1", "window": ["08:00", "09:00"], "weight": 5,
                               "requires": [{"skill": "medical", "amount": 1}]})
    small_day["arcs"] = [{"need": "n-zs", "resource": "p-wang", "amount": 0.5, "cost": 7}]
    plan = _solve_checked(small_day)
    [assignment] = [a for a in plan.assignments if a.need == "n-zs"]
    assert (assignment.resource, assignment.amount, assignment.cost) == ("p-wang", 0.5, 7)


def test_time_limit_still_gives_a_checked_plan():
    from matching.synthetic.generate import generate_day

    day = generate_day("demo", seed=3)
    plan = _solve_checked(day, time_limit=0.05, workers=1)
    assert plan.status in ("optimal", "feasible", "unknown")


def test_unsupported_tier_is_an_invalid_problem(small_day):
    from models import InvalidProblem

    small_day["settings"] = {"objective": ["coverage", "stability"]}
    with pytest.raises(InvalidProblem, match=r"settings\.objective\[1\]: tier 'stability' is not supported"):
        solve(Problem.from_data(small_day))


@pytest.mark.parametrize("seed", range(4))
def test_engines_agree_on_generated_days(seed):
    from matching.synthetic.generate import generate_day

    day = generate_day("demo", seed)
    plans = {(engine, combine): _solve_checked(day, engine=engine, combine_tiers=combine)
             for engine in ("cp-sat", "scip", "highs") for combine in (True, False)}
    values = [_without_times(plan)["objective"] for plan in plans.values()]
    assert all(value == values[0] for value in values)


@pytest.mark.parametrize("engine", ["cp-sat", "scip", "highs"])
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=tiered_days(max_needs=4, max_resources=4))
def test_fairness_and_balance_tiers_match_brute_force(engine, day):
    best = brute_force_tiers(day)
    plan = _solve_checked(day, workers=2, engine=engine)
    if best is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    for tier, value in best.items():
        assert plan.objective[tier].value == pytest.approx(value, abs=1e-9), tier


def test_auto_engine_policy_by_size():
    from matching.parts.tasks import LARGE_MODEL, choose_engine

    assert choose_engine("auto", 10) == "race"
    assert choose_engine("auto", LARGE_MODEL) == "race"
    assert choose_engine("auto", LARGE_MODEL + 1) == "highs"
    assert choose_engine("scip", 10) == "scip"


def test_scip_stopped_by_its_time_limit_still_gives_a_checked_plan_and_a_true_bound():
    from matching.synthetic.generate import generate_day

    day = generate_day("city", 2)
    plan = _solve_checked(day, engine="scip", time_limit=3)
    assert plan.status in ("optimal", "feasible")
    coverage = plan.objective["coverage"]
    assert coverage.bound >= coverage.value
    full = _solve_checked(day, engine="scip")  # to proven optimality
    assert full.status == "optimal"
    assert coverage.value <= full.objective["coverage"].value <= coverage.bound
    cost = plan.objective["cost"]
    assert cost.bound <= cost.value
    if coverage.proven:  # the cost bound then holds for every plan of that coverage
        assert cost.bound <= full.objective["cost"].value
        assert not cost.proven or cost.value == full.objective["cost"].value


def test_a_second_tier_without_any_cost_is_solved_by_every_engine():
    # Found by hypothesis: HiGHS 1.16 (presolve on) ends a second run whose objective is all zero in a
    # solve error; every pair here costs 0 (all resources at the root, no distances).
    day = json.loads(
        '{"date":"2026-06-18","levels":["city","street","community","grid","micro"],"areas":[{"id":"hs","name'
        '":"city hs","level":"city","parent":null,"xy":[0.0,0.0]},{"id":"s1","name":"street s1","level":"stre'
        'et","parent":"hs","xy":[0.0,0.0],"max_outbound":0.5},{"id":"s1-c1","name":"community s1-c1","level":'
        '"community","parent":"s1","xy":[0.0,0.0],"max_outbound":0.5}],"units":[{"id":"u1","name":"unit 1","a'
        'rea":"hs","partner_areas":[],"max_members":1}],"resources":[{"id":"r1","name":"resource r1","kind":"'
        'staff","area":"hs","skills":["repair"],"capacity":0.5,"extra_areas":[],"measure":"count"},{"id":"r2"'
        ',"name":"resource r2","kind":"staff","area":"hs","skills":["repair"],"capacity":0.5,"extra_areas":[]'
        ',"measure":"count","available":[["06:00","06:30"]]},{"id":"r3","name":"resource r3","kind":"staff","'
        'area":"hs","skills":["repair"],"capacity":2.0,"extra_areas":[],"measure":"count","max_tasks":2},{"id'
        '":"r4","name":"resource r4","kind":"staff","area":"hs","skills":["repair","medical"],"capacity":1.0,'
        '"extra_areas":[],"measure":"count"}],"needs":[{"id":"n1","title":"need n1","area":"hs","kind":"simpl'
        'e","requires":[{"skill":"repair","count":2}]},{"id":"n2","title":"need n2","area":"hs","kind":"simpl'
        'e","requires":[{"skill":"repair"}]},{"id":"n3","title":"need n3","area":"hs","kind":"simple","requir'
        'es":[{"skill":"repair","amount":0.5},{"skill":"medical"}]},{"id":"n4","title":"need n4","area":"hs",'
        '"kind":"simple","requires":[{"skill":"repair","amount":1.0},{"skill":"repair"}]}],"arcs":[],"setting'
        's":{"objective":["coverage","cost"],"escalation_cost":1.0,"distance_cost":0.1}}')
    for engine in ("highs", "scip", "cp-sat"):
        plan = _solve_checked(day, engine=engine, combine_tiers=False)
        assert plan.status == "optimal" and plan.objective["coverage"].value == 2.0
        assert plan.objective["cost"].value == 0.0 and plan.objective["cost"].proven
