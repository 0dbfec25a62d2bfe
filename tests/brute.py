"""Brute-force optimum of tiny days, on plain dicts, for checking the solver.

Enumerates every set of covered needs and every way to fill them (SPEC §2 "Coverage and limits"),
respecting every hard limit, and returns the lexicographic optimum of ``settings.objective``
(``["coverage", "cost"]`` by default, or ``["cost", "coverage"]``). Amounts, weights and costs are
exact to 0.01, so values are compared in integer hundredths. Only for days of a few needs and
resources: the work grows exponentially.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations, product

from checker import DayIndex

__all__ = ["brute_force", "brute_force_witness"]

EPS = 1e-9


def _cents(x: float) -> int:
    return round(x * 100)


class Ledger:
    """What the needs covered so far consume, checked against every limit incrementally."""

    def __init__(self, index: DayIndex):
        self.index = index
        self.amount = defaultdict(float)     # resource -> summed amount
        self.tasks = defaultdict(int)        # resource -> needs served
        self.unit_amount = defaultdict(float)
        self.member_uses = defaultdict(int)  # (unit, resource) -> needs served
        self.outbound = defaultdict(float)   # area -> amount given outside it

    def _deltas(self, need_id: str, fill: tuple) -> tuple[dict, dict, set, dict]:
        amount, unit_amount, outbound, members = (defaultdict(float), defaultdict(float),
                                                  defaultdict(float), set())
        for _k, rid, give, _cost in fill:
            amount[rid] += give
            uid = self.index.resources[rid].get("unit")
            if uid is not None:
                unit_amount[uid] += give
                members.add((uid, rid))
            for aid in self.index.outbound_areas(rid, need_id):
                outbound[aid] += give
        return amount, unit_amount, members, outbound

    def fits(self, need_id: str, fill: tuple) -> bool:
        """Whether covering the need with ``fill`` keeps every limit."""
        amount, unit_amount, members, outbound = self._deltas(need_id, fill)
        for rid, give in amount.items():
            resource = self.index.resources[rid]
            if self.amount[rid] + give > resource["capacity"] + EPS:
                return False
            if resource.get("max_tasks") is not None and self.tasks[rid] + 1 > resource["max_tasks"]:
                return False
        for uid, give in unit_amount.items():
            cap = self.index.units[uid].get("daily_cap")
            if cap is not None and self.unit_amount[uid] + give > cap + EPS:
                return False
            most = self.index.units[uid].get("max_members")
            new = {m for m in members if m[0] == uid and self.member_uses[m] == 0}
            if most is not None and self._members(uid) + len(new) > most:
                return False
        return all(self.outbound[aid] + give <= self.index.areas[aid]["max_outbound"] + EPS
                   for aid, give in outbound.items())

    def _members(self, unit_id: str) -> int:
        return sum(1 for (uid, _rid), uses in self.member_uses.items() if uid == unit_id and uses)

    def apply(self, need_id: str, fill: tuple, sign: int = 1) -> None:
        """Add (``sign=1``) or take back (``sign=-1``) the consumption of a covered need."""
        amount, unit_amount, members, outbound = self._deltas(need_id, fill)
        for rid, give in amount.items():
            self.amount[rid] += sign * give
            self.tasks[rid] += sign
        for uid, give in unit_amount.items():
            self.unit_amount[uid] += sign * give
        for member in members:
            self.member_uses[member] += sign
        for aid, give in outbound.items():
            self.outbound[aid] += sign * give


def fills(index: DayIndex, need_id: str) -> list[tuple]:
    """Every way to fill the need alone, cheapest first.

    A fill is a tuple of ``(k, resource, amount, cost_cents)``: for each requirement ``k``,
    ``count`` distinct eligible resources, no resource in two slots of the need.
    """
    requires = index.needs[need_id]["requires"]
    per_requirement = []
    for k in range(len(requires)):
        candidates = [rid for rid in index.resources if index.eligible(need_id, k, rid)]
        per_requirement.append([tuple((k, rid) for rid in chosen)
                                for chosen in combinations(candidates, index.count(need_id, k))])
    result, empty = [], Ledger(index)
    for choice in product(*per_requirement):
        slots = [slot for group in choice for slot in group]
        if len({rid for _k, rid in slots}) < len(slots):
            continue
        fill = tuple((k, rid, index.pair_amount(need_id, k, rid),
                      _cents(index.cost(need_id, rid, index.pair_amount(need_id, k, rid))))
                     for k, rid in slots)
        if empty.fits(need_id, fill):
            result.append(fill)
    return sorted(result, key=lambda fill: sum(slot[3] for slot in fill))


def _cheapest(ledger: Ledger, items: list[tuple[str, list]]) -> tuple[int, list] | None:
    """Least-cost way to cover every need in ``items`` together, or None if impossible.

    Branch and bound: a partial choice is dropped when its cost plus the cheapest fill of each
    remaining need cannot beat the best complete choice found so far.
    """
    rest = [0] * (len(items) + 1)
    for i in range(len(items) - 1, -1, -1):
        rest[i] = rest[i + 1] + sum(slot[3] for slot in items[i][1][0])
    best: list = [None, None]

    def search(i: int, cost: int, chosen: list) -> None:
        if best[0] is not None and cost + rest[i] >= best[0]:
            return
        if i == len(items):
            best[0], best[1] = cost, list(chosen)
            return
        need_id, options = items[i]
        for fill in options:
            if ledger.fits(need_id, fill):
                ledger.apply(need_id, fill)
                chosen.append((need_id, fill))
                search(i + 1, cost + sum(slot[3] for slot in fill), chosen)
                chosen.pop()
                ledger.apply(need_id, fill, -1)

    search(0, 0, [])
    return None if best[0] is None else (best[0], best[1])


def _feasible_subsets(index: DayIndex) -> dict[int, tuple[int, int, list]]:
    """Map each coverable set of needs (a bit mask) to (coverage, least cost, choice), in cents.

    Sets are tried smallest first; a set holding a known impossible set is skipped, since
    covering more needs only consumes more.
    """
    needs = list(index.needs)
    options = {nid: fills(index, nid) for nid in needs}
    required = sum(1 << i for i, nid in enumerate(needs) if index.needs[nid].get("required"))
    possible = sum(1 << i for i, nid in enumerate(needs) if options[nid])
    found, impossible = {}, []
    for mask in sorted(range(1 << len(needs)), key=lambda m: bin(m).count("1")):
        if mask & required != required or mask & ~possible:
            continue
        if any(mask & bad == bad for bad in impossible):
            continue
        members = [nid for i, nid in enumerate(needs) if mask >> i & 1]
        result = _cheapest(Ledger(index), [(nid, options[nid]) for nid in members])
        if result is None:
            impossible.append(mask)
            continue
        coverage = sum(_cents(index.weight(nid)) for nid in members)
        found[mask] = (coverage, result[0], result[1])
    return found


def brute_force_witness(day: dict) -> tuple[dict, list[dict]] | None:
    """The lexicographic optimum and one plan reaching it.

    Returns
    -------
    tuple of (dict, list of dict) or None
        ``({"coverage": float, "cost": float}, assignments)`` with assignments in the plan's
        ``{"need", "requirement", "resource", "amount", "cost"}`` shape; None when the required
        needs cannot all be covered.
    """
    index = DayIndex(day)
    order = [tier for tier in (day.get("settings") or {}).get("objective") or ["coverage", "cost"]
             if tier in ("coverage", "cost")]
    unsupported = set((day.get("settings") or {}).get("objective") or []) - {"coverage", "cost"}
    if unsupported:
        raise ValueError(f"brute force handles only coverage and cost tiers, not {unsupported}")
    found = _feasible_subsets(index)
    if not found:
        return None
    if order and order[0] == "cost":
        coverage, cost, choice = max(found.values(), key=lambda v: (-v[1], v[0]))
    else:
        coverage, cost, choice = max(found.values(), key=lambda v: (v[0], -v[1]))
    assignments = [{"need": nid, "requirement": k, "resource": rid, "amount": amount,
                    "cost": cents / 100}
                   for nid, fill in choice for k, rid, amount, cents in fill]
    return {"coverage": coverage / 100, "cost": cost / 100}, assignments


def brute_force(day: dict) -> dict | None:
    """The optimum of a tiny day by exhaustive search.

    Parameters
    ----------
    day : dict
        A day in the SPEC §2 shape with at most about 6 needs and 6 resources, and an objective
        of ``["coverage", "cost"]`` (default) or ``["cost", "coverage"]``.

    Returns
    -------
    dict or None
        ``{"coverage": best summed weight, "cost": least summed cost at that coverage}`` (or, for
        ``["cost", "coverage"]``, least cost then most coverage); None when infeasible.
    """
    result = brute_force_witness(day)
    return None if result is None else result[0]
