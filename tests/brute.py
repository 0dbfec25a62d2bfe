"""Brute-force optimum of tiny days, on plain dicts, for checking the solver.

Enumerates, need by need, every choice of leaving the need uncovered or filling it in each
possible way (SPEC §2 "Coverage and limits"), checking every hard limit as each need is added,
and returns the lexicographic optimum of ``settings.objective`` (``["coverage", "cost"]`` by
default, or ``["cost", "coverage"]``); objectives with a fairness or balance tier are handed to
:mod:`brute_tiers`.

The recursion is memoised on (next need, what has been consumed so far): two partial plans that
consumed exactly the same amounts, tasks and outbound amounts have exactly the same completions,
so only the better of them matters. Amounts, weights and costs are exact to 0.01 and are handled
in integer hundredths. Only for days of a few needs and resources.
"""
from __future__ import annotations

from itertools import combinations, product

from day_index import DayIndex, cents

__all__ = ["brute_force", "brute_force_tiers", "brute_force_witness", "fills", "Limits"]


_cents = cents


def fills(index: DayIndex, need_id: str) -> list[tuple]:
    """Every way to fill the need: ``count`` distinct eligible resources per requirement.

    A fill is a tuple of ``(k, resource, amount_cents, cost_cents)`` slots, no resource in two
    slots. Fills giving the same amounts from the same resources at the same cost are
    interchangeable for every limit and tier, so only one of each is kept.
    """
    per_requirement = []
    for k in range(len(index.needs[need_id]["requires"])):
        candidates = [rid for rid in index.resources if index.eligible(need_id, k, rid)]
        per_requirement.append(list(combinations([(k, rid) for rid in candidates],
                                                 index.count(need_id, k))))
    found = {}
    for choice in product(*per_requirement):
        slots = [slot for group in choice for slot in group]
        if len({rid for _k, rid in slots}) < len(slots):
            continue
        fill = tuple((k, rid, _cents(index.pair_amount(need_id, k, rid)),
                      _cents(index.cost(need_id, rid, index.pair_amount(need_id, k, rid))))
                     for k, rid in slots)
        found.setdefault(tuple(sorted(slot[1:] for slot in fill)), fill)
    return list(found.values())


class Limits:
    """Every hard limit of a day, checked as one more need is covered.

    A state is ``(amounts, tasks, outbound)``: amount given (cents) and needs served per resource,
    and amount given outside per area that has ``max_outbound``, all as tuples.
    """

    def __init__(self, index: DayIndex, ignore: frozenset = frozenset()):
        """``ignore``: limits left out, as ``(kind, unit or area id)`` pairs."""
        self.index = index
        self.ignore = ignore
        self.resources = list(index.resources)
        self.position = {rid: i for i, rid in enumerate(self.resources)}
        self.areas = [aid for aid, a in index.areas.items() if a.get("max_outbound") is not None]
        self.members = {uid: [self.position[rid] for rid in self.resources
                              if index.resources[rid].get("unit") == uid] for uid in index.units}

    def empty(self) -> tuple:
        zeros = (0,) * len(self.resources)
        return zeros, zeros, (0,) * len(self.areas)

    def add(self, state: tuple, need_id: str, fill: tuple) -> tuple | None:
        """The state after covering ``need_id`` with ``fill``, or None if a limit breaks."""
        amounts, tasks, outbound = (list(part) for part in state)
        for _k, rid, amount, _cost in fill:
            i = self.position[rid]
            amounts[i] += amount
            tasks[i] += 1
            for aid in self.index.outbound_areas(rid, need_id):
                outbound[self.areas.index(aid)] += amount
        new = tuple(amounts), tuple(tasks), tuple(outbound)
        return new if self.holds(new) else None

    def holds(self, state: tuple) -> bool:
        amounts, tasks, outbound = state
        for rid, i in self.position.items():
            resource = self.index.resources[rid]
            if amounts[i] > _cents(resource["capacity"]):
                return False
            if resource.get("max_tasks") is not None and tasks[i] > resource["max_tasks"]:
                return False
        for uid, members in self.members.items():
            unit = self.index.units[uid]
            if unit.get("daily_cap") is not None and ("daily_cap", uid) not in self.ignore and \
                    sum(amounts[i] for i in members) > _cents(unit["daily_cap"]):
                return False
            if unit.get("max_members") is not None and ("max_members", uid) not in self.ignore and \
                    sum(1 for i in members if tasks[i]) > unit["max_members"]:
                return False
        return all(given <= _cents(self.index.areas[aid]["max_outbound"])
                   for aid, given in zip(self.areas, outbound, strict=True)
                   if ("max_outbound", aid) not in self.ignore)

    def state_of(self, assignments: list[dict]) -> tuple:
        """The state a plan's assignments leave."""
        amounts, tasks, outbound = (list(part) for part in self.empty())
        for a in assignments:
            i = self.position[a["resource"]]
            amounts[i] += _cents(a["amount"])
            tasks[i] += 1
            for aid in self.index.outbound_areas(a["resource"], a["need"]):
                outbound[self.areas.index(aid)] += _cents(a["amount"])
        return tuple(amounts), tuple(tasks), tuple(outbound)


