"""A Lagrangian bound on coverage, for components too large to prove in the time given.

Price every limit row (capacity, tasks, daily cap, outbound) with a multiplier
``λ ≥ 0`` and drop the member limits and the one-slot rows (dropping rows only
loosens the model, so the bound stays valid). What is left splits by need: a
pair costs ``ρ_p = Σ_l λ_l · a_lp``, a slot the ``count`` cheapest of its pairs,
and a need is worth covering when its weight exceeds its slots' costs:

    L(λ) = Σ_l λ_l · limit_l + Σ_n max(0, w_n − Σ_{s∈n} cheapest_s(ρ))      ≥  best coverage

(required needs take ``w_n − …`` even when negative). Any ``λ ≥ 0`` gives a valid
bound; subgradient steps (Polyak's rule towards the best plan known) tighten it
towards the LP bound. Each step is a sparse product and a sort over the pairs.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sparse

from matching import interrupts
from matching.model.formulation import ROW_KINDS, LinearModel

__all__ = ["lagrangian_bound", "lagrangian"]

_PRICED = [ROW_KINDS.index(kind) for kind in ("capacity", "tasks", "daily_cap", "outbound")]


def lagrangian_bound(model: LinearModel, incumbent: int, *, seconds: float, iterations: int = 3000) -> int:
    """An upper bound on the coverage of ``model`` (hundredths), improved for ``seconds``.

    ``incumbent`` is the coverage of the best plan known, the target of the steps.
    """
    return lagrangian(model, incumbent, seconds=seconds, iterations=iterations)[0]


def lagrangian(model: LinearModel, incumbent: int, *, seconds: float,
               iterations: int = 3000) -> tuple[int, np.ndarray, np.ndarray]:
    """The bound, and at the best multipliers each modelled pair's price and each modelled need's
    reduced weight (weight less its slots' cheapest prices): a guide for a greedy plan."""
    started = time.perf_counter()
    needs, pairs = len(model.needs), len(model.pairs)
    priced = np.flatnonzero(np.isin(model.row_kind, _PRICED))
    limit = np.maximum(model.row_hi[priced].astype(np.float64), 1.0)
    rows = sparse.diags(1.0 / limit) @ _rows(model, priced, needs, pairs)  # every row relative to its limit
    limit = model.row_hi[priced] / limit
    slot, count, need_of_slot = _slots(model)
    weight = model.network.weight[model.needs].astype(np.float64)
    forced = model.lower[:needs] > 0
    multipliers = np.zeros(len(priced))
    best = np.inf
    best_price, best_gain = np.zeros(pairs), weight.copy()
    theta, stalled = 2.0, 0
    for _ in range(iterations):
        price = rows.T @ multipliers if len(priced) else np.zeros(pairs)
        slot_cost, chosen = _cheapest(price, slot, count)
        need_cost = np.bincount(need_of_slot, weights=slot_cost, minlength=needs)
        gain = weight - need_cost
        take = forced | (gain > 0)
        value = multipliers @ limit + gain[take].sum()
        if value < best - 1e-9:
            best, stalled = value, 0
            best_price, best_gain = price, gain
        else:
            stalled += 1
            if stalled >= 30:  # no progress for a while: shorter steps (Held and Karp's rule)
                theta, stalled = theta / 2, 0
        if time.perf_counter() - started > seconds or best <= incumbent + 0.5 or interrupts.requested():
            break
        used = chosen & take[_pair_need(model, slot)]
        subgradient = limit - rows @ used.astype(np.float64)
        norm = subgradient @ subgradient
        if norm == 0:
            break
        step = theta * max(value - incumbent, 1.0) / norm
        multipliers = np.maximum(0.0, multipliers - step * subgradient)
        if theta < 1e-4:
            break
    return int(np.floor(best + 1e-6)), best_price, best_gain


def _rows(model: LinearModel, priced: np.ndarray, needs: int, pairs: int) -> sparse.csr_matrix:
    """The priced rows restricted to the assign variables (rows × pairs)."""
    starts, ends = model.row_start[priced], model.row_start[priced + 1]
    counts = ends - starts
    entries = np.repeat(starts - np.r_[0, np.cumsum(counts)[:-1]], counts) + np.arange(int(counts.sum()))
    columns = model.cols[entries] - needs
    row_of = np.repeat(np.arange(len(priced)), counts)
    return sparse.csr_matrix((model.coefs[entries].astype(np.float64), (row_of, columns)),
                             shape=(len(priced), pairs))


def _slots(model: LinearModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per modelled pair its slot (renumbered 0..), per slot its count and its need (renumbered)."""
    network = model.network
    raw = network.pair_slot[model.pairs].astype(np.int64)
    slots = np.concatenate([np.arange(network.first_slot[n], network.first_slot[n + 1]) for n in model.needs]) \
        if len(model.needs) else np.zeros(0, dtype=np.int64)
    renumber = np.full(len(network.slot_count), -1, dtype=np.int64)
    renumber[slots] = np.arange(len(slots))
    need_of_slot = np.searchsorted(model.needs, network.slot_need[slots])
    return renumber[raw], network.slot_count[slots], need_of_slot


def _pair_need(model: LinearModel, slot: np.ndarray) -> np.ndarray:
    return np.searchsorted(model.needs, model.network.pair_need[model.pairs])


def _cheapest(price: np.ndarray, slot: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per slot the summed price of its ``count`` cheapest pairs, and which pairs those are.

    Pairs come sorted by slot, so each pass is a segmented minimum over the pairs;
    a slot with fewer pairs than its count cannot be filled and costs infinity.
    """
    slots = len(count)
    sizes = np.bincount(slot, minlength=slots)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    nonempty = sizes > 0
    remaining = price.astype(np.float64).copy()
    chosen = np.zeros(len(price), dtype=bool)
    cost = np.zeros(slots)
    for rank in range(int(count.max(initial=0))):
        wanted = (count > rank) & nonempty & (sizes > rank)
        if not wanted.any():
            break
        lowest = np.full(slots, np.inf)
        lowest[nonempty] = np.minimum.reduceat(remaining, starts[nonempty])
        at_lowest = (remaining == lowest[slot]) & wanted[slot]
        running = np.cumsum(at_lowest)
        before = np.r_[0, running][starts]  # how many sat at the minimum before each slot
        first = at_lowest & (running - np.repeat(before, sizes) == 1)
        chosen |= first
        cost[wanted] += lowest[wanted]
        remaining[first] = np.inf
    cost[sizes < count] = np.inf
    return cost, chosen
