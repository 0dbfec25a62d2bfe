"""The day's network as events change it, and the current assignments as its pairs, kept up to date.

Each event names what it changed (a need gone, a need's record or arcs, a resource's record); the next look
at the network patches it (``matching.network.patch``) instead of building it again, and carries the
current assignments' pairs over to it, so a replan's work follows what the events touched. A change a patch
does not follow (time passing, a unit's change) builds the network again and matches the pairs by ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from matching.network.pairs import Network, build_network
from matching.network.patch import Origin, origin_by_ids, patch_network
from models import Problem

__all__ = ["Tracked", "carry_lookups", "pairs_of_keys"]

Key = tuple[str, int, str]


class Tracked:
    """A day's network, the pairs of its current assignments, and where it came from since the last plan."""

    def __init__(self) -> None:
        self.network: Network | None = None
        self.chosen = np.zeros(0, dtype=np.int64)  # the current assignments' pairs, sorted (lost needs' left out)
        self.lost: set[str] = set()  # needs some of whose assignments the day no longer allows
        self.origin: Origin | None = None  # the network's origin in the last plan's network (None: unknown)
        self._stale = True
        self._removed: list[str] = []
        self._needs: set[str] = set()
        self._resources: set[str] = set()
        self._rebuild = False

    # What events changed -------------------------------------------------------------------------

    def removed(self, need: str) -> None:
        self._stale = True
        self._needs.discard(need)
        self._removed.append(need)

    def changed_needs(self, needs: Iterable[str]) -> None:
        self._stale = True
        self._needs.update(needs)

    def changed_resources(self, resources: Iterable[str]) -> None:
        self._stale = True
        self._resources.update(resources)

    def changed_all(self) -> None:
        """A change no patch follows: the next look builds the network again."""
        self._stale, self._rebuild = True, True

    def holders(self, resource: str) -> set[str]:
        """The needs whose current assignments use ``resource`` (as the network was at the last look)."""
        network = self.network
        if network is None or resource not in network.problem.resource_index:
            return set()
        chosen = self.chosen
        mine = chosen[network.pair_resource[chosen] == network.problem.resource_index[resource]]
        return {network.problem.needs[n].id for n in np.unique(network.pair_need[mine]).tolist()}

    # Looking -------------------------------------------------------------------------------------

    def current(self, problem: Problem, assigned: Mapping[str, Iterable[Key]]) -> Network:
        """The network of ``problem`` (the day now); ``assigned``: the current assignments by need, matched by
        ids the first time and when the network is built again."""
        if self.network is None:
            self.network = build_network(problem)
            self.chosen, lost = pairs_of_keys(self.network, assigned)
            self.lost |= lost
        elif self._stale or self.network.problem is not problem:
            self._rebuild = self._rebuild or not self._stale  # a day changed with nothing said: build it again
            self._follow(problem)
        self._stale, self._removed, self._needs, self._resources, self._rebuild = False, [], set(), set(), False
        return self.network

    def _follow(self, problem: Problem) -> None:
        before = self.network
        patch = None if self._rebuild else patch_network(before, problem, removed=self._removed,
                                                         needs=self._needs, resources=self._resources)
        if patch is None:
            network = build_network(problem, grid=before.grid, previous=before)
            origin = origin_by_ids(before, network)
        else:
            network, origin = patch.network, patch.origin
        moved = origin.pairs_to(self.chosen)
        gone = self.chosen[moved < 0]
        survivors = np.zeros(len(before.problem.needs), dtype=bool)
        survivors[origin.need_from[origin.need_from >= 0]] = True
        needs = np.unique(before.pair_need[gone])
        self.lost |= {before.problem.needs[n].id for n in needs[survivors[needs]].tolist()}
        self.chosen = moved[moved >= 0]
        self.origin = None if self.origin is None else self.origin.then(origin)
        self.network = network

    def chosen_pairs(self) -> tuple[np.ndarray, set[str]]:
        """The current assignments as pairs of the network, and the needs some of whose assignments are gone
        (their other pairs left out)."""
        network = self.network
        lost = {need for need in self.lost if need in network.problem.need_index}
        if not lost:
            return self.chosen, lost
        out = np.zeros(len(network.problem.needs), dtype=bool)
        out[[network.problem.need_index[need] for need in lost]] = True
        return self.chosen[~out[network.pair_need[self.chosen]]], lost

    def settled(self, chosen: np.ndarray | None) -> None:
        """A plan of the network was made (its rows are where the next plan starts); ``chosen``: its pairs,
        the current assignments from now on (None: the plan has none, the assignments stay)."""
        network = self.network
        if chosen is not None:
            self.chosen, self.lost = np.sort(chosen), set()
        self.origin = Origin(np.arange(len(network.problem.needs)), np.arange(network.pairs),
                             np.zeros(len(network.problem.resources), dtype=bool))


def pairs_of_keys(network: Network, assigned: Mapping[str, Iterable[Key]]) -> tuple[np.ndarray, set[str]]:
    """Assignments (by need) as pairs of ``network``, and the needs some of whose assignments it lacks."""
    problem = network.problem
    keys = [key for need, held in assigned.items() if need in problem.need_index for key in held
            if key[2] in problem.resource_index]
    if not keys:
        return np.zeros(0, dtype=np.int64), set()
    needs = np.array([problem.need_index[need] for need, _, _ in keys], dtype=np.int64)
    slots = network.first_slot[needs] + np.array([k for _, k, _ in keys], dtype=np.int64)
    resources = np.array([problem.resource_index[r] for _, _, r in keys], dtype=np.int64)
    wanted = slots * len(problem.resources) + resources
    codes = network.pair_slot.astype(np.int64) * len(problem.resources) + network.pair_resource
    at = np.minimum(np.searchsorted(codes, wanted), max(network.pairs - 1, 0))
    hit = (codes[at] == wanted) if network.pairs > 0 else np.zeros(len(keys), dtype=bool)
    lost = set(needs[~hit].tolist())
    chosen = np.sort(at[hit & ~np.isin(needs, list(lost))])
    return chosen, {problem.needs[n].id for n in lost}


def carry_lookups(before: Problem, after: Problem) -> None:
    """Give the day after an event the lookups of the day before it (ids to records and positions) that the
    event cannot have changed, instead of a new dictionary of every need and resource at its first use.

    Events (``models.events``) never change an id nor move a record: a need or resource is replaced where
    it is, new ones come last, and only a cancellation takes a need out (its lookup is then made anew)."""
    known, carried = before.__dict__, after.__dict__
    if "area_by_id" in known and after.areas is before.areas:
        carried.setdefault("area_by_id", known["area_by_id"])
    if "unit_by_id" in known and after.units is before.units:
        carried.setdefault("unit_by_id", known["unit_by_id"])
    for name, old, new in (("resource_index", before.resources, after.resources),
                           ("need_index", before.needs, after.needs)):
        if name not in known or name in carried or len(new) < len(old):
            continue
        if len(new) == len(old):
            carried[name] = known[name]
        else:
            grown = dict(known[name])
            grown.update((record.id, position) for position, record in enumerate(new[len(old):], start=len(old)))
            carried[name] = grown
