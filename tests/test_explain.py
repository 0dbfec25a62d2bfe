"""Explanations: every statement of evidence recomputed from the day by the independent oracle."""

from __future__ import annotations

import warnings

import pytest
from checker import check_plan
from day_index import DayIndex

from matching import build_network, solve
from matching.analysis.explain import explain
from matching.synthetic.examples import example_data
from matching.synthetic.generate import generate_day
from models import Problem


def _problem(day: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(day)


def _check_within_reach(index: DayIndex, need: str, explanation) -> None:
    spec = index.needs[need]["requires"]
    for k in range(len(spec)):
        expected = {r for r in index.resources if index.eligible(need, k, r, rules=(1, 2))}
        listed = {view.id for view in explanation.within_reach if view.requirement == k}
        assert listed == expected, f"{need}[{k}]: within reach {sorted(listed)} != {sorted(expected)}"
    for view in explanation.within_reach:
        amount = index.pair_amount(need, view.requirement, view.id)
        assert view.fits_capacity == (index.resources[view.id]["capacity"] >= amount - 1e-9)
        assert view.in_time == index.eligible(need, view.requirement, view.id, rules=(1, 2, 3))


def _check_no_skill(index: DayIndex, need: str, explanation) -> None:
    _check_within_reach(index, need, explanation)
    k = explanation.reason.requirement
    if k is not None:
        count = index.needs[need]["requires"][k].get("count", 1)
        able = [v for v in explanation.within_reach if v.requirement == k and v.fits_capacity]
        assert len(able) < count
        skill = index.needs[need]["requires"][k]["skill"]
        for area in explanation.nearest:
            assert area.holders and all(skill in index.resources[r]["skills"] for r in area.holders)
            assert all(index.resources[r]["area"] == area.id for r in area.holders)


def _check_capacity_taken(index: DayIndex, plan: dict, need: str, explanation) -> None:
    pool = {view.id for view in explanation.pool}
    expected = {r for k in range(len(index.needs[need]["requires"])) for r in index.slot_candidates(need, k)}
    assert pool == expected
    taken = {(a["need"], a["resource"]) for a in plan["assignments"] if a["resource"] in pool}
    assert {(t.need, t.resource) for t in explanation.takers} == taken
    hall = explanation.hall
    if hall is None:
        return
    assert need in hall.needs
    eligible = set()
    demand = 0.0
    for owner, k in hall.requirements:
        spec = index.needs[owner]["requires"][k]
        candidates = index.slot_candidates(owner, k)
        eligible |= set(candidates)
        if hall.measure == "hours":
            amounts = sorted(index.pair_amount(owner, k, r) for r in candidates)
            demand += sum(amounts[: spec.get("count", 1)])
        else:
            demand += spec.get("count", 1)
    assert set(hall.resources) == eligible
    if hall.measure == "hours":
        supply = sum(index.resources[r]["capacity"] for r in eligible)
    else:
        supply = sum(index.resources[r]["max_tasks"] for r in eligible)
    assert demand == pytest.approx(hall.demand) and supply == pytest.approx(hall.supply)
    assert demand > supply


def _check_all(day: dict, plan, *, tradeoffs: int = 0) -> dict:
    problem = _problem(day)
    network = build_network(problem)
    data = plan.model_dump(mode="json")
    check_plan(day, data)
    index = DayIndex(day)
    seen: dict[str, int] = {}
    for outcome in plan.needs:
        if outcome.covered:
            continue
        code = outcome.reason.code
        priced = code == "capacity_taken" and seen.get("priced", 0) < tradeoffs
        explanation = explain(problem, plan, outcome.id, network=network, tradeoff=priced, time_limit=60)
        seen[code] = seen.get(code, 0) + 1
        if code in ("no_skill_in_reach", "no_time_overlap"):
            _check_no_skill(index, outcome.id, explanation) if code == "no_skill_in_reach" \
                else _check_within_reach(index, outcome.id, explanation)
        elif code == "capacity_taken":
            _check_capacity_taken(index, data, outcome.id, explanation)
            seen["hall"] = seen.get("hall", 0) + (explanation.hall is not None)
            if priced:
                seen["priced"] = seen.get("priced", 0) + 1
                _check_tradeoff(day, plan, outcome.id, explanation.tradeoff)
        elif code == "limit":
            assert explanation.limits and explanation.limits[0] == outcome.reason.limit
    return seen


def _check_tradeoff(day: dict, plan, need: str, tradeoff) -> None:
    forced = dict(day, needs=[dict(n, required=True) if n["id"] == need else n for n in day["needs"]])
    again = solve(_problem(forced))
    check_plan(forced, again.model_dump(mode="json"))
    assert again.status == tradeoff.status == "optimal"
    assert again.objective["coverage"].value == pytest.approx(plan.objective["coverage"].value + tradeoff.net)
    assert tradeoff.net <= 0  # the plan is optimal: covering this need cannot gain weight


def test_every_unmet_need_of_the_example_day():
    day = example_data()
    seen = _check_all(day, solve(_problem(day)), tradeoffs=5)
    assert {"no_skill_in_reach", "no_time_overlap", "limit", "capacity_taken"} <= set(seen)
    assert seen.get("hall") == seen["capacity_taken"]


@pytest.mark.parametrize("seed", range(3))
def test_every_unmet_need_of_generated_demo_days(seed):
    day = generate_day("demo", seed)
    _check_all(day, solve(_problem(day)), tradeoffs=2)


def test_every_unmet_need_of_a_city_day():
    day = generate_day("city", 1)
    plan = solve(_problem(day))
    assert plan.status == "optimal"
    seen = _check_all(day, plan)  # the trade-off solves are checked on the smaller days above
    assert seen["capacity_taken"] > 50 and seen["hall"] > 0


def test_a_covered_need_names_who_serves_it():
    day = example_data()
    problem = _problem(day)
    plan = solve(problem)
    explanation = explain(problem, plan, "n-handrail")
    assert explanation.covered and {a.resource for a in explanation.served_by} == {
        a.resource for a in plan.assignments if a.need == "n-handrail"}


def test_unknown_need_is_refused():
    problem = _problem(example_data())
    with pytest.raises(ValueError, match="unknown need 'nope'"):
        explain(problem, solve(problem), "nope")
