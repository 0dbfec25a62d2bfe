"""The eligibility network against the independent reading of SPEC's rules in tests/."""

from __future__ import annotations

import warnings

from day_index import DayIndex
from hypothesis import HealthCheck, given, settings
from strategies import days

from matching import build_network
from models import Problem


def _network(day: dict):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_network(Problem.from_data(day))


def _pairs(network) -> dict[tuple[str, int, str], tuple[float, float]]:
    problem = network.problem
    found = {}
    for p in range(network.pairs):
        need = int(network.pair_need[p])
        key = (problem.needs[need].id, int(network.pair_slot[p] - network.first_slot[need]),
               problem.resources[int(network.pair_resource[p])].id)
        found[key] = (network.pair_amount[p] / 100, network.pair_cost[p] / 100)
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=6, max_resources=6))
def test_pairs_amounts_and_costs_match_the_rules(day):
    index = DayIndex(day)
    expected = {}
    for need in day["needs"]:
        for k in range(len(need["requires"])):
            for resource in index.slot_candidates(need["id"], k):
                amount = index.pair_amount(need["id"], k, resource)
                expected[(need["id"], k, resource)] = (amount, index.cost(need["id"], resource, amount))
    assert _pairs(_network(day)) == expected


def test_costs_round_halves_up_as_written(small_day):
    # 0.1 per hour × 1.45 hours = 0.145, which rounds to 0.15 (binary floats would say 0.14).
    small_day["resources"][1]["cost_per_unit"] = 0.1
    small_day["needs"].append({"id": "n-talk", "area": "gl", "requires": [{"skill": "liaison", "amount": 1.45}]})
    small_day["settings"] = {"escalation_cost": 0, "distance_cost": 0}
    assert _pairs(_network(small_day))[("n-talk", 0, "s-li")] == (1.45, 0.15)


def test_distance_costs_round_as_the_exact_distance_would(small_day):
    # (-17.3, 5.4) to (-16.1, 6.3) is exactly 1.5 km: 0.1 per km plus 0.25 per hour × 1.5 hours
    # is 0.15 + 0.375 = 0.525, which rounds to 0.53. Floating point computes 1.4999999999999991 km,
    # which taken as it is would round to 0.52.
    for area in small_day["areas"]:
        area["xy"] = [-17.3, 5.4] if area["id"] == "gl" else None  # 社工 李 is based at 桂林社区
    small_day["areas"].append({"id": "far", "name": "远网格", "level": "grid", "parent": "gl", "xy": [-16.1, 6.3]})
    small_day["needs"].append({"id": "n-talk", "area": "far", "requires": [{"skill": "liaison", "amount": 1.5}]})
    small_day["settings"] = {"escalation_cost": 0, "distance_cost": 0.1}
    small_day["resources"][1]["cost_per_unit"] = 0.25
    assert DayIndex(small_day).cost("n-talk", "s-li", 1.5) == 0.53
    assert _pairs(_network(small_day))[("n-talk", 0, "s-li")] == (1.5, 0.53)


def test_reach_to_a_skipped_level_stops_below_it(small_day):
    # 社工 李 at 桂林社区 with reach 'street' serves the whole street; a resource at a grid whose
    # tree has no 'community' ancestor level between grid and street keeps to what is not above it.
    small_day["areas"].append({"id": "x-g", "name": "直属网格", "level": "grid", "parent": "sp"})
    small_day["resources"].append({"id": "v-x", "area": "x-g", "reach": "community", "skills": ["repair"],
                                   "capacity": 4})
    small_day["needs"].append({"id": "n-x", "area": "x-g", "requires": [{"skill": "repair", "amount": 1}]})
    pairs = _pairs(_network(small_day))
    assert ("n-x", 0, "v-x") in pairs
    assert ("n-handrail", 0, "v-x") not in pairs  # the street is above 'community': out of reach


def test_graph_joins_needs_resources_and_units(small_day):
    graph = _network(small_day).graph()
    assert graph.has_edge(("need", "n-clinic"), ("resource", "p-wang"))
    assert graph.edges[("need", "n-petition"), ("resource", "d-housing")]["requirements"] == [0]
    assert graph.has_edge(("resource", "p-wang"), ("unit", "u-hosp"))
    assert not graph.has_edge(("need", "n-clinic"), ("resource", "v-chen"))
