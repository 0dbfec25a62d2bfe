"""What an event may do to the day the ``Planner`` holds, given the work already dispatched.

A cancelled need's dispatched work stays spent (``spend``); a resource's capacity may not drop below what
was dispatched from it (``refuse_below_dispatched``); a change that can only take from a resource
(``only_less``) brings no new needs into reach; a morning plan must be of the day it comes with
(``check_plan_matches``); when the day can no longer cover its required needs, ``releasable`` says which
stop being required (never dispatched ones).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np

from matching.network.pairs import Network
from matching.outcome.core import required_core
from matching.replan.whole import short_needs
from models import InvalidProblem, Issue, Plan, Problem, events

__all__ = ["spend", "refuse_below_dispatched", "only_less", "check_plan_matches", "releasable"]

Key = tuple[str, int, str]


def spend(problem: Problem, spent: Sequence[Key], amounts: Mapping[Key, float]) -> Problem:
    """What a cancelled need's dispatched work took stays taken: its resources keep less."""
    for need, requirement, resource in spent:
        amount = amounts[(need, requirement, resource)]
        record = problem.resources[problem.resource_index[resource]]
        left = round(record.capacity - amount, 2)
        changes: dict[str, Any] = {"capacity": left} if left > 0 else {"available": []}
        if record.max_tasks is not None:
            changes["max_tasks"] = max(record.max_tasks - 1, 1)
            if record.max_tasks == 1:
                changes["available"] = []
        problem = events.changed_resource(problem, resource, changes)
    return problem


def refuse_below_dispatched(problem: Problem, resource_id: str, amounts: Mapping[Key, float],
                            dispatched: Collection[Key]) -> None:
    """Refuse a resource's new capacity when it is below the work already dispatched from it."""
    record = problem.resources[problem.resource_index[resource_id]]
    given = sum(amount for key, amount in amounts.items() if key[2] == resource_id and key in dispatched)
    if given and record.capacity + 1e-9 < given:
        raise InvalidProblem([Issue("changes.capacity", f"{record.capacity:g} is below the {given:g} already "
                                    f"dispatched from {resource_id!r}; cancel that work first")],
                             subject="the event")


def only_less(before: Problem, after: Problem, resource_id: str) -> bool:
    """Whether a resource's change can only lower what it gives (less capacity or tasks, fewer windows)."""
    old = before.resources[before.resource_index[resource_id]]
    new = after.resources[after.resource_index[resource_id]]
    same = {"id", "name", "kind", "area", "reach", "extra_areas", "unit", "skills", "measure", "cost_per_unit"}
    if any(getattr(old, field) != getattr(new, field) for field in same):
        return False
    fewer_tasks = old.max_tasks is None or (new.max_tasks is not None and new.max_tasks <= old.max_tasks)
    inside = all(any(a <= s and e <= b for a, b in old.windows()) for s, e in new.windows())
    return new.capacity <= old.capacity and fewer_tasks and inside


def check_plan_matches(problem: Problem, plan: Plan) -> None:
    """Refuse a plan whose needs are not the day's."""
    if [n.id for n in plan.needs] != [n.id for n in problem.needs]:
        raise InvalidProblem([Issue("plan", "the plan's needs are not the day's needs")], subject="the planner")


def releasable(network: Network, dispatched: Collection[str], *, core: bool = True) -> list[str]:
    """The required needs to stop requiring, sorted ids: those that nothing left could cover even alone (their
    time has passed, their resources went); when there are none (and ``core``), those of a core (a small set
    that cannot all be covered together). Dispatched needs (``dispatched``) never."""
    problem = network.problem
    needs = sorted(problem.needs[n].id for n in np.flatnonzero(short_needs(network)).tolist()
                   if problem.needs[n].required and problem.needs[n].id not in dispatched)
    if not needs and core:
        needs = sorted(set(required_core(network, seconds=5.0).needs) - set(dispatched))
    return needs
