"""Brute-force optimum of a tiny day under the re-planning tiers: coverage, then stability against a previous
plan, then cost (SPEC §2 "Objective"), on plain dicts.

Enumerates every feasible plan, need by need, each need uncovered (unless required) or filled in every
way (``count`` distinct eligible resources per requirement, no resource in two slots, every hard limit
checked by :class:`brute.Limits`). Stability counts the previous plan's assignments, as (need,
requirement, resource), that the plan does not keep. Only for days of a few needs and resources.
"""
from __future__ import annotations

from itertools import combinations, product

from brute import Limits
from day_index import DayIndex, cents

__all__ = ["brute_force_replan"]


def _all_fills(index: DayIndex, need_id: str) -> list[tuple]:
    per_requirement = []
    for k in range(len(index.needs[need_id]["requires"])):
        candidates = [rid for rid in index.resources if index.eligible(need_id, k, rid)]
        per_requirement.append(list(combinations([(k, rid) for rid in candidates], index.count(need_id, k))))
    fills = []
    for choice in product(*per_requirement):
        slots = [slot for group in choice for slot in group]
        if len({rid for _k, rid in slots}) < len(slots):
            continue
        fills.append(tuple((k, rid, cents(index.pair_amount(need_id, k, rid)),
                            cents(index.cost(need_id, rid, index.pair_amount(need_id, k, rid)))) for k, rid in slots))
    return fills


def brute_force_replan(day: dict, previous: set[tuple[str, int, str]]) -> dict | None:
    """``{"coverage", "stability", "cost"}`` of the lexicographic optimum, or None when infeasible.

    ``previous`` holds the assignments whose loss the stability tier counts.
    """
    index = DayIndex(day)
    limits = Limits(index)
    best: tuple | None = None
    needs = list(index.needs)
    options = {nid: _all_fills(index, nid) for nid in needs}

    def walk(i: int, state: tuple, coverage: int, cost: int, kept: int) -> None:
        nonlocal best
        if i == len(needs):
            key = (coverage, -(len(previous) - kept), -cost)
            if best is None or key > best:
                best = key
            return
        nid = needs[i]
        if not index.needs[nid].get("required"):
            walk(i + 1, state, coverage, cost, kept)
        for fill in options[nid]:
            after = limits.add(state, nid, fill)
            if after is not None:
                gained = sum(1 for k, rid, _a, _c in fill if (nid, k, rid) in previous)
                walk(i + 1, after, coverage + cents(index.weight(nid)), cost + sum(s[3] for s in fill), kept + gained)

    walk(0, limits.empty(), 0, 0, 0)
    if best is None:
        return None
    coverage, stability, cost = best
    return {"coverage": coverage / 100, "stability": -stability, "cost": -cost / 100}
