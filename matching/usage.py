"""What a plan takes from every limit, and which pairs leave an area's outbound limit.

``outbound_pairs`` walks each pair's resource up the tree (a few levels) with
numpy, so it costs the same per pair whatever the number of limited areas;
``usage_of`` sums a plan's amounts, tasks, unit use and outbound help, which the
one-need models of ``matching.reasons`` subtract from every limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from matching.network import Network

__all__ = ["Usage", "usage_of", "outbound_pairs"]


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
    limited = tree["limited"]
    if not tree["any_limited"] or not len(pairs):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    tin, tout, parent = tree["tin"], tree["tout"], tree["parent"]
    home = network.resource_area[network.pair_resource[pairs]].astype(np.int64)
    target_tin = tin[network.need_area[network.pair_need[pairs]]]
    areas, positions = [], []
    current = home.copy()
    while (current >= 0).any():
        alive = current >= 0
        safe = np.where(alive, current, 0)
        leaves = alive & limited[safe] & ~((tin[safe] <= target_tin) & (target_tin < tout[safe]))
        areas.append(safe[leaves])
        positions.append(np.flatnonzero(leaves))
        current = np.where(alive, parent[safe], -1)
    return np.concatenate(areas), np.concatenate(positions)


def usage_of(network: Network, chosen: Iterable[int]) -> Usage:
    """Sum what the pairs ``chosen`` take from every resource, unit and area limit."""
    chosen = np.asarray(sorted(chosen), dtype=np.int64)
    usage = Usage()
    for p in chosen:
        resource, amount = int(network.pair_resource[p]), int(network.pair_amount[p])
        usage.amount[resource] = usage.amount.get(resource, 0) + amount
        usage.tasks[resource] = usage.tasks.get(resource, 0) + 1
        unit = int(network.resource_unit[resource])
        if unit >= 0:
            usage.unit_amount[unit] = usage.unit_amount.get(unit, 0) + amount
            usage.unit_members.setdefault(unit, set()).add(resource)
    areas, positions = outbound_pairs(network, chosen)
    for area, position in zip(areas, positions):
        usage.outbound[int(area)] = usage.outbound.get(int(area), 0) + int(network.pair_amount[chosen[position]])
    return usage
