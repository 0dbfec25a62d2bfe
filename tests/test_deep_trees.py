"""Work that grows with the tree's depth or the number of unmet needs stays linear (or near it): the grid's
climbing queries agree with walking the tree, and the adversarial days of ``benchmarks.adversarial`` solve
within their time limits."""

from __future__ import annotations

import sys
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
from checker import check_plan
from clock import Clock
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import days

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root holds ``benchmarks``

from benchmarks.adversarial import deep_day, deep_wide_day, shared_day  # noqa: E402
from matching import build_network, solve  # noqa: E402
from matching.network.grid import build_grid  # noqa: E402
from matching.network.usage import outbound_pairs  # noqa: E402
from matching.outcome.reasons import NAMED  # noqa: E402
from models import Problem  # noqa: E402


@st.composite
def trees(draw) -> dict:
    """A random day whose tree is random too: each area under an earlier one, one to three levels below it."""
    size = draw(st.integers(1, 40))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, size)]
    level = [0] * size
    for i in range(1, size):
        level[i] = level[parents[i]] + draw(st.integers(1, 3))
    levels = [f"l{k}" for k in range(max(level) + 1)]
    areas = [{"id": f"a{i}", "level": levels[level[i]], **({"parent": f"a{p}"} if p is not None else {})}
             for i, p in enumerate(parents)]
    return {"levels": levels, "areas": areas}


def _walk(grid, area: int) -> list[int]:
    chain = [area]
    while grid.parent[chain[-1]] >= 0:
        chain.append(grid.parent[chain[-1]])
    return chain


@settings(max_examples=60, deadline=None)
@given(tree=trees(), data=st.data())
def test_climbing_queries_agree_with_walking_the_tree(tree, data):
    grid = build_grid(Problem.from_data(tree))
    areas = np.arange(len(grid.ids))
    for reach in range(max(grid.level) + 2):
        walked = []
        for area in areas:
            root = area
            for ancestor in _walk(grid, area):
                if grid.level[ancestor] < reach:
                    break
                root = ancestor
            walked.append(root)
        assert grid.reach_roots(areas, reach).tolist() == walked
        at_level = [next((a for a in _walk(grid, area) if grid.level[a] == reach), -1) for area in areas]
        assert grid.at_level(areas, reach).tolist() == at_level
    first = np.array(data.draw(st.lists(st.sampled_from(areas.tolist()), min_size=1, max_size=30)))
    second = np.array([data.draw(st.sampled_from(areas.tolist())) for _ in first])
    expected = [next(a for a in _walk(grid, x) if a in set(_walk(grid, y))) for x, y in zip(first, second)]
    assert grid.lcas(first, second).tolist() == expected
    values = np.array([data.draw(st.integers(0, 9)) for _ in areas])
    sums = [sum(int(values[b]) for b in areas if area in _walk(grid, b)) for area in areas]
    assert grid.subtree_sums(values).tolist() == sums


@settings(max_examples=80, deadline=None)
@given(day=days(max_needs=6, max_resources=6))
def test_outbound_pairs_are_the_pairs_leaving_each_limited_area(day):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = build_network(Problem.from_data(day))
    grid = network.grid
    expected = set()
    for p in range(network.pairs):
        home, target = int(network.resource_area[network.pair_resource[p]]), int(network.need_area[network.pair_need[p]])
        for area in _walk(grid, home):
            if network.problem.areas[area].max_outbound is not None and not grid.contains(area, target):
                expected.add((area, p))
    areas, positions = outbound_pairs(network, np.arange(network.pairs))
    assert sorted(zip(areas.tolist(), positions.tolist())) == sorted(expected)


def _solved(day: dict, time_limit: float):
    problem = Problem.from_data(day)
    with Clock() as clock:
        plan = solve(problem, time_limit=time_limit)
    check_plan(day, plan.model_dump(mode="json"))
    return plan, clock


def test_a_tree_ten_thousand_levels_deep_builds_in_little_time_and_memory():
    day = deep_day(10_000)
    problem = Problem.from_data(day)
    tracemalloc.start()
    try:
        with Clock() as clock:
            network = build_network(problem)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert network.pairs == 3  # the top resource reaches both needs, the bottom one its own
    assert clock.within(2.0) and peak < 200 * 2**20, (clock, peak)
    plan, clock = _solved(day, time_limit=1)
    assert clock.within(2.0) and plan.status == "optimal", clock


def test_a_deep_chain_of_needs_and_limits_keeps_its_time_limit():
    problem = Problem.from_data(deep_wide_day(4_000))  # 8,000 areas, 4,000 levels deep
    with Clock() as clock:
        network = build_network(problem)
    assert clock.within(2.0) and network.pairs == 86_000, clock
    plan, clock = _solved(deep_wide_day(600), time_limit=3)  # the checker walks the tree: a shorter chain
    assert clock.within(4.0), clock
    assert plan.unmet_by_reason()["limit"] > 0  # the outbound limits are judged along the chain


def test_ten_thousand_needs_sharing_one_resource_keep_their_time_limit():
    plan, clock = _solved(shared_day(10_000), time_limit=10)
    assert clock.within(11.0), clock
    unmet = [need for need in plan.needs if not need.covered]
    assert len(unmet) > 5_000 and plan.stats.unjudged == 0
    assert all(need.reason.code == "capacity_taken" and len(need.reason.needs) <= NAMED for need in unmet)
    covered = len(plan.needs) - len(unmet)
    assert f"and {covered - 4} more" in unmet[0].reason.detail  # the sentence counts every taker
    assert len(plan.to_json()) < 20 * 2**20  # each reason naming all 3,000 takers made it 330 MB
