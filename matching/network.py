"""The eligibility network: which resource may fill which requirement of which need.

SPEC's three rules, with every amount and cost in hundredths:

1. the requirement's skill is among the resource's skills;
2. the need's area lies in the subtree of one of the resource's reach roots
   (its area's ancestor at ``reach``, its ``extra_areas``, its unit's ``partner_areas``);
3. one availability window overlaps the need's window by at least the amount
   (hours), or at all (count).

A need with arcs takes exactly its arc resources having the skill (rules 2 and 3
do not apply) with the arc's amount and cost. A resource whose capacity is below
a pair's amount can never fill it and is left out.

Resources are indexed by skill and reach root, so a need looks only at the few
areas on its path to the root: building never scans all needs × resources.
The pairs are kept as flat numpy arrays, sorted by (need, requirement, resource);
``slot_start[s]:slot_start[s + 1]`` are the pairs of slot ``s``, and slot
``s = first_slot[need] + k`` is requirement ``k`` of ``need``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

import networkx as nx
import numpy as np

from matching.grid import Grid, build_grid
from matching.scaling import cost_hundredths, to_hundredths
from models import Problem

__all__ = ["Network", "build_network", "Candidate"]

Candidate = tuple[int, int, int]
"""(resource, amount, cost) of a pair, amount and cost in hundredths."""


@dataclass(frozen=True)
class Network:
    """Candidate pairs of a day, with the limits the formulation needs, all in integers."""

    problem: Problem = field(repr=False)
    grid: Grid = field(repr=False)
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
    reach_roots: tuple[tuple[int, ...], ...] = field(repr=False)
    by_skill_root: dict[str, dict[int, list[int]]] = field(repr=False)
    arcs: dict[int, dict[int, tuple[int | None, int | None]]] = field(repr=False)

    @property
    def pairs(self) -> int:
        return len(self.pair_resource)

    @cached_property
    def slot_need(self) -> np.ndarray:
        """The need of every slot."""
        sizes = np.diff(self.first_slot)
        return np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)

    @cached_property
    def slot_count(self) -> np.ndarray:
        """How many distinct resources every slot needs."""
        return np.array([spec.count for need in self.problem.needs for spec in need.requires], dtype=np.int64)

    @cached_property
    def need_area(self) -> np.ndarray:
        """The area (grid index) of every need."""
        return np.array([self.grid.index[need.area] for need in self.problem.needs], dtype=np.int64)

    @cached_property
    def max_tasks(self) -> np.ndarray:
        """Every resource's ``max_tasks``, -1 when unlimited."""
        return np.array([-1 if r.max_tasks is None else r.max_tasks for r in self.problem.resources], dtype=np.int64)

    def slot(self, need: int, requirement: int) -> int:
        return int(self.first_slot[need]) + requirement

    def slot_pairs(self, need: int, requirement: int) -> range:
        """Indices of the pairs that may fill requirement ``requirement`` of ``need``."""
        s = self.slot(need, requirement)
        return range(int(self.slot_start[s]), int(self.slot_start[s + 1]))

    def need_pairs(self, need: int) -> range:
        """Indices of every pair of ``need``."""
        first, last = int(self.first_slot[need]), int(self.first_slot[need + 1])
        return range(int(self.slot_start[first]), int(self.slot_start[last]))

    def reachable(self, need: int, requirement: int) -> list[Candidate]:
        """Resources passing rules 1 and 2 (or the need's arcs), ignoring time and capacity."""
        problem = self.problem
        spec = problem.needs[need].requires[requirement]
        amount = to_hundredths(spec.amount)
        found: list[Candidate] = []
        if need in self.arcs:
            for resource, (arc_amount, arc_cost) in self.arcs[need].items():
                if spec.skill in problem.resources[resource].skills:
                    pair_amount = amount if arc_amount is None else arc_amount
                    found.append((resource, pair_amount, self._cost(need, resource, pair_amount, arc_cost)))
            return sorted(found)
        seen: set[int] = set()
        roots = self.by_skill_root.get(spec.skill, {})
        for area in self.grid.ancestors(self.grid.index[problem.needs[need].area]):
            for resource in roots.get(area, ()):
                if resource not in seen:
                    seen.add(resource)
                    found.append((resource, amount, self._cost(need, resource, amount, None)))
        return sorted(found)

    def in_window(self, need: int, requirement: int, resource: int) -> bool:
        """Rule 3 for a pair (always true for a need with arcs)."""
        if need in self.arcs:
            return True
        spec = self.problem.needs[need].requires[requirement]
        return _overlaps(self.problem, need, resource, to_hundredths(spec.amount))

    def _cost(self, need: int, resource: int, amount: int, arc_cost: int | None) -> int:
        if arc_cost is not None:
            return arc_cost
        problem, grid = self.problem, self.grid
        need_area = grid.index[problem.needs[need].area]
        resource_area = int(self.resource_area[resource])
        levels_up = grid.depth[need_area] - grid.depth[grid.lca(need_area, resource_area)]
        escalation, distance, per_unit = self.cost_rates[0], self.cost_rates[1], self.cost_rates[2][resource]
        km = grid.distance_km(need_area, resource_area)
        return cost_hundredths(escalation * levels_up * 100 + per_unit * amount, distance * km * 100)

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

    @cached_property
    def skill_holders(self) -> dict[str, int]:
        """How many resources have each skill, anywhere."""
        holders: dict[str, int] = {}
        for resource in self.problem.resources:
            for skill in set(resource.skills):
                holders[skill] = holders.get(skill, 0) + 1
        return holders

    @cached_property
    def cost_rates(self) -> tuple[int, int, list[int]]:
        """Escalation and distance cost, and every resource's cost per unit, in hundredths."""
        settings = self.problem.settings
        return (to_hundredths(settings.escalation_cost), to_hundredths(settings.distance_cost),
                [to_hundredths(r.cost_per_unit) for r in self.problem.resources])


