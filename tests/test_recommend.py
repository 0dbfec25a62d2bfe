"""Recommendations are confirmed by re-solving; shortages recur across days.

Every recommendation's promised gain is checked here against a re-solve made by the test
itself (the day dict edited by hand, every plan passed through the independent checker).
"""

from __future__ import annotations

import copy
import unicodedata

import pytest
from checker import check_plan

from matching import (
    format_advice,
    format_shortages,
    generate_day,
    recommend,
    shortages,
    solve,
)
from matching.analysis.recommend import (
    MORE_DAILY_CAP,
    MORE_HOURS,
    NEW_RESOURCE_HOURS,
    SHORTAGE_CODES,
    SPARES,
)
from models import Infeasible, InvalidProblem, Problem
from models.advice import Advice, Recommendation


def _solved(day: dict):
    """(problem, plan) of a day dict, the plan checked independently."""
    problem = Problem.from_data(day)
    plan = solve(problem, workers=2)
    check_plan(day, plan.model_dump(mode="json"))
    return problem, plan


def _coverage(day: dict) -> float:
    return _solved(day)[1].objective["coverage"].value


def _applied(day: dict, rec: Recommendation) -> dict:
    """The day dict with a recommendation applied, written from its public fields only."""
    day = copy.deepcopy(day)
    if rec.kind == "add_resource":
        day["resources"].append({"id": "test-new", "area": rec.area, "skills": [rec.skill], "capacity": rec.amount})
        return day
    records = day["resources"] if rec.kind == "more_hours" else day["units"]
    [record] = [r for r in records if r["id"] == (rec.resource if rec.kind == "more_hours" else rec.unit)]
    record[rec.limit] = record.get(rec.limit, 0) + rec.amount
    return day


def _gain_of(day: dict, rec: Recommendation) -> float:
    return round(_coverage(_applied(day, rec)) - _coverage(day), 2)


def _area(aid: str, level: str, parent: str | None, name: str = "") -> dict:
    return {"id": aid, "name": name or aid, "level": level, "parent": parent}


def _need(nid: str, area: str, skill: str, amount: float = 1, weight: float = 1) -> dict:
    return {"id": nid, "title": nid, "area": area, "weight": weight,
            "requires": [{"skill": skill, "amount": amount}]}


def _tree() -> list[dict]:
    return [_area("hs", "city", None, "鹤山市"), _area("sp", "street", "hs", "沙坪街道"),
            _area("gl", "community", "sp", "桂林社区"), _area("gl-g1", "grid", "gl"),
            _area("gl-g1-m1", "micro", "gl-g1"), _area("zs", "community", "sp", "中山社区"),
            _area("zs-g1", "grid", "zs"), _area("zs-g1-m1", "micro", "zs-g1")]


@pytest.fixture
def missing_skill_day() -> dict:
    """中山社区 has repair needs and nobody with repair within reach; 桂林社区 has its own."""
    return {
        "areas": _tree(),
        "resources": [
            {"id": "v-gl", "name": "志愿者 陈", "area": "gl-g1-m1", "reach": "community", "skills": ["repair"],
             "capacity": 3},
            {"id": "s-zs", "name": "社工 李", "area": "zs", "skills": ["cleaning"], "capacity": 4},
        ],
        "needs": [
            _need("n-zs-1", "zs-g1-m1", "repair", 1, 3), _need("n-zs-2", "zs-g1", "repair", 2, 2),
            _need("n-zs-3", "zs-g1-m1", "cleaning", 1, 1), _need("n-gl-1", "gl-g1-m1", "repair", 1, 1),
        ],
    }


