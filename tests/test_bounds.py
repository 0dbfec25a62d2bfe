"""The Lagrangian coverage bound is never below the true optimum."""

from __future__ import annotations

import warnings

from brute import brute_force
from hypothesis import HealthCheck, given, settings
from strategies import days

from matching import build_network
from matching.model.formulation import build_formulation
from matching.search.bounds import lagrangian_bound
from matching.search.greedy import greedy
from matching.synthetic.generate import generate_day
from models import Problem


def _model(day: dict):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = build_network(Problem.from_data(day))
    return network, build_formulation(network)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=5, max_resources=5))
def test_bound_holds_on_brute_forced_days(day):
    best = brute_force(day)
    if best is None:
        return
    network, model = _model(day)
    _, covered = greedy(network)
    start = int(network.weight[covered].sum())
    assert lagrangian_bound(model, start, seconds=1.0) >= round(best["coverage"] * 100)


def test_bound_is_close_to_the_optimum_on_a_demo_day():
    from matching import solve

    day = generate_day("demo", 2)
    network, model = _model(day)
    optimum = round(solve(Problem.from_data(day)).objective["coverage"].value * 100)
    _, covered = greedy(network)
    bound = lagrangian_bound(model, int(network.weight[covered].sum()), seconds=2.0)
    assert optimum <= bound <= 1.10 * optimum
    assert bound < int(network.weight[model.needs].sum())  # tighter than taking every need
