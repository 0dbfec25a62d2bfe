"""SPEC's eligibility rules, vectorised: which resources may fill which requirement slots.

1. the requirement's skill is among the resource's skills;
2. the need's area lies in the subtree of one of the resource's reach roots
   (its area's ancestor at ``reach``, its ``extra_areas``, its unit's ``partner_areas``);
3. one availability window overlaps the need's window by at least the amount
   (hours), or at all (count).

A need with arcs takes exactly its arc resources having the skill (rules 2 and 3
do not apply), with the arc's amount and cost.

Resources are indexed by (skill, reach root); a slot looks up only the reach
roots on its need's path to the root (not every level of a deep tree), so the
work grows with the eligible pairs, never with needs × resources. Every rule is a numpy operation over all candidates at
once; the same code serves the whole day (``matching.network.pairs``) and one need
(``matching.outcome.reasons``, which also wants the candidates failing rule 3 or
capacity, to say why).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from matching.network.grid import Grid
from matching.scaling import cost_hundredths, to_hundredths
from models import Need, Problem

__all__ = ["Eligibility", "Candidates", "slot_rows", "resource_entries"]


@dataclass(frozen=True)
class Candidates:
    """Pairs passing rules 1–2 (or arcs), sorted by (slot, resource), with two more verdicts.

    ``roomy``: the resource's capacity covers the pair's amount; ``timely``: rule 3
    holds (always true for arcs). Amounts and costs are in hundredths.
    """

    slot: np.ndarray
    resource: np.ndarray
    amount: np.ndarray
    cost: np.ndarray
    roomy: np.ndarray
    timely: np.ndarray

    def where(self, keep: np.ndarray) -> Candidates:
        return Candidates(self.slot[keep], self.resource[keep], self.amount[keep], self.cost[keep],
                          self.roomy[keep], self.timely[keep])


def _ragged(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated ranges ``starts[i] : starts[i] + counts[i]``."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.r_[0, np.cumsum(counts)[:-1]], counts)
    return np.arange(total, dtype=np.int64) + offsets


_RESOURCE_TABLES = ("index_key", "index_resource", "up_root", "parent_of", "window_count", "window_first",
                    "window_start", "window_end", "counted", "escalation", "distance", "per_unit", "resource_area",
                    "depth", "xy")


class Eligibility:
    """The tables eligibility needs, built once per day."""

    def __init__(self, problem: Problem, grid: Grid, capacity: np.ndarray, previous: Eligibility | None = None
                 ) -> None:
        """``previous``: the tables of an earlier version of the day on the same grid; its resource tables are
        taken as they are when the resources, units, levels and settings are the very same objects and the
        skills the same (a day that changed only in its needs or arcs)."""
        self.problem, self.grid, self.capacity = problem, grid, capacity
        self.areas = len(problem.areas)
        self.resources = len(problem.resources)
        self._slots(problem, grid)
        if previous is not None and self._same_resources(previous):
            for name in _RESOURCE_TABLES:
                setattr(self, name, getattr(previous, name))
        else:
            self._skill_root_index(problem, grid)
            self._windows(problem)
            self._cost_tables(problem, grid)
        self._arcs(problem)

    def _same_resources(self, previous: Eligibility) -> bool:
        before, now = previous.problem, self.problem
        return (previous.grid is self.grid and before.resources is now.resources and before.units is now.units
                and before.levels == now.levels and before.settings == now.settings
                and previous.skill_id == self.skill_id)

    # Tables --------------------------------------------------------------------------------

    def _slots(self, problem: Problem, grid: Grid) -> None:
        skills = sorted({s for r in problem.resources for s in r.skills}
                        | {q.skill for n in problem.needs for q in n.requires})
        self.skill_id = {skill: position for position, skill in enumerate(skills)}
        (self.slot_need, self.slot_skill, self.slot_amount, self.need_area, self.need_start,
         self.need_end) = slot_rows(problem.needs, grid, self.skill_id)

    def _skill_root_index(self, problem: Problem, grid: Grid) -> None:
        keys, owners = resource_entries(problem, grid, self.skill_id, np.arange(len(problem.resources)))
        order = np.lexsort((owners, keys))
        self.index_key, self.index_resource = keys[order], owners[order]
        # the nearest ancestor (or itself) of every area that is some resource's reach root; -1 past the top
        is_root = np.zeros(self.areas + 1, dtype=bool)
        is_root[np.unique(self.index_key % self.areas) if len(self.index_key) else []] = True
        parent = np.r_[np.asarray(grid.parent, dtype=np.int64), -1]
        up_root = np.full(self.areas + 1, -1, dtype=np.int64)
        for area in grid.order:
            up_root[area] = area if is_root[area] else up_root[parent[area]]
        self.up_root, self.parent_of = up_root, parent

    def _windows(self, problem: Problem) -> None:
        windows = [r.windows() for r in problem.resources]
        self.window_count = np.array([len(w) for w in windows], dtype=np.int64)
        self.window_first = np.r_[0, np.cumsum(self.window_count)[:-1]].astype(np.int64)
        flat = np.array([span for w in windows for span in w], dtype=np.int64).reshape(-1, 2)
        self.window_start, self.window_end = flat[:, 0], flat[:, 1]
        self.counted = np.array([r.measure == "count" for r in problem.resources], dtype=bool)

    def _cost_tables(self, problem: Problem, grid: Grid) -> None:
        settings = problem.settings
        self.escalation = to_hundredths(settings.escalation_cost)
        self.distance = to_hundredths(settings.distance_cost)
        self.per_unit = np.array([to_hundredths(r.cost_per_unit) for r in problem.resources], dtype=np.int64)
        self.resource_area = np.array([grid.index[r.area] for r in problem.resources], dtype=np.int64)
        self.depth = grid.depth_array
        xy = np.array([(np.nan, np.nan) if p is None else p for p in grid.xy], dtype=np.float64).reshape(-1, 2)
        self.xy = xy

    def _arcs(self, problem: Problem) -> None:
        self.arcs: dict[int, list[tuple[int, int | None, int | None]]] = {}
        for arc in problem.arcs:
            entry = (problem.resource_index[arc.resource],
                     None if arc.amount is None else to_hundredths(arc.amount),
                     None if arc.cost is None else to_hundredths(arc.cost))
            self.arcs.setdefault(problem.need_index[arc.need], []).append(entry)

    # Rules ---------------------------------------------------------------------------------

    def candidates(self, slots: np.ndarray) -> Candidates:
        """Every pair of the given slots passing rules 1–2 (or the need's arcs)."""
        slots = np.asarray(slots, dtype=np.int64)
        with_arcs = np.array([int(self.slot_need[s]) in self.arcs for s in slots], dtype=bool)
        reach_slot, reach_resource = self._by_reach(slots[~with_arcs])
        arc_slot, arc_resource, arc_amount, arc_cost = self._by_arcs(slots[with_arcs])
        slot = np.r_[reach_slot, arc_slot]
        resource = np.r_[reach_resource, arc_resource]
        amount = np.r_[self.slot_amount[reach_slot], arc_amount]
        computed = self.costs(slot, resource, amount)
        cost = np.r_[computed[: len(reach_slot)], np.where(arc_cost >= 0, arc_cost, computed[len(reach_slot):])]
        timely = np.r_[self._timely(reach_slot, reach_resource), np.ones(len(arc_slot), dtype=bool)]
        order = np.lexsort((resource, slot))
        found = Candidates(slot, resource, amount, cost, amount <= self.capacity[resource], timely)
        return found.where(order)

    def _by_reach(self, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(slot, resource) pairs passing rules 1 and 2, each pair once.

        Each slot climbs only the reach roots above its need's area (``up_root``), not every level.
        """
        found_slots, found_resources = [], []
        current = self.up_root[self.need_area[self.slot_need[slots]]]
        alive = current >= 0
        slot_of, current = slots[alive], current[alive]
        while len(slot_of):
            keys = self.slot_skill[slot_of] * self.areas + current
            first = np.searchsorted(self.index_key, keys, side="left")
            counts = np.searchsorted(self.index_key, keys, side="right") - first
            found_slots.append(np.repeat(slot_of, counts))
            found_resources.append(self.index_resource[_ragged(first, counts)])
            current = self.up_root[self.parent_of[current]]
            alive = current >= 0
            slot_of, current = slot_of[alive], current[alive]
        slot = np.concatenate(found_slots) if found_slots else np.zeros(0, dtype=np.int64)
        resource = np.concatenate(found_resources) if found_resources else np.zeros(0, dtype=np.int64)
        codes = np.sort(slot * self.resources + resource)
        unique = codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes
        return unique // self.resources, unique % self.resources

    def _by_arcs(self, slots: np.ndarray) -> tuple[np.ndarray, ...]:
        rows = []
        for s in slots.tolist():
            need = int(self.slot_need[s])
            wanted = int(self.slot_skill[s])
            for resource, amount, cost in self.arcs[need]:
                if wanted in self._skills_of(resource):
                    rows.append((s, resource, int(self.slot_amount[s]) if amount is None else amount,
                                 -1 if cost is None else cost))
        table = np.array(rows, dtype=np.int64).reshape(-1, 4)
        return table[:, 0], table[:, 1], table[:, 2], table[:, 3]

    def _skills_of(self, resource: int) -> set[int]:
        return {self.skill_id[s] for s in self.problem.resources[resource].skills}

    def reached(self, resources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(slot, resource) pairs passing rules 1 and 2 for the resources ``resources``, over the slots of
        needs without arcs, each pair once, sorted: ``_by_reach`` the other way round, each reach root
        looking up the slots of its skill whose need lies in its subtree."""
        if not len(resources):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        entry = np.isin(self.index_resource, resources)
        keys, owners = self.index_key[entry], self.index_resource[entry]
        skill, root = keys // self.areas, keys % self.areas
        order, codes = self.slots_by_place
        tin, tout = self.tree_spans
        span = self.areas + 1
        first = np.searchsorted(codes, skill * span + tin[root], side="left")
        counts = np.searchsorted(codes, skill * span + tout[root], side="left") - first
        slot, resource = order[_ragged(first, counts)], np.repeat(owners, counts)
        with_arcs = np.zeros(len(self.need_area), dtype=bool)
        with_arcs[list(self.arcs)] = True
        keep = ~with_arcs[self.slot_need[slot]]
        codes = np.unique(slot[keep] * self.resources + resource[keep])
        return codes // self.resources, codes % self.resources

    def pairs_of(self, slot: np.ndarray, resource: np.ndarray) -> Candidates:
        """The pairs (slot, resource) of slots without arcs, with their verdicts (as ``candidates``)."""
        amount = self.slot_amount[slot]
        return Candidates(slot, resource, amount, self.costs(slot, resource, amount),
                          amount <= self.capacity[resource], self._timely(slot, resource))

    @cached_property
    def slots_by_place(self) -> tuple[np.ndarray, np.ndarray]:
        """The slots ordered by skill, then their need's position in the tree (``tin``), and those keys."""
        tin, _ = self.tree_spans
        codes = self.slot_skill * (self.areas + 1) + tin[self.need_area[self.slot_need]]
        order = np.argsort(codes, kind="stable")
        return order, codes[order]

    @cached_property
    def tree_spans(self) -> tuple[np.ndarray, np.ndarray]:
        """Every area's preorder interval ``[tin, tout)``: its subtree's areas have their ``tin`` inside it."""
        return np.asarray(self.grid.tin, dtype=np.int64), np.asarray(self.grid.tout, dtype=np.int64)

    @cached_property
    def areas_by_tin(self) -> np.ndarray:
        """The areas in preorder: a subtree's areas are ``areas_by_tin[tin[root]:tout[root]]``."""
        return np.argsort(self.tree_spans[0])

    def _timely(self, slot: np.ndarray, resource: np.ndarray) -> np.ndarray:
        """Rule 3 for each pair: some window overlaps the need's by the amount (or at all, for counts)."""
        counts = self.window_count[resource]
        pair = np.repeat(np.arange(len(slot)), counts)
        window = _ragged(self.window_first[resource], counts)
        need = self.slot_need[slot[pair]]
        overlap = (np.minimum(self.need_end[need], self.window_end[window])
                   - np.maximum(self.need_start[need], self.window_start[window]))
        enough = np.where(self.counted[resource[pair]], overlap > 0,
                          overlap * 100 >= self.slot_amount[slot[pair]] * 60)  # minutes vs hundredths of an hour
        return np.bincount(pair, weights=enough, minlength=len(slot)) > 0

    def costs(self, slot: np.ndarray, resource: np.ndarray, amount: np.ndarray) -> np.ndarray:
        """SPEC's assignment cost, rounded to 0.01 halves up, in hundredths."""
        need_area = self.need_area[self.slot_need[slot]]
        home = self.resource_area[resource]
        levels_up = self.depth[need_area] - self.depth[self.grid.lcas(need_area, home)]
        km = np.hypot(*(self.xy[need_area] - self.xy[home]).T)
        km = np.where(np.isnan(km), 0.0, km)
        exact = self.escalation * levels_up * 100 + self.per_unit[resource] * amount  # ten-thousandths
        return cost_hundredths(exact, self.distance * km * 100)


def slot_rows(needs: Sequence[Need], grid: Grid, skill_id: Mapping[str, int]) -> tuple[np.ndarray, ...]:
    """The slot tables of ``needs`` (numbered from 0): each slot's need, skill and amount, each need's area,
    start and end."""
    specs = [(n, q) for n, need in enumerate(needs) for q in need.requires]
    slot_need = np.array([n for n, _ in specs], dtype=np.int64)
    slot_skill = np.array([skill_id[q.skill] for _, q in specs], dtype=np.int64)
    slot_amount = np.array([to_hundredths(q.amount) for _, q in specs], dtype=np.int64)
    need_area = np.array([grid.index[n.area] for n in needs], dtype=np.int64)
    spans = np.array([n.span() for n in needs], dtype=np.int64).reshape(-1, 2)
    return slot_need, slot_skill, slot_amount, need_area, spans[:, 0], spans[:, 1]


def resource_entries(problem: Problem, grid: Grid, skill_id: Mapping[str, int], resources: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """(skill × areas + reach root, resource) for every skill and reach root of the resources ``resources``."""
    level_of = {name: position for position, name in enumerate(problem.levels)}
    records = [problem.resources[r] for r in resources.tolist()]
    homes = np.array([grid.index[r.area] for r in records], dtype=np.int64)
    reach = np.array([-1 if r.reach is None else level_of[r.reach] for r in records], dtype=np.int64)
    own = homes.copy()
    for level in np.unique(reach[reach >= 0]).tolist():
        chosen = np.flatnonzero(reach == level)
        own[chosen] = grid.reach_roots(homes[chosen], level)
    areas = len(problem.areas)
    keys, owners = [], []
    for position, (r, resource) in enumerate(zip(resources.tolist(), records)):
        roots = {int(own[position])}
        roots.update(grid.index[a] for a in resource.extra_areas)
        if resource.unit is not None:
            roots.update(grid.index[a] for a in problem.unit_by_id[resource.unit].partner_areas)
        for skill in set(resource.skills):
            for root in roots:
                keys.append(skill_id[skill] * areas + root)
                owners.append(r)
    return np.array(keys, dtype=np.int64), np.array(owners, dtype=np.int64)
