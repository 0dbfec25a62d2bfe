"""A day's network after events, patched from the network before them instead of built again.

Events change a few needs and resources of a day of many thousands: a need comes or goes or is pinned to
its resources, a resource comes forward or changes. The pairs of every other need and resource stay as they
were; ``patch_network`` finds only the pairs of the needs and resources that changed
(``Eligibility.candidates`` for the needs' slots, ``Eligibility.reached`` for the resources over the other
slots) and merges them into the kept pairs, so its work follows what changed (apart from numpy copies of the
day's arrays). It gives the network ``build_network`` would build, and where each of its needs and pairs
was in the network before.

A change it does not follow (the day's units, levels, settings or areas, a skill new to the day, a need
whose requirements, area or window changed) gives None: build the network again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from matching.network.eligibility import Candidates, Eligibility, _ragged, resource_entries, slot_rows
from matching.network.pairs import Network
from matching.scaling import to_hundredths
from models import Problem

__all__ = ["Origin", "Patch", "patch_network", "origin_by_ids"]


@dataclass(frozen=True)
class Origin:
    """Where a network's needs and pairs were in an earlier network of the same day (-1: not there), and which
    of its resources are new or changed since. A pair is the same pair when its need, requirement and
    resource are (its amount or cost may have changed with its need's arcs or its resource's record)."""

    need_from: np.ndarray
    pair_from: np.ndarray
    resource_changed: np.ndarray

    def then(self, later: Origin) -> Origin:
        """The origin of ``later``'s network in this one's earlier network."""
        grown = np.zeros(len(later.resource_changed), dtype=bool)
        grown[: len(self.resource_changed)] = self.resource_changed
        return Origin(_through(self.need_from, later.need_from), _through(self.pair_from, later.pair_from),
                      grown | later.resource_changed)

    def pairs_to(self, pairs: np.ndarray) -> np.ndarray:
        """The pairs ``pairs`` of the earlier network in this one (-1 where gone)."""
        at = np.flatnonzero(self.pair_from >= 0)
        earlier = self.pair_from[at]  # increasing: pairs keep their order
        where = np.minimum(np.searchsorted(earlier, pairs), max(len(at) - 1, 0))
        hit = (earlier[where] == pairs) if len(at) else np.zeros(len(pairs), dtype=bool)
        return np.where(hit, at[where] if len(at) else -1, -1)


def _through(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    return np.where(second >= 0, first[np.maximum(second, 0)] if len(first) else -1, -1)


@dataclass(frozen=True)
class Patch:
    """The patched network and its origin in the network before."""

    network: Network
    origin: Origin


def patch_network(network: Network, problem: Problem, *, removed: Collection[str] = (),
                  needs: Collection[str] = (), resources: Collection[str] = ()) -> Patch | None:
    """The network of ``problem``, a later version of ``network``'s day.

    ``problem``'s needs are those of ``network``'s day without ``removed`` (in the same order), then new
    ones; ``needs`` names the needs whose record or arcs changed (new ones need not be named). Its
    resources are those of ``network``'s day, those of ``resources`` changed, then new ones.
    """
    before = network.problem
    if not _same_frame(before, problem):
        return None
    gone = np.zeros(len(before.needs), dtype=bool)
    gone[[before.need_index[need] for need in removed if need in before.need_index]] = True
    kept = len(before.needs) - int(gone.sum())
    if len(problem.needs) < kept or len(problem.resources) < len(before.resources):
        return None
    need_from = np.r_[np.flatnonzero(~gone), np.full(len(problem.needs) - kept, -1)].astype(np.int64)
    changed_need = need_from < 0
    changed_need[[problem.need_index[need] for need in needs if need in problem.need_index]] = True
    changed_resource = np.zeros(len(problem.resources), dtype=bool)
    changed_resource[len(before.resources):] = True
    changed_resource[[problem.resource_index[r] for r in resources if r in problem.resource_index]] = True
    capacity = _patched(network.capacity, changed_resource,
                        lambda r: to_hundredths(problem.resources[r].capacity))
    eligibility = _patched_eligibility(network.eligibility, problem, capacity, gone, need_from, changed_need,
                                       changed_resource)
    if eligibility is None:
        return None
    for need, arcs in eligibility.arcs.items():  # an arc's pair changes with its resource
        if any(changed_resource[resource] for resource, _, _ in arcs):
            changed_need[need] = True
    pairs, pair_from = _patched_pairs(network, eligibility, gone, need_from, changed_need, changed_resource)
    return Patch(_network(network, problem, eligibility, capacity, pairs, need_from, changed_need,
                          changed_resource), Origin(need_from, pair_from, changed_resource))


def origin_by_ids(before: Network, after: Network) -> Origin:
    """The origin of ``after``'s needs and pairs in ``before``, matched by ids (any two networks of a day); a
    resource counts as changed when its id or capacity did (the plan's rows show nothing else of it)."""
    need_from = np.array([before.problem.need_index.get(need.id, -1) for need in after.problem.needs],
                         dtype=np.int64)
    count = len(after.problem.resources)
    pair_from = np.full(after.pairs, -1, dtype=np.int64)
    old_need = before.pair_need.astype(np.int64)
    to_new = np.full(len(before.problem.needs), -1, dtype=np.int64)
    to_new[need_from[need_from >= 0]] = np.flatnonzero(need_from >= 0)
    new_need = to_new[old_need]
    alive = np.flatnonzero(new_need >= 0)
    if len(alive) and after.pairs:
        requirement = before.pair_slot[alive] - before.first_slot[old_need[alive]]
        codes = (after.first_slot[new_need[alive]] + requirement) * count + before.pair_resource[alive]
        after_codes = after.pair_slot.astype(np.int64) * count + after.pair_resource
        where = np.minimum(np.searchsorted(after_codes, codes), after.pairs - 1)
        hit = after_codes[where] == codes
        pair_from[where[hit]] = alive[hit]
    changed = np.ones(count, dtype=bool)
    shared = min(count, len(before.problem.resources))
    changed[:shared] = [a is not b and (a.id, a.capacity) != (b.id, b.capacity)
                        for a, b in zip(before.problem.resources[:shared], after.problem.resources[:shared])]
    return Origin(need_from, pair_from, changed)


def _same_frame(before: Problem, after: Problem) -> bool:
    """Whether what every pair depends on besides its need and resource is the same."""
    return (before.units is after.units and before.areas is after.areas and before.levels == after.levels
            and before.settings == after.settings)


def _patched(values: np.ndarray, changed: np.ndarray, value_of, dtype=None) -> np.ndarray:
    """``values`` grown to ``len(changed)``, with ``value_of(i)`` wherever ``changed[i]``."""
    result = np.zeros(len(changed), dtype=dtype or values.dtype)
    result[: len(values)] = values
    for i in np.flatnonzero(changed).tolist():
        result[i] = value_of(i)
    return result


def _patched_eligibility(old: Eligibility, problem: Problem, capacity: np.ndarray, gone: np.ndarray,
                         need_from: np.ndarray, changed_need: np.ndarray, changed_resource: np.ndarray
                         ) -> Eligibility | None:
    kept = len(gone) - int(gone.sum())
    new_needs = problem.needs[kept:]
    changed_resources = np.flatnonzero(changed_resource)
    skills = {q.skill for need in new_needs for q in need.requires}
    skills |= {s for r in changed_resources.tolist() for s in problem.resources[r].skills}
    if not skills <= old.skill_id.keys():
        return None
    for n in np.flatnonzero(changed_need[:kept]).tolist():  # a changed need keeps its slots
        was, now = old.problem.needs[int(need_from[n])], problem.needs[n]
        if (was.requires, was.area, was.span()) != (now.requires, now.area, now.span()):
            return None
    new = Eligibility.__new__(Eligibility)
    new.problem, new.grid, new.capacity = problem, old.grid, capacity
    new.areas, new.resources, new.skill_id = old.areas, len(problem.resources), old.skill_id
    for name in ("escalation", "distance", "depth", "xy", "parent_of", "tree_spans", "areas_by_tin"):
        if name in old.__dict__:
            new.__dict__[name] = old.__dict__[name]
    renumber = np.cumsum(~gone) - 1
    keep_slot = ~gone[old.slot_need]
    rows = slot_rows(new_needs, old.grid, old.skill_id)
    new.slot_need = np.r_[renumber[old.slot_need[keep_slot]], rows[0] + kept].astype(np.int64)
    new.slot_skill = np.r_[old.slot_skill[keep_slot], rows[1]].astype(np.int64)
    new.slot_amount = np.r_[old.slot_amount[keep_slot], rows[2]].astype(np.int64)
    new.need_area = np.r_[old.need_area[~gone], rows[3]].astype(np.int64)
    new.need_start = np.r_[old.need_start[~gone], rows[4]].astype(np.int64)
    new.need_end = np.r_[old.need_end[~gone], rows[5]].astype(np.int64)
    _patch_resource_tables(new, old, problem, changed_resources)
    new.arcs = {int(renumber[n]): arcs for n, arcs in old.arcs.items() if not gone[n]} if gone.any() \
        else dict(old.arcs)
    redone = set(np.flatnonzero(changed_need).tolist())
    for n in redone:
        new.arcs.pop(n, None)
    ids = {problem.needs[n].id for n in redone}
    for arc in problem.arcs if ids else ():
        if arc.need in ids:
            new.arcs.setdefault(problem.need_index[arc.need], []).append(
                (problem.resource_index[arc.resource], None if arc.amount is None else to_hundredths(arc.amount),
                 None if arc.cost is None else to_hundredths(arc.cost)))
    return new


def _patch_resource_tables(new: Eligibility, old: Eligibility, problem: Problem, changed: np.ndarray) -> None:
    """The resource tables of ``old`` with the resources ``changed`` (changed or new) made again."""
    grid, count = old.grid, len(problem.resources)
    if not len(changed):
        for name in ("index_key", "index_resource", "up_root", "window_count", "window_first", "window_start",
                     "window_end", "counted", "per_unit", "resource_area"):
            setattr(new, name, getattr(old, name))
        return
    # the (skill, reach root) index: the changed resources' entries out, their new entries in, in order
    stays = ~np.isin(old.index_resource, changed)
    index_key, index_resource = old.index_key[stays], old.index_resource[stays]
    keys, owners = resource_entries(problem, grid, old.skill_id, changed)
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    at = np.searchsorted(index_key * count + index_resource, keys * count + owners)
    new.index_key, new.index_resource = np.insert(index_key, at, keys), np.insert(index_resource, at, owners)
    # a root new to the index becomes the nearest root of the areas below it that had none nearer
    up_root = old.up_root
    for root in np.unique(keys % old.areas).tolist():
        if up_root[root] != root:
            up_root = up_root.copy() if up_root is old.up_root else up_root
            tin, tout = new.tree_spans
            below = new.areas_by_tin[tin[root]:tout[root]]
            nearest = up_root[below]
            farther = (nearest < 0) | (old.depth[np.maximum(nearest, 0)] < old.depth[root])
            up_root[below[farther]] = root
    new.up_root = up_root
    # windows: a changed resource's windows go at the end of the flat tables, where its first now points
    windows = [problem.resources[r].windows() for r in changed.tolist()]
    flat = np.array([span for w in windows for span in w], dtype=np.int64).reshape(-1, 2)
    mask = np.zeros(count, dtype=bool)
    mask[changed] = True
    new.window_count = _patched(old.window_count, mask, lambda r: len(problem.resources[r].windows()))
    starts = len(old.window_start) + np.r_[0, np.cumsum([len(w) for w in windows])[:-1]].astype(np.int64)
    new.window_first = _patched(old.window_first, mask, lambda r: 0)
    new.window_first[changed] = starts
    new.window_start, new.window_end = np.r_[old.window_start, flat[:, 0]], np.r_[old.window_end, flat[:, 1]]
    new.counted = _patched(old.counted, mask, lambda r: problem.resources[r].measure == "count")
    new.per_unit = _patched(old.per_unit, mask, lambda r: to_hundredths(problem.resources[r].cost_per_unit))
    new.resource_area = _patched(old.resource_area, mask, lambda r: grid.index[problem.resources[r].area])


def _patched_pairs(network: Network, eligibility: Eligibility, gone: np.ndarray, need_from: np.ndarray,
                   changed_need: np.ndarray, changed_resource: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The new network's usable pairs, sorted by (slot, resource), and where each was before (-1: new).

    The pairs that go are those of the gone and changed needs (a run each) and of the changed resources;
    the kept ones keep their order, so the fresh ones are put in by binary search, with a few passes over
    the day's pairs in all."""
    count = len(changed_resource)
    gone_pairs = _runs(network, np.flatnonzero(gone))
    drop = gone_pairs | _runs(network, need_from[changed_need & (need_from >= 0)])
    if changed_resource[: len(network.problem.resources)].any():
        drop |= changed_resource[: len(network.problem.resources)][network.pair_resource]
    kept = np.flatnonzero(~drop)
    kept_slot = network.pair_slot[kept]
    if gone.any():  # the slots after a gone need's move down
        kept_slot = (np.cumsum(~gone[network.eligibility.slot_need]) - 1).astype(np.int32)[kept_slot]
    found = eligibility.candidates(np.flatnonzero(changed_need[eligibility.slot_need]))
    slot, resource = eligibility.reached(np.flatnonzero(changed_resource))
    others = ~changed_need[eligibility.slot_need[slot]]
    fresh = _joined(found, eligibility.pairs_of(slot[others], resource[others]))
    fresh = fresh.where(fresh.roomy & fresh.timely)
    fresh_codes = fresh.slot * count + fresh.resource
    order = np.argsort(fresh_codes, kind="stable")
    fresh, fresh_codes = fresh.where(order), fresh_codes[order]
    kept_resource = network.pair_resource[kept]
    at = _insertion_points(kept_slot, kept_resource, fresh.slot, fresh.resource)
    pairs = (np.insert(kept_slot, at, fresh.slot), np.insert(kept_resource, at, fresh.resource),
             np.insert(network.pair_amount[kept], at, fresh.amount), np.insert(network.pair_cost[kept], at, fresh.cost))
    pair_from = np.insert(kept.astype(np.int64), at, -1)
    # a changed need's or resource's pair that is there again is the same pair
    again = np.flatnonzero(drop & ~gone_pairs)
    if len(again) and len(fresh_codes):
        again_slot = network.pair_slot[again].astype(np.int64)
        if gone.any():
            again_slot = np.cumsum(~gone[network.eligibility.slot_need])[again_slot] - 1
        codes = again_slot * count + network.pair_resource[again]
        where = np.minimum(np.searchsorted(fresh_codes, codes), len(fresh_codes) - 1)
        hit = fresh_codes[where] == codes
        pair_from[at[where[hit]] + where[hit]] = again[hit]
    return pairs, pair_from


def _runs(network: Network, needs: np.ndarray) -> np.ndarray:
    """Which pairs belong to the needs ``needs`` (a need's pairs are one run)."""
    inside = np.zeros(network.pairs, dtype=bool)
    for need in needs.tolist():
        inside[network.slot_start[network.first_slot[need]]:network.slot_start[network.first_slot[need + 1]]] = True
    return inside


def _insertion_points(slot: np.ndarray, resource: np.ndarray, new_slot: np.ndarray, new_resource: np.ndarray
                      ) -> np.ndarray:
    """Where each new (slot, resource) goes among the sorted kept pairs ``slot``, ``resource``: past the kept
    pairs of earlier slots, then past those of its slot with a lower resource."""
    low = np.searchsorted(slot, new_slot, side="left")
    high = np.searchsorted(slot, new_slot, side="right")
    inside = _ragged(low, high - low)
    owner = np.repeat(np.arange(len(new_slot)), high - low)
    before = np.bincount(owner[resource[inside] < new_resource[owner]], minlength=len(new_slot))
    return low + before


def _joined(first: Candidates, second: Candidates) -> Candidates:
    return Candidates(*(np.r_[getattr(first, name), getattr(second, name)].astype(getattr(first, name).dtype)
                        for name in ("slot", "resource", "amount", "cost", "roomy", "timely")))


def _network(old: Network, problem: Problem, eligibility: Eligibility, capacity: np.ndarray,
             pairs: tuple[np.ndarray, ...],
             need_from: np.ndarray, changed_need: np.ndarray, changed_resource: np.ndarray) -> Network:
    slots, (pair_slot, pair_resource, pair_amount, pair_cost) = len(eligibility.slot_need), pairs
    first_slot = np.r_[0, np.cumsum(np.bincount(eligibility.slot_need, minlength=len(problem.needs)))]
    unit_index = {unit.id: position for position, unit in enumerate(problem.units)} \
        if changed_resource.any() else {}
    network = Network(
        problem=problem,
        grid=old.grid,
        eligibility=eligibility,
        first_slot=first_slot.astype(np.int64),
        slot_start=np.r_[0, np.cumsum(np.bincount(pair_slot, minlength=slots))].astype(np.int64),
        pair_need=eligibility.slot_need.astype(np.int32)[pair_slot],
        pair_slot=pair_slot.astype(np.int32, copy=False),
        pair_resource=pair_resource.astype(np.int32, copy=False),
        pair_amount=pair_amount,
        pair_cost=pair_cost,
        resource_area=eligibility.resource_area.astype(np.int32),
        resource_unit=_patched(old.resource_unit, changed_resource, lambda r: -1 if problem.resources[r].unit is None
                               else unit_index[problem.resources[r].unit]),
        capacity=capacity,
        weight=_patched(old.weight[need_from[need_from >= 0]], changed_need,
                        lambda n: to_hundredths(problem.needs[n].weight)),
    )
    # what the old network computed when asked, carried over where nothing it depends on changed
    known = old.__dict__
    if "tree_arrays" in known:
        network.__dict__["tree_arrays"] = known["tree_arrays"]
    if "slot_count" in known:
        survives = np.zeros(len(old.problem.needs), dtype=bool)
        survives[need_from[need_from >= 0]] = True
        new = [spec.count for need in problem.needs[int(survives.sum()):] for spec in need.requires]
        network.__dict__["slot_count"] = np.r_[known["slot_count"][survives[old.eligibility.slot_need]],
                                               new].astype(np.int64)
    if "max_tasks" in known:
        network.__dict__["max_tasks"] = _patched(known["max_tasks"], changed_resource, lambda r: -1 if
                                                 problem.resources[r].max_tasks is None else
                                                 problem.resources[r].max_tasks)
    if "skill_holders" in known and not changed_resource.any():
        network.__dict__["skill_holders"] = known["skill_holders"]
    return network