def test_missing_skill_recommends_a_resource_in_that_community(missing_skill_day):
    problem, plan = _solved(missing_skill_day)
    assert {n.id: n.reason.code for n in plan.needs if not n.covered} == {
        "n-zs-1": "no_skill_in_reach", "n-zs-2": "no_skill_in_reach"}
    before = problem.model_dump()
    advice = recommend(problem, plan, top=3)
    assert problem.model_dump() == before  # pure
    best = advice.recommendations[0]
    assert (best.kind, best.skill, best.area, best.amount) == ("add_resource", "repair", "zs", NEW_RESOURCE_HOURS)
    assert best.unit_label == "hours" and best.proven and best.name == "中山社区"
    assert best.covers == ("n-zs-1", "n-zs-2") and best.uncovers == ()
    by_hand = copy.deepcopy(missing_skill_day)
    by_hand["resources"].append({"id": "r-new", "area": "zs", "skills": ["repair"], "capacity": 4})
    assert best.gain == round(_coverage(by_hand) - plan.objective["coverage"].value, 2) == 5
    assert best.estimate == 5 and best.gain_per_unit == pytest.approx(5 / 4)


@pytest.fixture
def taken_day() -> dict:
    """One escort volunteer, two hours, three one-hour needs: the lightest is left, capacity taken."""
    return {
        "areas": _tree(),
        "resources": [{"id": "v-escort", "name": "志愿者 王", "area": "gl", "skills": ["escort"], "capacity": 2}],
        "needs": [_need("n1", "gl-g1-m1", "escort", 1, 3), _need("n2", "gl-g1", "escort", 1, 2),
                  _need("n3", "gl-g1-m1", "escort", 1, 1)],
    }


def test_capacity_taken_recommends_more_hours_for_the_resource(taken_day):
    problem, plan = _solved(taken_day)
    [unmet] = [n for n in plan.needs if not n.covered]
    assert unmet.id == "n3" and unmet.reason.code == "capacity_taken" and unmet.reason.resources == ("v-escort",)
    advice = recommend(problem, plan, top=10)
    [rec] = [r for r in advice.recommendations if r.kind == "more_hours"]
    assert (rec.resource, rec.limit, rec.amount, rec.unit_label) == ("v-escort", "capacity", MORE_HOURS, "hours")
    assert rec.covers == ("n3",) and rec.proven
    assert rec.estimate == 2  # the LP dual, 1 weight per hour, times 2 hours: an estimate, not a bound
    by_hand = copy.deepcopy(taken_day)
    by_hand["resources"][0]["capacity"] = 4
    assert rec.gain == round(_coverage(by_hand) - plan.objective["coverage"].value, 2) == 1
    assert "capacity 2 → 4" in rec.detail


def test_task_bound_resource_gets_one_more_task(taken_day):
    taken_day["resources"][0] |= {"capacity": 5, "max_tasks": 2}
    problem, plan = _solved(taken_day)
    advice = recommend(problem, plan)
    assert [(r.kind, r.limit) for r in advice.recommendations if r.kind == "more_hours"] == [
        ("more_hours", "max_tasks")]  # more hours alone would not help
    [rec] = [r for r in advice.recommendations if r.kind == "more_hours"]
    assert (rec.resource, rec.amount, rec.unit_label) == ("v-escort", 1, "tasks")
    assert rec.gain == _gain_of(taken_day, rec) == 1
    assert "1 more task (max_tasks 2 → 3)" in rec.detail


@pytest.mark.parametrize(("limit", "expected_amount"), [("daily_cap", MORE_DAILY_CAP), ("max_members", 1)])
def test_unit_limit_recommends_raising_it(limit, expected_amount):
    day = {
        "areas": _tree(),
        "units": [{"id": "u-hosp", "name": "人民医院", "area": "gl", **{limit: 1}}],
        "resources": [{"id": f"p{i}", "area": "gl-g1-m1", "reach": "community", "unit": "u-hosp",
                       "skills": ["medical"], "capacity": 1} for i in (1, 2)],
        "needs": [_need("n1", "gl-g1-m1", "medical", 1, 2), _need("n2", "gl-g1", "medical", 1, 1)],
    }
    problem, plan = _solved(day)
    [unmet] = [n for n in plan.needs if not n.covered]
    assert unmet.reason.code == "limit" and unmet.reason.limit.kind == limit
    advice = recommend(problem, plan)
    [rec] = [r for r in advice.recommendations if r.kind == "raise_unit_cap"]
    assert (rec.unit, rec.limit, rec.amount, rec.name) == ("u-hosp", limit, expected_amount, "人民医院")
    assert rec.gain == _gain_of(day, rec) == 1 and rec.covers == ("n2",)


