"""Coverage and cost solved as one objective, coverage · M − cost (``matching.search.tiers``).

The one objective is lexicographic only if M times the smallest coverage step outweighs every
plan's cost; these tests hold the cost ceiling behind M to the brute force's fills, and the
engines to a day where one hundredth of weight beats the dearest cost by exactly one unit.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from brute import Limits, brute_force, fills
from checker import check_plan
from day_index import DayIndex, cents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import days

from matching import solve
from matching.model.formulation import build_formulation
from matching.network.pairs import build_network
from matching.search.tiers import combined_bounds
from models import Problem


def _problem(day: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(day)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=5, max_resources=5))
def test_the_cost_ceiling_is_above_what_any_plan_can_cost(day):
    model = build_formulation(build_network(_problem(day)))
    index = DayIndex(day)
    limits = Limits(index)
    dearest = 0  # every need filled its dearest way that fits alone: no plan costs more
    for need in day["needs"]:
        alone = [fill for fill in fills(index, need["id"]) if limits.add(limits.empty(), need["id"], fill)]
        dearest += max((sum(slot[3] for slot in fill) for fill in alone), default=0)
    assert dearest <= model.cost_ceiling()


def _rivals(cost: float) -> dict:
    """Two needs for one resource: one a hundredth heavier and ``cost`` dearer than the other."""
    return {
        "areas": [{"id": "hs", "name": "鹤山市", "level": "city"},
                  {"id": "sp", "name": "沙坪街道", "level": "street", "parent": "hs"}],
        "resources": [{"id": "r", "area": "sp", "skills": ["repair"], "capacity": 1}],
        "needs": [{"id": "heavy", "area": "sp", "weight": 1.01, "requires": [{"skill": "repair"}]},
                  {"id": "light", "area": "sp", "weight": 1.0, "requires": [{"skill": "repair"}]}],
        "arcs": [{"need": "heavy", "resource": "r", "cost": cost},
                 {"need": "light", "resource": "r", "cost": 0}],
    }


@pytest.mark.parametrize("engine", ["cp-sat", "scip", "highs"])
def test_a_hundredth_of_weight_outweighs_the_dearest_cost(engine):
    day = _rivals(10_000.0)  # cost ceiling 10⁶ hundredths, coverage step 1: one unit of margin
    plan = solve(_problem(day), engine=engine)
    check_plan(day, plan.model_dump(mode="json"))
    assert plan.status == "optimal"
    assert {need.id for need in plan.needs if need.covered} == {"heavy"}
    assert cents(plan.objective["coverage"].value) == 101
    assert cents(plan.objective["cost"].value) == 1_000_000


@pytest.mark.parametrize("combine", [True, False])
def test_both_ways_give_the_same_tiers_and_bounds_on_a_generated_day(combine):
    from matching.synthetic.generate import generate_day

    day = generate_day("demo", 5)
    plan = solve(_problem(day), engine="scip", combine_tiers=combine)
    check_plan(day, plan.model_dump(mode="json"))
    other = solve(_problem(day), engine="highs", combine_tiers=not combine)
    assert plan.status == other.status == "optimal"
    assert plan.objective == other.objective


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=5, max_resources=5), slack=st.integers(0, 3), above=st.integers(0, 2))
def test_bounds_from_the_one_objective_hold_against_brute_force(day, slack, above):
    """Any bound on coverage · M − cost at or above the true optimum gives a coverage bound at or above
    the optimal coverage and, for a plan reaching it, a cost bound at or below the optimal cost."""
    best = brute_force(day)
    model = build_formulation(build_network(_problem(day)), tiers=("coverage", "cost"))
    coverage, _ = model.objective("coverage")
    weights = coverage[coverage > 0]
    if best is None or not len(weights):
        return
    step, ceiling = int(np.gcd.reduce(weights)), model.cost_ceiling()
    scale = ceiling // step + 1
    covered, spent = cents(best["coverage"]), cents(best["cost"])
    bound = covered * scale - spent + slack  # any valid bound: the optimum's own value or above
    most, cheapest = combined_bounds(covered, spent + above, bound, scale, ceiling, step, int(weights.sum()))
    assert most >= covered
    assert cheapest <= spent
    if slack == 0:  # the bound is the optimum's value: both tiers are proven by it
        assert most == covered and cheapest == spent
    lower = covered - step  # a plan one step short: its bounds must still reach the optimum
    if lower >= 0:
        most, _ = combined_bounds(lower, 0, bound, scale, ceiling, step, int(weights.sum()))
        assert most >= covered


def test_a_cost_ceiling_past_int64_falls_back_to_tier_by_tier():
    """1,100 optional needs each costing 9·10¹³ hundredths: the ceiling passes 2⁶³, one need fits."""
    day = {
        "areas": [{"id": "hs", "name": "鹤山市", "level": "city"},
                  {"id": "sp", "name": "沙坪街道", "level": "street", "parent": "hs"}],
        "resources": [{"id": "r", "area": "sp", "skills": ["x"], "capacity": 1e5, "measure": "count",
                       "cost_per_unit": 1e9}],
        "needs": [{"id": f"n{i}", "area": "sp", "requires": [{"skill": "x", "amount": 9e4}]} for i in range(1100)],
    }
    model = build_formulation(build_network(_problem(day)))
    assert model.cost_ceiling() > 2**63
    plan = solve(_problem(day))
    check_plan(day, plan.model_dump(mode="json"))
    assert plan.status == "optimal" and plan.objective["coverage"].value == 1.0
