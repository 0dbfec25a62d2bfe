"""The large-part path: the LP by column generation and neighbourhood search on the start."""

from __future__ import annotations

import importlib
import json
import logging
import time
import warnings

import numpy as np
from brute import brute_force
from checker import check_plan
from hypothesis import HealthCheck, given, settings
from plans import plan_from
from strategies import days

from matching import build_network, solve
from matching.model.formulation import build_formulation
from matching.network.components import components
from matching.search.engines.mip import MipEngine
from matching.search.greedy import greedy
from matching.search.neighbourhoods import HOOD_NEEDS, cheapen, improve, neighbourhoods
from matching.search.relaxation import solve_relaxation
from matching.search.warmstart import repaired, warm_start
from matching.synthetic.generate import generate_day
from models import Problem


def _network(day: dict):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_network(Problem.from_data(day))


def _whole_lp_bound(model) -> int:
    if model.variables == 0:  # nothing to solve (HiGHS calls the model empty)
        return 0
    objective, sense = model.objective("coverage")
    return MipEngine(model, seed=0, relaxed=True).optimize(objective, sense, time_limit=None).bound


def _greedy_values(network, model):
    chosen, covered = greedy(network)
    return model.values_of(chosen, covered)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=5, max_resources=5))
def test_relaxation_bounds_brute_force_and_equals_the_whole_lp(day):
    best = brute_force(day)
    if best is None:
        return
    network = _network(day)
    model = build_formulation(network)
    relaxed = solve_relaxation(model, _greedy_values(network, model), seconds=10)
    assert relaxed is not None and relaxed.optimal
    assert relaxed.bound >= round(best["coverage"] * 100)
    assert abs(relaxed.bound - _whole_lp_bound(model)) <= 1


def test_relaxation_on_a_city_day_reaches_the_whole_lp():
    network = _network(generate_day("city", 1))
    largest = sorted(components(network), key=len)[-1]
    model = build_formulation(network, needs=largest)
    start = _greedy_values(network, model)
    relaxed = solve_relaxation(model, start, seconds=60)
    assert relaxed is not None and relaxed.optimal
    assert abs(relaxed.bound - _whole_lp_bound(model)) <= 1
    objective, _ = model.objective("coverage")
    assert objective @ relaxed.values <= relaxed.bound + 1  # the LP solution is worth its bound
    assert objective @ start <= relaxed.bound


def test_a_second_highs_run_gets_its_own_time_limit():
    # HiGHS counts time_limit from its first run; the next tier or LP round must still get its seconds
    network = _network(generate_day("city", 1))
    model = build_formulation(network, needs=sorted(components(network), key=len)[-1])
    objective, sense = model.objective("coverage")
    engine = MipEngine(model, seed=0, relaxed=True)
    first = engine.optimize(objective, sense, time_limit=None)
    spent = engine.highs.getRunTime()
    assert first.status == "optimal" and spent > 0
    cols = np.flatnonzero(objective)
    engine.add_row(cols, objective[cols], -2**41, first.bound - 100)  # a cut: a few iterations from the basis
    again = engine.optimize(objective, sense, time_limit=spent / 2)
    assert again.status == "optimal" and again.bound == first.bound - 100


def test_neighbourhoods_partition_the_needs_by_area():
    network = _network(generate_day("city", 1))
    needs = list(range(len(network.problem.needs)))
    hoods = neighbourhoods(network, needs)
    assert sorted(n for hood in hoods for n in hood) == needs
    assert max(map(len, hoods)) <= HOOD_NEEDS
    grid, problem = network.grid, network.problem
    for hood in hoods:  # one area's subtree each: the needs' areas share an ancestor below the root
        shared = set.intersection(*(set(grid.ancestors(grid.index[problem.needs[n].area])) for n in hood))
        assert shared - {grid.index[problem.areas[0].id]} or len(hoods) == 1


def _assignments(network, pairs) -> list[dict]:
    problem = network.problem
    return [{"need": problem.needs[int(network.pair_need[p])].id,
             "requirement": int(network.pair_slot[p] - network.first_slot[network.pair_need[p]]),
             "resource": problem.resources[int(network.pair_resource[p])].id,
             "amount": int(network.pair_amount[p]) / 100, "cost": int(network.pair_cost[p]) / 100}
            for p in pairs]


