"""Rows of the fairness and balance tiers (SPEC §2), over one integer variable each.

Shares and utilisations are ratios; each tier's variable counts millionths
(``matching.scaling.RATIO_SCALE``), so the tiers are exact to 10⁻⁶ of a share:

fairness  ``z ∈ [0, 10⁶]`` and, for every area ``a`` at the fairness level whose subtree
          has needs, ``10⁶ · Σ_{n∈a} weight_n · cover[n] − W_a · z ≥ 0`` with ``W_a`` the
          weight of all its needs; maximising ``z`` gives ``⌊10⁶ · min_a share_a⌋``.
balance   ``u ∈ [0, 10⁶]`` and, for every resource ``r``, ``10⁶ · Σ_p amount_p · assign[p]
          − capacity_r · u ≤ 0``; minimising ``u`` gives ``⌈10⁶ · max_r used_r / capacity_r⌉``.

Both tiers tie every need (or every resource) to every other, so a day with
either is solved as one part.
"""

from __future__ import annotations

import numpy as np

from matching.network.pairs import Network
from matching.scaling import RATIO_SCALE

__all__ = ["fairness_level", "EQUITY_TIERS", "equity_rows", "ratio_values"]

EQUITY_TIERS = ("fairness", "balance")


def fairness_level(network: Network) -> int:
    """The level index whose areas' shares the fairness tier evens out.

    ``settings.fairness_level`` if given, else the level named ``street``, else the
    second level (the only one when there is just one).
    """
    problem = network.problem
    levels = list(problem.levels)
    if problem.settings.fairness_level is not None:
        return levels.index(problem.settings.fairness_level)
    if "street" in levels:
        return levels.index("street")
    return min(1, len(levels) - 1)


def _fair_areas(network: Network) -> tuple[list[int], np.ndarray]:
    """Areas at the fairness level with needs in their subtree, and each need's area among them (-1)."""
    owner = network.grid.at_level(network.need_area, fairness_level(network))
    return sorted(set(owner[owner >= 0].tolist())), owner


def equity_rows(network: Network, tiers, needs: np.ndarray, pairs: np.ndarray, first: int, rows) -> dict[str, int]:
    """Add the fairness and balance rows asked for; returns each tier's variable index."""
    extras: dict[str, int] = {}
    if "fairness" in tiers:
        extras["fairness"] = first + len(extras)
        areas, owner = _fair_areas(network)
        total = np.bincount(owner[owner >= 0], weights=network.weight[owner >= 0], minlength=len(network.grid.ids))
        local = {area: row for row, area in enumerate(areas)}
        mine = owner[needs] >= 0
        row_of = np.array([local[a] for a in owner[needs][mine]], dtype=np.int64)
        rows.add("fairness", np.r_[row_of, np.arange(len(areas))],
                 np.r_[np.flatnonzero(mine), np.full(len(areas), extras["fairness"])],
                 np.r_[RATIO_SCALE * network.weight[needs][mine], -total[areas].astype(np.int64)],
                 np.zeros(len(areas)), np.full(len(areas), 1 << 62))
    if "balance" in tiers:
        extras["balance"] = first + len(extras)
        resource = network.pair_resource[pairs].astype(np.int64)
        used = np.unique(resource)
        local = np.searchsorted(used, resource)
        rows.add("balance", np.r_[local, np.arange(len(used))],
                 np.r_[len(needs) + np.arange(len(pairs)), np.full(len(used), extras["balance"])],
                 np.r_[RATIO_SCALE * network.pair_amount[pairs], -network.capacity[used]],
                 np.full(len(used), -(1 << 62)), np.zeros(len(used)))
    return extras


def ratio_values(network: Network, chosen: np.ndarray, covered: np.ndarray) -> dict[str, int]:
    """The fairness and balance values (millionths) of a plan given by chosen pairs and covered needs."""
    areas, owner = _fair_areas(network)
    size = len(network.grid.ids)
    total = np.bincount(owner[owner >= 0], weights=network.weight[owner >= 0], minlength=size).astype(np.int64)
    hit = covered[owner[covered] >= 0]
    done = np.bincount(owner[hit], weights=network.weight[hit], minlength=size).astype(np.int64)
    fairness = min(((RATIO_SCALE * done[a]) // total[a] for a in areas), default=RATIO_SCALE)
    used = np.bincount(network.pair_resource[chosen], weights=network.pair_amount[chosen],
                       minlength=len(network.capacity)).astype(np.int64)
    balance = int(max((-((-RATIO_SCALE * used) // network.capacity)).max(initial=0), 0))
    return {"fairness": int(fairness), "balance": balance}