def _objective_order(day: dict) -> str:
    """``"coverage"`` or ``"cost"`` first; ``"tiers"`` when fairness or balance is a tier."""
    objective = (day.get("settings") or {}).get("objective") or ["coverage", "cost"]
    if {"fairness", "balance"} & set(objective):
        return "tiers"
    unsupported = set(objective) - {"coverage", "cost"}
    if unsupported:
        raise ValueError(f"brute force handles only coverage and cost tiers, not {unsupported}")
    return "cost" if objective[0] == "cost" else "coverage"


def brute_force_witness(day: dict) -> tuple[dict, list[dict]] | None:
    """The lexicographic optimum of a tiny day and one plan reaching it.

    Returns
    -------
    tuple of (dict, list of dict) or None
        ``({"coverage": float, "cost": float}, assignments)`` with assignments in the plan's
        ``{"need", "requirement", "resource", "amount", "cost"}`` shape; None when the required
        needs cannot all be covered together. With a fairness or balance tier, delegates to
        :func:`brute_tiers.brute_force_tiers_witness` (one value per tier of the objective).
    """
    order = _objective_order(day)
    if order == "tiers":  # fairness or balance: the plain enumeration of brute_tiers
        from brute_tiers import brute_force_tiers_witness

        return brute_force_tiers_witness(day)
    index, cost_first = DayIndex(day), order == "cost"
    needs, limits = list(index.needs), Limits(index)
    options = {nid: fills(index, nid) for nid in needs}
    memo: dict = {}

    def key(coverage: int, cost: int) -> tuple:
        return (-cost, coverage) if cost_first else (coverage, -cost)

    def best(i: int, state: tuple):
        """Best (coverage, cost, choices) for needs[i:] from ``state``; None if impossible."""
        if i == len(needs):
            return 0, 0, ()
        if (i, state) not in memo:
            nid, candidates = needs[i], []
            if not index.needs[nid].get("required"):
                candidates.append(best(i + 1, state))
            for fill in options[nid]:
                after = limits.add(state, nid, fill)
                rest = None if after is None else best(i + 1, after)
                if rest is not None:
                    candidates.append((rest[0] + _cents(index.weight(nid)),
                                       rest[1] + sum(slot[3] for slot in fill),
                                       ((nid, fill),) + rest[2]))
            candidates = [c for c in candidates if c is not None]
            memo[i, state] = max(candidates, key=lambda c: key(c[0], c[1]), default=None)
        return memo[i, state]

    result = best(0, limits.empty())
    if result is None:
        return None
    coverage, cost, choices = result
    assignments = [{"need": nid, "requirement": k, "resource": rid, "amount": amount / 100,
                    "cost": cents / 100} for nid, fill in choices for k, rid, amount, cents in fill]
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
        ``["cost", "coverage"]``, least cost first, then most coverage); None when infeasible.
        With a fairness or balance tier: :func:`brute_tiers.brute_force_tiers`.
    """
    result = brute_force_witness(day)
    return None if result is None else result[0]


def brute_force_tiers(day: dict) -> dict | None:
    """The lexicographic optimum over any order of coverage, fairness, cost and balance.

    See :func:`brute_tiers.brute_force_tiers` (kept in its own module).
    """
    from brute_tiers import brute_force_tiers as tiers

    return tiers(day)


def assert_matches_brute_force(plan, best: dict | None, tolerance: float = 1e-6) -> None:
    """A plan (``models.Plan``) against ``brute_force``'s answer: infeasible alike, or optimal with the same
    coverage and cost."""
    if best is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    assert abs(plan.objective["coverage"].value - best["coverage"]) <= tolerance
    assert abs(plan.objective["cost"].value - best["cost"]) <= tolerance
