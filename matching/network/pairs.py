"""The eligibility network of a day: every (need, requirement, resource) pair that may be used.

A pair passes SPEC's three eligibility rules (``matching.network.eligibility``) and its
resource's capacity covers its amount (a resource short of it can never fill
the slot). The pairs are flat numpy arrays sorted by (need, requirement,
resource); ``slot_start[s]:slot_start[s + 1]`` are the pairs of slot ``s``, and
slot ``s = first_slot[need] + k`` is requirement ``k`` of ``need``. Amounts and
costs are in hundredths (``matching.scaling``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
import numpy as np

from matching.network.eligibility import Candidates, Eligibility
from matching.network.grid import Grid, build_grid
from matching.scaling import to_hundredths
from models import Problem

__all__ = ["Network", "build_network"]


@dataclass(frozen=True)
class Network:
    """Candidate pairs of a day, with the limits the formulation needs, all in integers."""

    problem: Problem = field(repr=False)
    grid: Grid = field(repr=False)
    eligibility: Eligibility = field(repr=False)
    first_slot: np.ndarray
    slot_start: np.ndarray
    pair_need: np.ndarray
    pair_slot: np.ndarray
    pair_resource: np.ndarray
    pair_amount: np.ndarray
    pair_cost: np.ndarray
    resource_area: np.ndarray
    resource_unit: np.ndarray
    capacity: np.ndarray
    weight: np.ndarray

    @property
    def pairs(self) -> int:
        return len(self.pair_resource)

    def slot_pairs(self, need: int, requirement: int) -> range:
        """Indices of the pairs that may fill requirement ``requirement`` of ``need``."""
        s = int(self.first_slot[need]) + requirement
        return range(int(self.slot_start[s]), int(self.slot_start[s + 1]))

    def need_pairs(self, need: int) -> range:
        """Indices of every pair of ``need``."""
        first, last = int(self.first_slot[need]), int(self.first_slot[need + 1])
        return range(int(self.slot_start[first]), int(self.slot_start[last]))

    def candidates(self, need: int) -> Candidates:
        """The need's pairs under rules 1–2 only, each marked roomy (capacity) and timely (rule 3)."""
        return self.eligibility.candidates(np.arange(self.first_slot[need], self.first_slot[need + 1]))

    @cached_property
    def slot_need(self) -> np.ndarray:
        """The need of every slot."""
        return self.eligibility.slot_need

    @cached_property
    def slot_count(self) -> np.ndarray:
        """How many distinct resources every slot needs."""
        return np.array([spec.count for need in self.problem.needs for spec in need.requires], dtype=np.int64)

    @cached_property
    def need_area(self) -> np.ndarray:
        """The area (grid index) of every need."""
        return self.eligibility.need_area

    @cached_property
    def max_tasks(self) -> np.ndarray:
        """Every resource's ``max_tasks``, -1 when unlimited."""
        return np.array([-1 if r.max_tasks is None else r.max_tasks for r in self.problem.resources], dtype=np.int64)

    @cached_property
    def tree_arrays(self) -> dict[str, np.ndarray]:
        """The grid as arrays: preorder intervals, parents, which areas limit outbound help, and each
        area's nearest limiting area at or above it (``up_limited``, -1 for none; index -1 gives -1)."""
        limited = np.array([area.max_outbound is not None for area in self.problem.areas], dtype=bool)
        parent = np.asarray(self.grid.parent, dtype=np.int64)
        up_limited = np.full(len(limited) + 1, -1, dtype=np.int64)
        for area in self.grid.order:
            up_limited[area] = area if limited[area] else up_limited[parent[area]]
        return {"tin": np.asarray(self.grid.tin), "tout": np.asarray(self.grid.tout), "parent": parent,
                "limited": limited, "any_limited": bool(limited.any()), "up_limited": up_limited}

    @cached_property
    def skill_holders(self) -> dict[str, int]:
        """How many resources have each skill, anywhere."""
        holders: dict[str, int] = {}
        for resource in self.problem.resources:
            for skill in set(resource.skills):
                holders[skill] = holders.get(skill, 0) + 1
        return holders

    def graph(self) -> nx.Graph:
        """The needs–resources–units graph, for inspection and graph algorithms.

        Nodes are ``("need", id)``, ``("resource", id)`` and ``("unit", id)``; a need
        and a resource are joined when the resource may fill one of its requirements
        (edge attribute ``requirements``: their indices), a resource and its unit by
        membership.
        """
        problem = self.problem
        graph = nx.Graph()
        graph.add_nodes_from((("need", need.id) for need in problem.needs), kind="need")
        graph.add_nodes_from((("resource", r.id) for r in problem.resources), kind="resource")
        graph.add_nodes_from((("unit", unit.id) for unit in problem.units), kind="unit")
        for p in range(self.pairs):
            need, resource = int(self.pair_need[p]), int(self.pair_resource[p])
            edge = (("need", problem.needs[need].id), ("resource", problem.resources[resource].id))
            requirement = int(self.pair_slot[p] - self.first_slot[need])
            if graph.has_edge(*edge):
                graph.edges[edge]["requirements"].append(requirement)
            else:
                graph.add_edge(*edge, requirements=[requirement])
        for resource in problem.resources:
            if resource.unit is not None:
                graph.add_edge(("resource", resource.id), ("unit", resource.unit))
        return graph


def build_network(problem: Problem, grid: Grid | None = None, previous: Network | None = None) -> Network:
    """Compute every eligible (need, requirement, resource) pair of a day (``grid``: its tree, when built already;
    ``previous``: the network of an earlier version of the day, whose resource tables are reused where the
    resources are unchanged)."""
    grid = build_grid(problem) if grid is None else grid
    if previous is not None and previous.problem.resources is problem.resources:
        capacity = previous.capacity
    else:
        capacity = np.array([to_hundredths(r.capacity) for r in problem.resources], dtype=np.int64)
    eligibility = Eligibility(problem, grid, capacity, None if previous is None else previous.eligibility)
    sizes = np.array([len(need.requires) for need in problem.needs], dtype=np.int64)
    first_slot = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    found = eligibility.candidates(np.arange(first_slot[-1]))
    usable = found.where(found.roomy & found.timely)
    slot_start = np.r_[0, np.cumsum(np.bincount(usable.slot, minlength=int(first_slot[-1])))].astype(np.int64)
    unit_index = {unit.id: position for position, unit in enumerate(problem.units)}
    return Network(
        problem=problem,
        grid=grid,
        eligibility=eligibility,
        first_slot=first_slot,
        slot_start=slot_start,
        pair_need=eligibility.slot_need[usable.slot].astype(np.int32),
        pair_slot=usable.slot.astype(np.int32),
        pair_resource=usable.resource.astype(np.int32),
        pair_amount=usable.amount,
        pair_cost=usable.cost,
        resource_area=eligibility.resource_area.astype(np.int32),
        resource_unit=np.array([-1 if r.unit is None else unit_index[r.unit] for r in problem.resources],
                               dtype=np.int32),
        capacity=capacity,
        weight=np.array([to_hundredths(n.weight) for n in problem.needs], dtype=np.int64),
    )
