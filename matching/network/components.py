"""Exact decomposition: needs that cannot interact are solved apart and merged.

Two needs interact only through a limit both could draw on that can bind: a
resource whose candidate pairs ask more than its capacity or ``max_tasks``, a
unit whose members' pairs could exceed its ``daily_cap`` or ``max_members``, an
area whose outbound pairs could exceed its ``max_outbound``. A limit that no
choice of pairs can exceed constrains nothing, so it couples nothing. The
objective tiers (coverage, cost) are sums over needs, so the lexicographic
optimum of the day is the union of the components' optima.

The coupling graph is bipartite (needs – binding limits); its connected
components come from ``scipy.sparse.csgraph``, linear in the eligible pairs.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from matching.network.pairs import Network
from matching.network.usage import outbound_pairs
from matching.scaling import to_hundredths

__all__ = ["components"]


def _binding_resources(network: Network) -> np.ndarray:
    """Resources whose capacity or task limit some choice of their pairs could exceed."""
    count = len(network.problem.resources)
    demand = np.bincount(network.pair_resource, weights=network.pair_amount, minlength=count)
    pairs = np.bincount(network.pair_resource, minlength=count)
    tasks = network.max_tasks
    return (demand > network.capacity) | ((tasks >= 0) & (pairs > tasks))


def _binding_units(network: Network) -> np.ndarray:
    """Units whose ``daily_cap`` or ``max_members`` some choice of pairs could exceed."""
    units = network.problem.units
    member = network.resource_unit[network.pair_resource].astype(np.int64)
    has_unit = member >= 0
    demand = np.bincount(member[has_unit], weights=network.pair_amount[has_unit], minlength=len(units))
    serving = np.zeros((len(units),), dtype=np.int64)
    resources_with_pairs = np.unique(network.pair_resource)
    unit_of = network.resource_unit[resources_with_pairs]
    np.add.at(serving, unit_of[unit_of >= 0], 1)
    return np.array([
        (unit.daily_cap is not None and demand[u] > to_hundredths(unit.daily_cap))
        or (unit.max_members is not None and serving[u] > unit.max_members)
        for u, unit in enumerate(units)
    ], dtype=bool)


def components(network: Network) -> list[np.ndarray]:
    """Groups of need indices that can be solved independently, largest first.

    Needs without any candidate pair form no group unless they are required
    (a required need that cannot be covered makes its own, infeasible, group).
    """
    problem = network.problem
    needs = len(problem.needs)
    resources, units, areas = len(problem.resources), len(problem.units), len(problem.areas)
    pair_need = network.pair_need.astype(np.int64)
    resource = network.pair_resource.astype(np.int64)
    links_need, links_limit = [], []
    binding = _binding_resources(network)[resource]
    links_need.append(pair_need[binding])
    links_limit.append(needs + resource[binding])
    unit = network.resource_unit[resource].astype(np.int64)
    unit_binding = np.r_[_binding_units(network), False][unit]  # index -1 → False
    links_need.append(pair_need[unit_binding])
    links_limit.append(needs + resources + unit[unit_binding])
    area, position = outbound_pairs(network, np.arange(network.pairs, dtype=np.int64))
    if len(area):
        demand = np.bincount(area, weights=network.pair_amount[position], minlength=areas)
        limit = np.array([to_hundredths(a.max_outbound) if a.max_outbound is not None else 0
                          for a in problem.areas])
        binds = demand[area] > limit[area]
        links_need.append(pair_need[position[binds]])
        links_limit.append(needs + resources + units + area[binds])
    rows, cols = np.concatenate(links_need), np.concatenate(links_limit)
    size = needs + resources + units + areas
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    has_pairs = np.bincount(pair_need, minlength=needs) > 0
    required = np.array([need.required for need in problem.needs], dtype=bool)
    keep = np.flatnonzero(has_pairs | required)
    groups: dict[int, list[int]] = {}
    for need in keep:
        groups.setdefault(int(label[need]), []).append(int(need))
    return sorted((np.array(group, dtype=np.int64) for group in groups.values()),
                  key=lambda group: (-len(group), int(group[0])))
