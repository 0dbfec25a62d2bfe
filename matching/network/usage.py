"""What a plan takes from every limit, and which pairs leave an area's outbound limit.

``outbound_pairs`` walks each pair's resource up through the limited areas above
it only (``Network.tree_arrays``'s ``up_limited``), and only until one holds the
need, with numpy, so it costs what it finds, whatever the depth of the tree;
``usage_of`` sums a plan's amounts, tasks, unit use and outbound help, which the
one-need models of ``matching.outcome.reasons`` subtract from every limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from matching.network.pairs import Network

__all__ = ["Usage", "usage_of", "outbound_pairs", "sharing_limits"]


@dataclass(frozen=True)
class Usage:
    """What assignments outside the model already take from each limit, in hundredths."""

    amount: dict[int, int] = field(default_factory=dict)
    tasks: dict[int, int] = field(default_factory=dict)
    unit_amount: dict[int, int] = field(default_factory=dict)
    unit_members: dict[int, set[int]] = field(default_factory=dict)
    outbound: dict[int, int] = field(default_factory=dict)


def outbound_pairs(network: Network, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(area, position in ``pairs``) for every pair whose resource leaves a ``max_outbound`` area."""
    tree = network.tree_arrays
    if not tree["any_limited"] or not len(pairs):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    tin, tout, parent, up_limited = tree["tin"], tree["tout"], tree["parent"], tree["up_limited"]
    home = network.resource_area[network.pair_resource[pairs]].astype(np.int64)
    target_tin = tin[network.need_area[network.pair_need[pairs]]]
    areas, positions = [], []
    current = up_limited[home]
    position = np.arange(len(pairs))
    while len(current):
        alive = current >= 0
        current, position, target_tin = current[alive], position[alive], target_tin[alive]
        leaves = ~((tin[current] <= target_tin) & (target_tin < tout[current]))
        areas.append(current[leaves])
        positions.append(position[leaves])
        # an area holding the need's area holds it for every area above: the pair leaves none of them
        current, position, target_tin = up_limited[parent[current[leaves]]], position[leaves], target_tin[leaves]
    areas, positions = np.concatenate(areas), np.concatenate(positions)
    depth = network.grid.depth_array
    order = np.lexsort((positions, depth[home[positions]] - depth[areas]))  # nearest first, then by pair
    return areas[order], positions[order]


def sharing_limits(network: Network, pairs: np.ndarray, resources: np.ndarray) -> np.ndarray:
    """The pairs of ``pairs`` that take from a limit some resource of ``resources`` answers to: its own
    capacity and tasks, its unit's caps, an area's outbound limit (every pair leaving a limited area).
    ``usage_of`` these gives every such limit the same usage as ``usage_of`` all ``pairs``, so a model of
    those resources alone may take it instead, at a cost that follows them rather than the plan."""
    count = len(network.problem.resources)
    wanted = np.zeros(count, dtype=bool)
    wanted[resources] = True
    units = np.unique(network.resource_unit[resources])
    units = units[units >= 0]
    if len(units):
        wanted |= np.isin(network.resource_unit, units)
    tree = network.tree_arrays
    if tree["any_limited"]:  # a resource under a limited area may leave it
        wanted |= tree["up_limited"][network.resource_area] >= 0
    return pairs[wanted[network.pair_resource[pairs]]]


def usage_of(network: Network, chosen: Iterable[int]) -> Usage:
    """Sum what the pairs ``chosen`` take from every resource, unit and area limit."""
    chosen = np.asarray(sorted(chosen), dtype=np.int64)
    resources = network.pair_resource[chosen].astype(np.int64)
    amounts = network.pair_amount[chosen].astype(np.int64)
    used, where = np.unique(resources, return_inverse=True)
    amount, tasks = np.zeros(len(used), dtype=np.int64), np.zeros(len(used), dtype=np.int64)
    np.add.at(amount, where, amounts)
    np.add.at(tasks, where, 1)
    usage = Usage(amount=dict(zip(used.tolist(), amount.tolist())), tasks=dict(zip(used.tolist(), tasks.tolist())))
    units = network.resource_unit[used].astype(np.int64)
    for unit, resource, given in zip(units.tolist(), used.tolist(), amount.tolist()):
        if unit >= 0:
            usage.unit_amount[unit] = usage.unit_amount.get(unit, 0) + given
            usage.unit_members.setdefault(unit, set()).add(resource)
    areas, positions = outbound_pairs(network, chosen)
    if len(areas):
        limited, where = np.unique(areas, return_inverse=True)
        out = np.zeros(len(limited), dtype=np.int64)
        np.add.at(out, where, amounts[positions])
        usage.outbound.update(zip(limited.tolist(), out.tolist()))
    return usage
