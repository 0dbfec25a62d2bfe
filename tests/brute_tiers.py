"""Brute-force lexicographic optimum of tiny days over any order of the tiers coverage, fairness,
cost and balance (SPEC §2 "Objective"), on plain dicts.

Enumerates every feasible plan: need by need, each need is left uncovered (unless required) or
filled in each possible way (:func:`brute.fills`), every hard limit checked as it is added
(:class:`brute.Limits`). Two partial plans with the same consumption state and the same covered
needs have the same completions and the same coverage, fairness and balance at the end, so only
the cheaper of them is kept. Every tier is compared on exact integers: coverage and cost in
hundredths, fairness and balance in millionths (:meth:`DayIndex.fairness_millionths`,
:meth:`DayIndex.balance_millionths`). Only for days of a few needs and resources.
"""
from __future__ import annotations

from brute import Limits, fills
from day_index import MILLION, TIER_SENSES, DayIndex

__all__ = ["brute_force_tiers", "brute_force_tiers_witness", "tier_order", "tier_values"]


def tier_order(day: dict) -> list[str]:
    """``settings.objective`` (default ``["coverage", "cost"]``); ValueError on unknown tiers."""
    order = list((day.get("settings") or {}).get("objective") or ["coverage", "cost"])
    unknown = [tier for tier in order if tier not in TIER_SENSES]
    if unknown:
        raise ValueError(f"the brute force knows the tiers {sorted(TIER_SENSES)}, not {unknown}")
    return order


def tier_values(index: DayIndex, covered, used_cents: dict, cost_cents: int) -> dict[str, int]:
    """Every tier's exact integer value: coverage and cost in cents, the others in millionths."""
    return {"coverage": sum(round(index.weight(nid) * 100) for nid in covered),
            "fairness": index.fairness_millionths(covered),
            "cost": cost_cents,
            "balance": index.balance_millionths(used_cents)}


def _as_floats(values: dict[str, int], order: list[str]) -> dict[str, float]:
    scale = {"coverage": 100, "cost": 100, "fairness": MILLION, "balance": MILLION}
    return {tier: values[tier] / scale[tier] for tier in order}


def brute_force_tiers_witness(day: dict) -> tuple[dict, list[dict]] | None:
    """The lexicographic optimum of a tiny day for its ``settings.objective``, and one plan.

    Returns
    -------
    tuple of (dict, list of dict) or None
        ``({tier: value}, assignments)`` for the tiers of the objective, in its order (coverage
        and cost in planner units, fairness and balance as ``millionths / 10**6``), assignments
        in the plan's ``{"need", "requirement", "resource", "amount", "cost"}`` shape; None when
        the required needs cannot all be covered together.
    """
    index, order = DayIndex(day), tier_order(day)
    limits = Limits(index)
    # (consumption state, covered needs) -> (cost in cents, choices); the cheapest is kept.
    frontier: dict[tuple, tuple[int, tuple]] = {(limits.empty(), frozenset()): (0, ())}

    def keep(into: dict, key: tuple, cost: int, choices: tuple) -> None:
        if key not in into or cost < into[key][0]:
            into[key] = (cost, choices)

    for nid in index.needs:
        options, grown = fills(index, nid), {}
        for (state, covered), (cost, choices) in frontier.items():
            if not index.needs[nid].get("required"):
                keep(grown, (state, covered), cost, choices)
            for fill in options:
                after = limits.add(state, nid, fill)
                if after is not None:
                    keep(grown, (after, covered | {nid}), cost + sum(slot[3] for slot in fill),
                         choices + ((nid, fill),))
        frontier = grown
    if not frontier:
        return None

    def score(item) -> tuple:
        (state, covered), (cost, _choices) = item
        used = dict(zip(limits.resources, state[0], strict=True))
        values = tier_values(index, covered, used, cost)
        return tuple(TIER_SENSES[tier] * values[tier] for tier in order), values

    best_key, best_values, best_choices = None, None, None
    for item in frontier.items():  # first best in a deterministic order
        key, values = score(item)
        if best_key is None or key > best_key:
            best_key, best_values, best_choices = key, values, item[1][1]
    assignments = [{"need": nid, "requirement": k, "resource": rid, "amount": amount / 100,
                    "cost": cost / 100} for nid, fill in best_choices
                   for k, rid, amount, cost in fill]
    return _as_floats(best_values, order), assignments


def brute_force_tiers(day: dict) -> dict | None:
    """The lexicographic optimum ``{tier: value}`` of a tiny day, or None when infeasible.

    Parameters
    ----------
    day : dict
        A day in the SPEC §2 shape with at most about 5 needs and 5 resources, whose
        ``settings.objective`` orders any of ``coverage``, ``fairness``, ``cost``, ``balance``.

    Returns
    -------
    dict or None
        One entry per tier of the objective: coverage and cost rounded to 0.01, fairness
        ``floor(10**6 * min share) / 10**6`` and balance ``ceil(10**6 * max utilisation) / 10**6``.
    """
    result = brute_force_tiers_witness(day)
    return None if result is None else result[0]
