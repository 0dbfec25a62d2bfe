"""A network patched after events is the network built for the day after them, and says where its pairs were."""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import days

from matching import build_network
from matching.network.patch import patch_network
from models import InvalidProblem, Problem, events

ARRAYS = ("first_slot", "slot_start", "pair_need", "pair_slot", "pair_resource", "pair_amount", "pair_cost",
          "resource_area", "resource_unit", "capacity", "weight", "slot_count", "max_tasks")


def _event(problem: Problem, data) -> tuple[Problem, dict] | None:
    """One event drawn from ``data``: the day after it and what it changed (``patch_network``'s keywords)."""
    kind = data.draw(st.sampled_from(["remove", "add", "capacity", "out", "volunteer", "pin"]))
    need = data.draw(st.sampled_from(problem.needs)) if problem.needs else None
    resource = data.draw(st.sampled_from(problem.resources)) if problem.resources else None
    try:
        if kind == "remove" and need is not None and len(problem.needs) > 1:
            return events.removed_need(problem, need.id), {"removed": [need.id]}
        if kind == "add" and need is not None:
            return events.added_need(problem, {**need.model_dump(exclude_none=True), "id": "n-new"}), {}
        if kind == "capacity" and resource is not None:
            changes = {"capacity": max(0.01, round(resource.capacity / 2, 2))}
            return events.changed_resource(problem, resource.id, changes), {"resources": [resource.id]}
        if kind == "out" and resource is not None:
            return events.changed_resource(problem, resource.id, {"available": []}), {"resources": [resource.id]}
        if kind == "volunteer" and resource is not None:
            record = {**resource.model_dump(exclude_none=True), "id": "r-new"}
            return events.added_resource(problem, record), {}
        if kind == "pin" and need is not None and resource is not None:
            return events.pinned(problem, need.id, [(resource.id, 1.0, 2.0)]), {"needs": [need.id]}
    except InvalidProblem:
        return None
    return None


def _key(network, pair: int) -> tuple[str, int, str]:
    need = int(network.pair_need[pair])
    return (network.problem.needs[need].id, int(network.pair_slot[pair] - network.first_slot[need]),
            network.problem.resources[int(network.pair_resource[pair])].id)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=6, max_resources=6), data=st.data())
def test_a_patched_network_is_the_built_one(day, data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = Problem.from_data(day)
    network = build_network(problem)
    for _ in range(3):
        event = _event(network.problem, data)
        if event is None:
            continue
        after, changed = event
        patch = patch_network(network, after, **changed)
        built = build_network(after)
        if patch is None:  # a change the patch does not follow (a new skill): built again
            network = built
            continue
        for name in ARRAYS:
            assert np.array_equal(getattr(patch.network, name), getattr(built, name)), name
        origin = patch.origin
        assert [network.problem.needs[n].id if n >= 0 else None for n in origin.need_from.tolist()] == \
            [need.id if need.id in network.problem.need_index else None for need in after.needs]
        before_keys = {_key(network, p): p for p in range(network.pairs)}
        for p in range(built.pairs):
            assert origin.pair_from[p] == before_keys.get(_key(built, p), -1)
        network = patch.network
