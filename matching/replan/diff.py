"""How one plan differs from the one it replaces (``models.replan.PlanDiff``)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from matching.network.pairs import Network
from models import Assignment, Plan
from models.replan import Move, PlanDiff

__all__ = ["between", "changed_count"]


def between(before: Plan, after: Plan, cancelled: Iterable[str] = (), released: Iterable[str] = ()) -> PlanDiff:
    """The diff from ``before`` to ``after``; needs in ``cancelled`` are listed as such, not as dropped;
    ``released``: required needs the day could no longer cover, no longer required."""
    gone = set(cancelled)
    old = {(a.need, a.requirement, a.resource): a for a in before.assignments if a.need not in gone}
    new = {(a.need, a.requirement, a.resource): a for a in after.assignments}
    removed = [old[key] for key in old if key not in new]
    added = [new[key] for key in new if key not in old]
    moves, taken_out, put_in = _moves(removed, added)
    was = {n.id for n in before.needs if n.covered} - gone
    now = {n.id for n in after.needs if n.covered}
    order = {n.id: position for position, n in enumerate(after.needs)}
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


def changed_count(network: Network, chosen: np.ndarray, previous: set[tuple[str, int, str]]) -> int:
    """How many of the ``previous`` assignments (ids) the pairs ``chosen`` do not keep."""
    problem = network.problem
    kept = set()
    for p in chosen.tolist():
        need = int(network.pair_need[p])
        kept.add((problem.needs[need].id, int(network.pair_slot[p] - network.first_slot[need]),
                  problem.resources[int(network.pair_resource[p])].id))
    return len(previous - kept)