@pytest.mark.parametrize("seed", [0, 2])
def test_every_recommendation_gain_is_what_a_resolve_gives(seed):
    day = generate_day("demo", seed)
    problem, plan = _solved(day)
    advice = recommend(problem, plan, top=6)
    assert isinstance(advice, Advice) and 0 < len(advice.recommendations) <= 6
    assert advice.tried <= 6 + SPARES and advice.candidates >= advice.tried
    assert advice.baseline_coverage == plan.objective["coverage"].value
    gains = [(r.gain, r.gain_per_unit) for r in advice.recommendations]
    assert gains == sorted(gains, reverse=True)
    for rec in advice.recommendations:
        assert rec.gain > 0 and rec.proven
        assert rec.gain == _gain_of(day, rec), rec
        weights = {n["id"]: n.get("weight", 1) for n in day["needs"]}
        assert sum(weights[n] for n in rec.covers) - sum(weights[n] for n in rec.uncovers) == pytest.approx(rec.gain)


def test_time_limit_is_kept():
    problem, plan = _solved(generate_day("demo", 1))
    advice = recommend(problem, plan, top=10, time_limit=2)
    assert advice.seconds <= 2.2
    assert all(r.gain > 0 for r in advice.recommendations)


def test_bad_arguments(missing_skill_day, taken_day):
    problem, plan = _solved(missing_skill_day)
    with pytest.raises(ValueError, match="top"):
        recommend(problem, plan, top=0)
    with pytest.raises(ValueError, match="time_limit"):
        recommend(problem, plan, time_limit=-1)
    with pytest.raises(InvalidProblem, match="a plan of another day"):
        recommend(problem, _solved(taken_day)[1])
    required = copy.deepcopy(missing_skill_day)
    required["needs"][0]["required"] = True
    problem, plan = Problem.from_data(required), solve(Problem.from_data(required))
    with pytest.raises(Infeasible):
        recommend(problem, plan)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_format_advice_aligns_chinese_names(missing_skill_day):
    problem, plan = _solved(missing_skill_day)
    text = format_advice(recommend(problem, plan))
    lines = text.splitlines()
    assert "baseline coverage 2 (proven)" in lines[0] and "add repair @ 中山社区" in text
    table = lines[1: lines.index("")]
    assert len({_width(line) for line in table}) == 1
    assert "1. Add a resource with skill 'repair' based in 中山社区" in text


def test_shortages_over_three_demo_days():
    days = [generate_day("demo", seed) for seed in range(3)]
    solved = [_solved(day) for day in days]
    report = shortages(solved, top=50)
    assert report.days == 3 and report.shortages
    keys = [(-s.days, -s.unmet_weight, -s.needs) for s in report.shortages]
    assert keys == sorted(keys) and all(s.days >= 2 for s in report.shortages)
    communities = {a["id"]: a["name"] for a in days[0]["areas"] if a["level"] == "community"}
    # recount by hand: a need's community is the ancestor at community level
    for short in report.shortages:
        assert short.area in communities and short.area_name == communities[short.area]
        seen, weight, count = set(), 0.0, 0
        for position, (day, (_, plan)) in enumerate(zip(days, solved, strict=True)):
            parent = {a["id"]: a["parent"] for a in day["areas"]}
            needs = {n["id"]: n for n in day["needs"]}
            for outcome in plan.needs:
                if outcome.covered or outcome.reason.code not in SHORTAGE_CODES:
                    continue
                need = needs[outcome.id]
                area = need["area"]
                while area not in communities:
                    area = parent[area]
                k = outcome.reason.requirement
                skills = {need["requires"][k]["skill"]} if k is not None else {q["skill"] for q in need["requires"]}
                if area == short.area and short.skill in skills:
                    seen.add(position)
                    weight += need.get("weight", 1)
                    count += 1
        assert (len(seen), round(weight, 2), count) == (short.days, short.unmet_weight, short.needs)
    text = format_shortages(report)
    assert text.splitlines()[0] == "sanhu shortages over 3 days"
    assert report.shortages[0].skill in text and report.shortages[0].area_name in text
    assert shortages(solved[:1]).shortages  # one day: every pair counts
