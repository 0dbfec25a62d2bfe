"""A greedy plan: needs by weight, each filled by its cheapest candidates that still fit.

Used as the warm start of the exact solve and as the baseline a planner would
write by hand. It respects every limit, so its plan is feasible whenever it
covers the required needs (they are taken first).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matching.network.pairs import Network
from matching.network.usage import outbound_pairs
from matching.scaling import to_hundredths

__all__ = ["greedy", "completed"]


@dataclass
class _Ledger:
    """What the greedy plan has taken so far from every limit, in hundredths."""

    network: Network
    pairs: np.ndarray
    left: np.ndarray = field(init=False)
    tasks_left: np.ndarray = field(init=False)
    unit_left: dict[int, int] = field(default_factory=dict)
    members_left: dict[int, int] = field(default_factory=dict)
    members: dict[int, set[int]] = field(default_factory=dict)
    outbound_left: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problem = self.network.problem
        self.left = self.network.capacity.copy()
        self.tasks_left = np.array([r.max_tasks if r.max_tasks is not None else 1 << 30 for r in problem.resources])
        for u, unit in enumerate(problem.units):
            if unit.daily_cap is not None:
                self.unit_left[u] = to_hundredths(unit.daily_cap)
            if unit.max_members is not None:
                self.members_left[u] = unit.max_members
        for a, area in enumerate(problem.areas):
            if area.max_outbound is not None:
                self.outbound_left[a] = to_hundredths(area.max_outbound)
        self.leaving: dict[int, list[int]] = {}
        areas, positions = outbound_pairs(self.network, self.pairs)
        for area, p in zip(areas.tolist(), self.pairs[positions].tolist()):
            self.leaving.setdefault(p, []).append(area)

    def _outbound(self, p: int) -> list[int]:
        return self.leaving.get(p, [])

    def fits(self, pairs: list[int]) -> bool:
        """Whether all ``pairs`` (one need's fill) fit together in what is left."""
        network = self.network
        unit_take: dict[int, int] = {}
        new_members: dict[int, set[int]] = {}
        area_take: dict[int, int] = {}
        for p in pairs:
            resource, amount = int(network.pair_resource[p]), int(network.pair_amount[p])
            if amount > self.left[resource] or self.tasks_left[resource] < 1:
                return False
            unit = int(network.resource_unit[resource])
            if unit >= 0:
                unit_take[unit] = unit_take.get(unit, 0) + amount
                if resource not in self.members.get(unit, set()):
                    new_members.setdefault(unit, set()).add(resource)
            for area in self._outbound(p):
                area_take[area] = area_take.get(area, 0) + amount
        return (all(take <= self.unit_left.get(u, take) for u, take in unit_take.items())
                and all(len(new) <= self.members_left.get(u, len(new)) for u, new in new_members.items())
                and all(take <= self.outbound_left[a] for a, take in area_take.items()))

    def take(self, pairs: list[int]) -> None:
        network = self.network
        for p in pairs:
            resource, amount = int(network.pair_resource[p]), int(network.pair_amount[p])
            self.left[resource] -= amount
            self.tasks_left[resource] -= 1
            unit = int(network.resource_unit[resource])
            if unit >= 0:
                if unit in self.unit_left:
                    self.unit_left[unit] -= amount
                if resource not in self.members.setdefault(unit, set()):
                    self.members[unit].add(resource)
                    if unit in self.members_left:
                        self.members_left[unit] -= 1
            for area in self._outbound(p):
                self.outbound_left[area] -= amount


def _fill(network: Network, need: int, ledger: _Ledger, preference: np.ndarray | None) -> list[int] | None:
    """The preferred (else cheapest) candidates of each requirement that fit, or None."""
    chosen: list[int] = []
    used: set[int] = set()
    for k, spec in enumerate(network.problem.needs[need].requires):
        pairs = sorted(network.slot_pairs(need, k),
                       key=lambda p: (0.0 if preference is None else -preference[p], int(network.pair_cost[p]), p))
        picked = 0
        for p in pairs:
            resource = int(network.pair_resource[p])
            if resource in used or not ledger.fits([*chosen, p]):
                continue
            chosen.append(p)
            used.add(resource)
            picked += 1
            if picked == spec.count:
                break
        if picked < spec.count:
            return None
    return chosen


def greedy(network: Network, needs: list[int] | None = None, *, need_score: np.ndarray | None = None,
           pair_score: np.ndarray | None = None) -> tuple[list[int], list[int]]:
    """A feasible plan built greedily: (chosen pairs, covered needs).

    Required needs go first, then the rest by ``need_score`` (default: weight),
    highest first, ties by weight and fewest candidate pairs. Each need takes, per
    requirement, its candidates with the highest ``pair_score`` (default: none),
    cheapest first, that still fit every limit, or nothing at all. The scores let
    an LP solution guide the plan.
    """
    ranked = _ranked(network, range(len(network.problem.needs)) if needs is None else needs,
                     network.weight if need_score is None else need_score)
    ledger = _Ledger(network, _pairs_of(network, ranked))
    chosen, covered = _filled(network, ranked, ledger, pair_score)
    return sorted(chosen), sorted(covered)


def _ranked(network: Network, needs, score: np.ndarray) -> list[int]:
    """Required needs first, then by ``score``, weight and fewest candidate pairs, highest first."""
    problem = network.problem
    return sorted(needs, key=lambda n: (not problem.needs[n].required, -float(score[n]), -int(network.weight[n]),
                                        len(network.need_pairs(n)), n))


def _pairs_of(network: Network, needs: list[int]) -> np.ndarray:
    spans = [network.need_pairs(n) for n in needs]
    return (np.concatenate([np.arange(span.start, span.stop) for span in spans]) if spans
            else np.zeros(0)).astype(np.int64)


def _filled(network: Network, ranked: list[int], ledger: _Ledger, preference: np.ndarray | None
            ) -> tuple[list[int], list[int]]:
    """Each need in turn filled from what ``ledger`` has left, or skipped: (pairs taken, needs covered)."""
    chosen: list[int] = []
    covered: list[int] = []
    for need in ranked:
        fill = _fill(network, need, ledger, preference)
        if fill is not None:
            ledger.take(fill)
            chosen += fill
            covered.append(need)
    return chosen, covered


def completed(network: Network, chosen: np.ndarray, needs: np.ndarray) -> np.ndarray:
    """The plan ``chosen`` (pairs, every limit kept) with each of ``needs`` it does not cover filled greedily
    from what its limits have left (by weight, as ``greedy``): a start for a re-solve that lost much of its
    plan at once (time passing). Needs ``chosen`` covers in part are left as they are."""
    held = np.zeros(len(network.problem.needs), dtype=bool)
    held[network.pair_need[chosen]] = True
    open_needs = [int(n) for n in needs.tolist() if not held[n]]
    if not open_needs:
        return chosen
    ledger = _Ledger(network, np.unique(np.r_[chosen, _pairs_of(network, open_needs)]).astype(np.int64))
    ledger.take(chosen.tolist())
    added, _ = _filled(network, _ranked(network, open_needs, network.weight), ledger, None)
    return np.sort(np.r_[chosen, np.asarray(added, dtype=np.int64)])