def test_neighbourhood_search_raises_coverage_and_keeps_every_limit():
    day = generate_day("city", 3)
    network = _network(day)
    largest = sorted(components(network), key=len)[-1]
    model = build_formulation(network, needs=largest)
    start = warm_start(network, model, list(largest), lp_seconds=60)
    assert start.bound is not None and start.promise is not None
    improved = improve(network, model, list(largest), start, seconds=60, deadline=time.perf_counter() + 120)
    assert start.coverage < improved.coverage <= start.bound
    chosen, covered = model.split(improved.values)
    assert int(network.weight[covered].sum()) == improved.coverage
    check_plan(day, plan_from(day, _assignments(network, chosen)))
    again = improve(network, model, list(largest), start, seconds=60, deadline=time.perf_counter() + 120)
    assert np.array_equal(again.values, improved.values)  # the work is counted, not timed


def test_large_part_path_gives_a_checked_plan(monkeypatch):
    """A city day sent down the metro path: LP, guided start, neighbourhoods, then the tiers."""
    monkeypatch.setattr(importlib.import_module("matching.parts.tasks"), "LARGE_MODEL", 1_000)
    day = generate_day("city", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = Problem.from_data(day)
    plan = solve(problem, time_limit=8)
    check_plan(day, plan.model_dump(mode="json"))
    coverage = plan.objective["coverage"]
    assert coverage.value <= coverage.bound


def _tight_assignment_day(jobs: int, agents: int, seed: int) -> dict:
    """A generalized assignment day in the style of type D: every job required, capacity 80 % of the average
    load, costs falling as amounts rise (so the cheap choices crowd the agents)."""
    rng = np.random.default_rng(seed)
    amount = rng.integers(1, 101, size=(agents, jobs))
    cost = 111 - amount + rng.integers(-10, 11, size=(agents, jobs))
    capacity = (0.8 * amount.sum(axis=1) / agents).astype(int)
    return json.loads(Problem.from_data({
        "levels": ["street"],
        "areas": [{"id": "root", "level": "street"}],
        "resources": [{"id": f"a{i}", "area": "root", "skills": ["job"], "measure": "count",
                       "capacity": int(capacity[i])} for i in range(agents)],
        "needs": [{"id": f"j{j}", "area": "root", "required": True, "weight": 1,
                   "requires": [{"skill": "job", "amount": 1}]} for j in range(jobs)],
        "arcs": [{"need": f"j{j}", "resource": f"a{i}", "amount": int(amount[i, j]), "cost": int(cost[i, j])}
                 for i in range(agents) for j in range(jobs)],
        "settings": {"objective": ["coverage", "cost"]},
    }).to_json())  # every field spelled out, as the checker reads the day


def test_tight_days_get_repaired_starts_that_keep_every_limit():
    repairs = 0
    for seed in range(8):
        day = _tight_assignment_day(60, 5, seed)
        network = _network(day)
        model = build_formulation(network, tiers=("coverage", "cost"))
        needs = list(range(len(day["needs"])))
        start = warm_start(network, model, needs, lp_seconds=None)
        assert not start.covers_required  # greedy misses a job on each of these days
        fixed = repaired(network, model, needs, start, seconds=30)
        if not fixed.covers_required:  # the LP's leftovers did not fit what it left: the start comes back
            assert fixed is start
            continue
        repairs += 1
        chosen, covered = model.split(fixed.values)
        assert sorted(covered.tolist()) == needs and fixed.coverage == 100 * len(needs)
        check_plan(day, plan_from(day, _assignments(network, chosen)))
    assert repairs >= 6  # 6 of the 8 days when written


def test_a_tight_day_is_solved_from_its_repaired_start():
    day = _tight_assignment_day(60, 5, 1)
    plan = solve(Problem.from_data(day), time_limit=10)
    check_plan(day, plan.model_dump(mode="json"))
    assert plan.status == "optimal" and len(plan.assignments) == len(day["needs"])


def test_cost_neighbourhoods_lower_the_cost_and_keep_every_limit():
    day = _tight_assignment_day(120, 12, 3)
    network = _network(day)
    model = build_formulation(network, tiers=("coverage", "cost"))
    needs = list(range(len(day["needs"])))
    start = repaired(network, model, needs, warm_start(network, model, needs, lp_seconds=None), seconds=30)
    assert start.covers_required
    before, _ = model.split(start.values)
    chosen = cheapen(network, before, seconds=1, deadline=time.perf_counter() + 60, seed=2)
    assert int(network.pair_cost[chosen].sum()) < int(network.pair_cost[before].sum())
    assert sorted(network.pair_need[chosen].tolist()) == needs  # every job still assigned, once
    check_plan(day, plan_from(day, _assignments(network, chosen)))
    again = cheapen(network, before, seconds=1, deadline=time.perf_counter() + 60, seed=2)
    assert np.array_equal(again, chosen)  # the work is counted, not timed


def test_a_tight_part_too_large_for_cp_sat_is_polished_within_its_time_limit(caplog):
    day = _tight_assignment_day(150, 20, 4)  # 3,150 variables: HiGHS or SCIP, then cost neighbourhoods
    started = time.perf_counter()
    with caplog.at_level(logging.DEBUG, logger="sanhu"):
        plan = solve(Problem.from_data(day), time_limit=6)
    assert time.perf_counter() - started < 30  # generous: the machine is shared
    check_plan(day, plan.model_dump(mode="json"))  # also: a cost bound at most the cost, met if proven
    assert plan.status in ("optimal", "feasible") and len(plan.assignments) == len(day["needs"])
    polished = [r.getMessage() for r in caplog.records if r.getMessage().startswith("cost neighbourhoods:")]
    assert plan.status == "optimal" or len(polished) == 1


def test_a_repair_never_rounds_an_lp_value_past_a_limit():
    # The cheapest LP puts B 0.9995 on R (capacity 199.95): kept as 1 beside A, R would hold 200.
    arcs = [{"need": need, "resource": resource, "amount": 100, "cost": cost}
            for need in "AB" for resource, cost in (("R", 1), ("S", 50), ("T", 100))]
    arcs.append({"need": "C", "resource": "S", "amount": 100, "cost": 1})
    day = json.loads(Problem.from_data({
        "levels": ["street"], "areas": [{"id": "root", "level": "street"}],
        "resources": [{"id": rid, "area": "root", "skills": ["job"], "measure": "count", "capacity": capacity}
                      for rid, capacity in (("R", 199.95), ("S", 100.05), ("T", 1000))],
        "needs": [{"id": nid, "area": "root", "required": True, "weight": 1 if nid == "C" else 2,
                   "requires": [{"skill": "job", "amount": 1}]} for nid in "ABC"],
        "arcs": arcs, "settings": {"objective": ["coverage", "cost"]},
    }).to_json())
    network = _network(day)
    model = build_formulation(network, tiers=("coverage", "cost"))
    start = warm_start(network, model, [0, 1, 2], lp_seconds=None)
    assert not start.covers_required  # greedy takes R for A and S for B, and C has nothing left
    fixed = repaired(network, model, [0, 1, 2], start, seconds=10)
    if fixed is not start:  # a repaired start must keep R's capacity
        assert model.satisfies(fixed.values)
        check_plan(day, plan_from(day, _assignments(network, model.split(fixed.values)[0])))
    # pairs by need, then resource: 0-2 are A on R, S, T; 3-5 B on R, S, T; 6 C on S
    assert not model.satisfies(model.values_of([0, 3, 6], [0, 1, 2]))  # A and B both on R: 200 > 199.95
    assert model.satisfies(model.values_of([2, 3, 6], [0, 1, 2]))  # the optimum: A on T, B on R, C on S
    plan = solve(Problem.from_data(day), time_limit=5)
    check_plan(day, plan.model_dump(mode="json"))
    assert plan.status == "optimal" and plan.objective["cost"].value == 102


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=6, max_resources=5))
def test_a_plan_completed_greedily_keeps_its_pairs_and_every_limit(day):
    """``completed`` (the start of a whole-day replan) keeps the plan it is given, adds only whole needs, and
    the result keeps every limit: the model accepts it, and the checker its plan."""
    from matching.replan.whole import covered_needs
    from matching.search.greedy import completed

    network = _network(day)
    model = build_formulation(network)
    chosen, covered = greedy(network)
    kept = np.asarray(sorted(p for p in chosen if int(network.pair_need[p]) in set(covered[::2])), dtype=np.int64)
    filled = completed(network, kept, np.arange(len(network.problem.needs)))
    assert set(kept.tolist()) <= set(filled.tolist())
    now = covered_needs(network, filled)
    extra = np.setdiff1d(filled, kept)
    assert set(network.pair_need[extra].tolist()) <= set(now.tolist())  # whole needs only
    if all(not need.required or n in set(now.tolist()) for n, need in enumerate(network.problem.needs)):
        assert model.satisfies(model.values_of(filled, now))  # (a plan short of a required need is not one)
        check_plan(day, plan_from(day, _assignments(network, filled)))
