"""Exact decomposition: independent components solved apart give the monolithic optimum."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from checker import check_plan
from hypothesis import HealthCheck, given, settings
from plans import plan_from
from strategies import days

from matching import build_network, solve
from matching.network.components import components
from matching.synthetic.generate import generate_day
from models import Problem


def _problem(day: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(day)


def _values(plan) -> tuple:
    return tuple((name, tier.value) for name, tier in plan.objective.items())


@pytest.mark.parametrize("seed", range(4))
def test_merged_plan_equals_monolithic_optimum(seed):
    day = generate_day("demo", seed)
    problem = _problem(day)
    split = solve(problem)
    whole = solve(problem, decompose=False)
    assert split.stats.components > 1 and whole.stats.components == 1
    assert split.status == whole.status == "optimal"
    assert _values(split) == _values(whole)
    check_plan(day, split.model_dump(mode="json"))
    check_plan(day, whole.model_dump(mode="json"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=8, max_resources=7, min_needs=3))
def test_decomposition_never_changes_the_optimum(day):
    problem = _problem(day)
    split, whole = solve(problem, workers=2), solve(problem, workers=2, decompose=False)
    assert split.status == whole.status
    if split.status == "optimal":
        assert _values(split) == _values(whole)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=8, max_resources=7, min_needs=3))
def test_components_share_no_limit_that_can_bind(day):
    network = build_network(_problem(day))
    label = np.full(len(network.problem.needs), -1)
    for index, group in enumerate(components(network)):
        label[group] = index
    demand = np.bincount(network.pair_resource, weights=network.pair_amount,
                         minlength=len(network.problem.resources))
    for resource in range(len(network.problem.resources)):
        needs = network.pair_need[network.pair_resource == resource]
        if len(needs) and demand[resource] > network.capacity[resource]:
            assert len(set(label[needs])) == 1, f"resource {resource} couples two components"


def test_city_day_holds_one_large_component():
    network = build_network(_problem(generate_day("city", 1)))
    groups = components(network)
    assert len(groups[0]) > 1000  # departments and cross-street units tie the city together
    assert sum(len(group) for group in groups) <= len(network.problem.needs)


@pytest.mark.parametrize("seed", range(3))
def test_a_model_solved_in_its_blocks_reaches_every_tier_of_the_whole_model(seed, monkeypatch):
    """A re-solve's model (``matching.replan.local``) is solved in blocks that share no row: each block
    alone, merged, reaches the whole model's coverage, stability and cost, and is a solution of it."""
    from matching.model.formulation import build_formulation
    from matching.replan import local
    from matching.search.tiers import solve_tiers

    day = generate_day("demo", seed)
    network = build_network(_problem(day))
    tiers = ("coverage", "stability", "cost")
    previous = solve(network.problem, engine="scip")
    keys = {(a.need, a.requirement, a.resource) for a in previous.assignments}
    index, resources = network.problem.need_index, network.problem.resource_index
    kept = [p for p in range(network.pairs)  # half of the plan's pairs, for the stability tier to keep
            if (network.problem.needs[int(network.pair_need[p])].id,
                int(network.pair_slot[p] - network.first_slot[int(network.pair_need[p])]),
                network.problem.resources[int(network.pair_resource[p])].id) in keys][::2]
    assert index and resources and kept
    model = build_formulation(network, tiers=tiers, previous=kept)
    whole = solve_tiers(model, tiers, engine="scip", weighted=False)
    monkeypatch.setattr(local, "BUNDLE_PAIRS", 0)  # every block alone
    parts = local._bundles(model)
    assert len(parts) > 1
    assert np.array_equal(np.sum(parts, axis=0), np.ones(model.variables))  # every variable in one part
    merged = local._merged([solve_tiers(model.part(keep), tiers, engine="scip", weighted=False) for keep in parts],
                           tiers)
    assert merged.status == whole.status == "optimal"
    assert [t.value for t in merged.tiers] == [t.value for t in whole.tiers]
    assert model.satisfies(model.values_of(merged.chosen, merged.covered))
    problem = network.problem
    check_plan(day, plan_from(day, [
        {"need": problem.needs[int(network.pair_need[p])].id,
         "requirement": int(network.pair_slot[p] - network.first_slot[network.pair_need[p]]),
         "resource": problem.resources[int(network.pair_resource[p])].id,
         "amount": int(network.pair_amount[p]) / 100, "cost": int(network.pair_cost[p]) / 100}
        for p in merged.chosen.tolist()]))