def _overlaps(problem: Problem, need: int, resource: int, amount: int) -> bool:
    start, end = problem.needs[need].span()
    record = problem.resources[resource]
    for window_start, window_end in record.windows():
        overlap = min(end, window_end) - max(start, window_start)
        if record.measure == "count":
            if overlap > 0:
                return True
        elif overlap * 100 >= amount * 60:  # minutes vs hundredths of an hour
            return True
    return False


def _reach_roots(problem: Problem, grid: Grid) -> tuple[tuple[int, ...], ...]:
    level_of = {name: position for position, name in enumerate(problem.levels)}
    roots = []
    for resource in problem.resources:
        area = grid.index[resource.area]
        own = grid.reach_root(area, None if resource.reach is None else level_of[resource.reach])
        extra = [grid.index[a] for a in resource.extra_areas]
        if resource.unit is not None:
            extra += [grid.index[a] for a in problem.unit_by_id[resource.unit].partner_areas]
        roots.append(tuple(dict.fromkeys([own, *extra])))
    return tuple(roots)


def _arc_table(problem: Problem) -> dict[int, dict[int, tuple[int | None, int | None]]]:
    table: dict[int, dict[int, tuple[int | None, int | None]]] = defaultdict(dict)
    for arc in problem.arcs:
        amount = None if arc.amount is None else to_hundredths(arc.amount)
        cost = None if arc.cost is None else to_hundredths(arc.cost)
        table[problem.need_index[arc.need]][problem.resource_index[arc.resource]] = (amount, cost)
    return dict(table)


def build_network(problem: Problem) -> Network:
    """Compute every eligible (need, requirement, resource) pair of a day."""
    grid = build_grid(problem)
    roots = _reach_roots(problem, grid)
    by_skill_root: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for resource, record in enumerate(problem.resources):
        for skill in record.skills:
            for root in roots[resource]:
                by_skill_root[skill][root].append(resource)
    unit_index = {unit.id: position for position, unit in enumerate(problem.units)}
    capacity = np.array([to_hundredths(r.capacity) for r in problem.resources], dtype=np.int64)
    skeleton = Network(
        problem=problem,
        grid=grid,
        first_slot=np.zeros(0, dtype=np.int64),
        slot_start=np.zeros(0, dtype=np.int64),
        pair_need=np.zeros(0, dtype=np.int32),
        pair_slot=np.zeros(0, dtype=np.int32),
        pair_resource=np.zeros(0, dtype=np.int32),
        pair_amount=np.zeros(0, dtype=np.int64),
        pair_cost=np.zeros(0, dtype=np.int64),
        resource_area=np.array([grid.index[r.area] for r in problem.resources], dtype=np.int32),
        resource_unit=np.array([-1 if r.unit is None else unit_index[r.unit] for r in problem.resources], dtype=np.int32),
        capacity=capacity,
        weight=np.array([to_hundredths(n.weight) for n in problem.needs], dtype=np.int64),
        reach_roots=roots,
        by_skill_root={skill: dict(table) for skill, table in by_skill_root.items()},
        arcs=_arc_table(problem),
    )
    return _with_pairs(skeleton)


def _with_pairs(network: Network) -> Network:
    problem = network.problem
    first_slot = [0]
    slot_start = [0]
    columns: tuple[list[int], ...] = ([], [], [], [], [])
    need_col, slot_col, resource_col, amount_col, cost_col = columns
    for need, record in enumerate(problem.needs):
        for requirement in range(len(record.requires)):
            slot = len(slot_start) - 1
            for resource, amount, cost in network.reachable(need, requirement):
                if amount > network.capacity[resource] or not network.in_window(need, requirement, resource):
                    continue
                need_col.append(need)
                slot_col.append(slot)
                resource_col.append(resource)
                amount_col.append(amount)
                cost_col.append(cost)
            slot_start.append(len(resource_col))
        first_slot.append(len(slot_start) - 1)
    return replace(
        network,
        first_slot=np.array(first_slot, dtype=np.int64),
        slot_start=np.array(slot_start, dtype=np.int64),
        pair_need=np.array(need_col, dtype=np.int32),
        pair_slot=np.array(slot_col, dtype=np.int32),
        pair_resource=np.array(resource_col, dtype=np.int32),
        pair_amount=np.array(amount_col, dtype=np.int64),
        pair_cost=np.array(cost_col, dtype=np.int64),
    )

