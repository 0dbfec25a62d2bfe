"""How one plan differs from the one it replaces (``models.replan.PlanDiff``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set

import numpy as np

from matching.network.pairs import Network
from matching.network.patch import Origin
from matching.outcome.plan import Tables
from models import Assignment, Plan, Problem
from models.replan import Move, PlanDiff

__all__ = ["between", "within", "changed_count"]

Key = tuple[str, int, str]


def between(before: Plan, after: Plan, cancelled: Iterable[str] = (), released: Iterable[str] = ()) -> PlanDiff:
    """The diff from ``before`` to ``after``; needs in ``cancelled`` are listed as such, not as dropped;
    ``released``: required needs the day could no longer cover, no longer required."""
    gone = set(cancelled)
    was = {n.id for n in before.needs if n.covered} - gone
    now = {n.id for n in after.needs if n.covered}
    order = {n.id: position for position, n in enumerate(after.needs)}
    return _diff([a for a in before.assignments if a.need not in gone], after.assignments, was, now, order,
                 cancelled, released)


def within(before: Tables, after: Tables, origin: Origin, needs: np.ndarray, problem: Problem,
           cancelled: Iterable[str] = (), released: Iterable[str] = ()) -> PlanDiff:
    """``between`` the plans of the tables ``before`` and ``after`` (``matching.outcome.plan.Rows``) when
    only the needs ``needs`` (indices of ``after``'s day, ``problem``; ``origin``: where they were in
    ``before``'s) and the cancelled needs may differ: it looks at their rows only."""
    found = origin.need_from[needs] >= 0
    earlier = np.zeros(len(before.needs.values), dtype=bool)
    earlier[origin.need_from[needs[found]]] = True
    later = np.zeros(len(after.needs.values), dtype=bool)
    later[needs] = True
    removed = before.assignments.rows[earlier[before.assignments.values[:, 2]]].tolist()
    added = after.assignments.rows[later[after.assignments.values[:, 2]]].tolist()
    ids = [problem.needs[n].id for n in needs.tolist()]
    covered_before = np.zeros(len(needs), dtype=bool)
    covered_before[found] = before.needs.values[origin.need_from[needs[found]]]
    was = {need for need, done in zip(ids, covered_before.tolist()) if done}
    now = {need for need, done in zip(ids, after.needs.values[needs].tolist()) if done}
    return _diff(removed, added, was, now, dict(zip(ids, needs.tolist())), cancelled, released)


def _diff(before: Sequence[Assignment], after: Sequence[Assignment], was: set[str], now: set[str],
          order: Mapping[str, int], cancelled: Iterable[str], released: Iterable[str]) -> PlanDiff:
    old = {(a.need, a.requirement, a.resource): a for a in before}
    new = {(a.need, a.requirement, a.resource): a for a in after}
    removed = [old[key] for key in old if key not in new]
    added = [new[key] for key in new if key not in old]
    moves, taken_out, put_in = _moves(removed, added)
    return PlanDiff(
        added=tuple(a for a in added if id(a) not in put_in),
        removed=tuple(a for a in removed if id(a) not in taken_out),
        moved=tuple(moves),
        covered=tuple(sorted(now - was, key=order.get)),
        dropped=tuple(sorted(was - now, key=lambda n: order.get(n, len(order)))),
        cancelled=tuple(cancelled),
        released=tuple(released),
    )


def _moves(removed: list[Assignment], added: list[Assignment]) -> tuple[list[Move], set[int], set[int]]:
    """Pair each removed assignment with an added one of the same need and requirement: a move."""
    free: dict[tuple[str, int], list[Assignment]] = {}
    for assignment in added:
        free.setdefault((assignment.need, assignment.requirement), []).append(assignment)
    moves, taken_out, put_in = [], set(), set()
    for assignment in removed:
        slot = free.get((assignment.need, assignment.requirement))
        if slot:
            other = slot.pop(0)
            moves.append(Move(need=assignment.need, requirement=assignment.requirement, before=assignment.resource,
                              after=other.resource))
            taken_out.add(id(assignment))
            put_in.add(id(other))
    return moves, taken_out, put_in


def changed_count(network: Network, chosen: np.ndarray, previous: Mapping[int, Set[Key]]) -> int:
    """How many of the ``previous`` assignments (ids, by need index) the pairs ``chosen`` do not keep; only
    the pairs of the needs of ``previous`` are looked at."""
    problem = network.problem
    if not previous:
        return 0
    inside = np.zeros(len(problem.needs), dtype=bool)
    inside[list(previous)] = True
    kept = set()
    for p in chosen[inside[network.pair_need[chosen]]].tolist():
        need = int(network.pair_need[p])
        kept.add((problem.needs[need].id, int(network.pair_slot[p] - network.first_slot[need]),
                  problem.resources[int(network.pair_resource[p])].id))
    return sum(len(keys - kept) for keys in previous.values())
