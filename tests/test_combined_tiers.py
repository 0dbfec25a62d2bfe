"""Coverage and cost solved as one objective, coverage · M − cost (``matching.tiers``).

The one objective is lexicographic only if M times the smallest coverage step outweighs every
plan's cost; these tests hold the cost ceiling behind M to the brute force's fills, and the
engines to a day where one hundredth of weight beats the dearest cost by exactly one unit.
"""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings

from brute import Limits, fills
from checker import check_plan
from day_index import DayIndex, cents
from matching import solve
from matching.formulation import build_formulation
from matching.network import build_network
from models import Problem
from strategies import days


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
    from matching.generate import generate_day

    day = generate_day("demo", 5)
    plan = solve(_problem(day), engine="scip", combine_tiers=combine)
    check_plan(day, plan.model_dump(mode="json"))
    other = solve(_problem(day), engine="highs", combine_tiers=not combine)
    assert plan.status == other.status == "optimal"
    assert plan.objective == other.objective
