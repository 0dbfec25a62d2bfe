"""The built 0-1 model: sparse integer rows over binary variables, and what its objective tiers weigh.

``matching.model.formulation`` builds it (the formulation is written out there); engines
(``matching.search.engines``) read it; its methods turn solutions into plans and back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from matching.model.equity import ratio_values
from matching.network.pairs import Network
from matching.scaling import RATIO_SCALE

__all__ = ["LinearModel", "Relaxation", "ROW_KINDS", "LIMIT_FAMILIES", "NO_BOUND"]

ROW_KINDS = ("slot", "one_slot", "capacity", "tasks", "daily_cap", "member_link", "members", "outbound",
             "cover_link", "fairness", "balance")
LIMIT_FAMILIES = frozenset({"capacity", "max_tasks", "daily_cap", "max_members", "max_outbound"})

Relaxation = frozenset[str | tuple[str, int]]
"""Limits to leave out: a family name (``"daily_cap"``) or one instance (``("daily_cap", unit)``)."""


NO_BOUND = 1 << 40
"""A row bound at or beyond ±``NO_BOUND`` means none (no row of a day comes near it)."""


@dataclass(frozen=True)
class LinearModel:
    """A built 0-1 model: sparse integer rows ``lo ≤ Σ coef · var ≤ hi`` over binary variables."""

    network: Network
    needs: np.ndarray
    pairs: np.ndarray
    members: np.ndarray
    lower: np.ndarray
    row_start: np.ndarray
    cols: np.ndarray
    coefs: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray
    row_kind: np.ndarray
    extras: dict[str, int] = field(default_factory=dict)
    """Integer variables of the fairness and balance tiers (``matching.model.equity``), after the binaries."""
    previous: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Pairs of the plan being re-planned whose change the ``stability`` tier counts (sorted, all modelled)."""

    @property
    def variables(self) -> int:
        return len(self.needs) + len(self.pairs) + len(self.members) + len(self.extras)

    @property
    def upper(self) -> np.ndarray:
        """Upper bound of every variable: 1, or 10⁶ for the fairness and balance variables."""
        upper = np.ones(self.variables, dtype=np.int64)
        upper[list(self.extras.values())] = RATIO_SCALE
        return upper

    @property
    def rows(self) -> int:
        return len(self.row_lo)

    def cover_var(self, need: int) -> int:
        return int(np.searchsorted(self.needs, need))

    def assign_vars(self, pairs: np.ndarray) -> np.ndarray:
        return len(self.needs) + np.searchsorted(self.pairs, pairs)

    def objective(self, name: str) -> tuple[np.ndarray, str]:
        """Coefficients of tier ``name`` over the variables, and its sense (``"max"``/``"min"``)."""
        coefficients = np.zeros(self.variables, dtype=np.int64)
        if name == "coverage":
            coefficients[: len(self.needs)] = self.network.weight[self.needs]
            return coefficients, "max"
        if name == "cost":
            coefficients[len(self.needs): len(self.needs) + len(self.pairs)] = self.network.pair_cost[self.pairs]
            return coefficients, "min"
        if name in self.extras:
            coefficients[self.extras[name]] = 1
            return coefficients, "max" if name == "fairness" else "min"
        if name == "stability":  # changed = len(previous) − kept: minimise −kept
            coefficients[self.assign_vars(self.previous)] = -1
            return coefficients, "min"
        raise KeyError(name)

    @property
    def every_need_required(self) -> bool:
        """Whether every need of the model must be covered: coverage is then fixed and only cost is left."""
        return bool(np.all(self.lower[: len(self.needs)] == 1))

    def cost_ceiling(self) -> int:
        """An upper bound on the cost of any solution: each slot filled by its ``count`` dearest pairs.

        A need's slot ``k`` takes exactly ``count_k`` of its pairs when covered and none otherwise,
        so no solution costs more than the sum over slots of their ``count`` largest pair costs.
        """
        if not len(self.pairs):
            return 0
        slots = self.network.pair_slot[self.pairs].astype(np.int64)
        costs = self.network.pair_cost[self.pairs].astype(np.int64)
        order = np.lexsort((-costs, slots))  # by slot, dearest first
        slots, costs = slots[order], costs[order]
        first = np.flatnonzero(np.r_[True, slots[1:] != slots[:-1]])
        rank = np.arange(len(slots)) - np.repeat(first, np.diff(np.r_[first, len(slots)]))
        return sum(costs[rank < self.network.slot_count[slots]].tolist())  # Python ints: no int64 overflow

    def part(self, keep: np.ndarray) -> LinearModel:
        """The model over the variables ``keep`` (a mask) alone, with the rows among them: exact when no row
        joins a kept variable to one left out (a block of the model, ``matching.replan.local``)."""
        if self.extras:
            raise ValueError("a model with fairness or balance variables does not split")
        needs, pairs = len(self.needs), len(self.pairs)
        renumber = np.cumsum(keep) - 1
        sizes = np.diff(self.row_start)
        inside = np.zeros(len(sizes), dtype=bool)
        filled = np.flatnonzero(sizes > 0)
        inside[filled] = keep[self.cols[self.row_start[filled]]]
        rows, entries = np.flatnonzero(inside), np.flatnonzero(np.repeat(inside, sizes))
        kept_pairs = self.pairs[keep[needs:needs + pairs]]
        return replace(self, needs=self.needs[keep[:needs]], pairs=kept_pairs, members=self.members[keep[needs + pairs:]],
                       lower=self.lower[keep], row_start=np.r_[0, np.cumsum(sizes[rows])].astype(np.int64),
                       cols=renumber[self.cols[entries]], coefs=self.coefs[entries], row_lo=self.row_lo[rows],
                       row_hi=self.row_hi[rows], row_kind=self.row_kind[rows],
                       previous=self.previous[np.isin(self.previous, kept_pairs)])

    def split(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(chosen pairs, covered needs) of a 0-1 solution vector."""
        covered = self.needs[values[: len(self.needs)] > 0]
        chosen = self.pairs[values[len(self.needs): len(self.needs) + len(self.pairs)] > 0]
        return chosen, covered

    def satisfies(self, values: np.ndarray) -> bool:
        """Whether the integer vector ``values`` keeps every bound and every row of the model."""
        if len(values) != self.variables or np.any(values < self.lower) or np.any(values > self.upper):
            return False
        running = np.r_[0, np.cumsum(self.coefs.astype(np.int64) * values[self.cols].astype(np.int64))]
        sums = running[self.row_start[1:]] - running[self.row_start[:-1]]
        return bool(np.all(sums >= self.row_lo) and np.all(sums <= self.row_hi))

    def values_of(self, chosen: Iterable[int], covered: Iterable[int]) -> np.ndarray:
        """The 0-1 solution vector of a plan given as chosen pairs and covered needs."""
        values = np.zeros(self.variables, dtype=np.int64)
        chosen = np.asarray(sorted(chosen), dtype=np.int64)
        values[[self.cover_var(n) for n in covered]] = 1
        if len(chosen):
            values[self.assign_vars(chosen)] = 1
            resources = self.network.pair_resource[chosen]
            values[len(self.needs) + len(self.pairs) + np.flatnonzero(np.isin(self.members, resources))] = 1
        if self.extras:
            ratios = ratio_values(self.network, chosen, np.asarray(sorted(covered), dtype=np.int64))
            for name, index in self.extras.items():
                values[index] = ratios[name]
        return values
