"""A simulated day of events for a ``matching.Planner`` (``python -m benchmarks replan``).

The day. ``generate_day(tier, seed)`` is split into the morning's day and what arrives later: a tenth of
the needs (drawn with the seed among those not required; they arrive not required, with their arcs) and a
few volunteers (resources with no arc). The morning plan is ``solve(morning, time_limit, seed)``, and a
``Planner`` holds it.

The events, 08:00 to 20:00 in time order, all drawn from the seed:

- ``add_need``: each held-out need at a time spread over the day (a need with a window arrives at least
  an hour before its window ends);
- ``cancel_need``: a tenth of the morning's needs, each at a random time;
- ``resource_out`` (``update_resource(id, available=[])``) and ``capacity_cut`` (capacity halved): a few
  each, on a resource that has undispatched work in the plan of the moment;
- ``add_resource``: the held-out volunteers, their windows cut to the time they come forward;
- ``advance``: the clock, every half hour from 08:30 to 20:00;
- ``dispatch``: after each half-hour tick (and at 08:00), a batch of assignments of the plan of the moment
  handed out (20 per batch on a city day, in proportion on other tiers), drawn among the undispatched
  assignments whose need's window starts within the hour, those of required needs first (a required need
  whose resources' hours all pass before it is dispatched makes the rest of the day infeasible).

The events that pick their target from the plan of the moment (``dispatch``, ``resource_out``,
``capacity_cut``) hold a random draw, so the same seed gives the same day of events. ``--events N``
samples N events from the day's stream, each kind in proportion, in time order (the metro tier is
always sampled, ``--metro-events``). An event the planner refuses (``models.InvalidProblem``) is
counted with its message and skipped; an event with no target (nothing left to dispatch) is skipped.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["KINDS", "Event", "apply_event", "day_of_events", "hhmm", "key_of", "prepare_event", "sample_events", "split_day"]

Record = dict[str, Any]

KINDS = ("add_need", "cancel_need", "resource_out", "capacity_cut", "add_resource", "advance", "dispatch")
"""The event kinds, as named in the tables (the planner's call in parentheses in the module docstring)."""
START, END = 8 * 60, 20 * 60
"""The day of events: 08:00 to 20:00 (minutes after midnight)."""
ARRIVING = 0.10
"""Share of the day's needs held out to arrive during the day; the same share of the morning's is cancelled."""
DISPATCH_PER_2000 = 20
"""Assignments dispatched per half hour on a day of 2,000 needs (in proportion on other days)."""


@dataclass(frozen=True)
class Event:
    """One event of the day: when, what, and its data (a record, an id, or a draw in [0, 1) for the
    events that pick their target from the plan of the moment)."""

    minute: int
    kind: str
    data: Any = None


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


# The day and its events ---------------------------------------------------------------------------


def split_day(day: Mapping[str, Any], seed: int, volunteers: int | None = None
              ) -> tuple[Record, list[tuple[Record, list[Record]]], list[Record]]:
    """The morning's day, the needs held out to arrive later (each with its arcs, ``required`` dropped)
    and the resources held out to come forward (resources no arc names, volunteers first)."""
    draw = random.Random(seed * 7919 + 1)
    needs, resources = list(day["needs"]), list(day["resources"])
    arcs = list(day.get("arcs", ()))
    open_needs = [i for i, need in enumerate(needs) if not need.get("required")]
    held = set(draw.sample(open_needs, min(len(open_needs), round(ARRIVING * len(needs)))))
    held_ids = {needs[i]["id"] for i in held}
    with_arcs = {arc["resource"] for arc in arcs}
    free = [i for i, r in enumerate(resources) if r["id"] not in with_arcs]
    preferred = [i for i in free if resources[i].get("kind") == "volunteer"] or free
    count = volunteers if volunteers is not None else min(10, max(1, len(resources) // 20))
    coming = set(draw.sample(preferred, min(len(preferred), count)))
    arriving = []
    for i in sorted(held):
        need = {key: value for key, value in needs[i].items() if key != "required"}
        arriving.append((need, [arc for arc in arcs if arc["need"] == need["id"]]))
    morning = {**day, "needs": [n for i, n in enumerate(needs) if i not in held],
               "resources": [r for i, r in enumerate(resources) if i not in coming],
               "arcs": [arc for arc in arcs if arc["need"] not in held_ids]}
    return morning, arriving, [resources[i] for i in sorted(coming)]


def _arrival(need: Mapping[str, Any], draw: random.Random) -> int:
    """When a held-out need comes in: anywhere in the day, but an hour before its window ends if it has one."""
    latest = END - 1
    if need.get("window"):
        latest = min(latest, _minutes(need["window"][1]) - 60)
    return draw.randint(START, max(START, latest))


def day_of_events(morning: Mapping[str, Any], arriving: Sequence[tuple[Record, list[Record]]],
                  volunteers: Sequence[Record], seed: int, changes: int | None = None) -> list[Event]:
    """The day's events in time order (at one minute: the clock first, then dispatches, then the rest)."""
    draw = random.Random(seed * 7919 + 2)
    needs = morning["needs"]
    changes = changes if changes is not None else min(5, max(1, len(morning["resources"]) // 40))
    per_batch = max(1, round(DISPATCH_PER_2000 * (len(needs) + len(arriving)) / 2000))
    events = [Event(_arrival(need, draw), "add_need", (need, arcs)) for need, arcs in arriving]
    cancelled = draw.sample([n["id"] for n in needs], round(ARRIVING * len(needs)))
    events += [Event(draw.randint(START, END - 1), "cancel_need", need) for need in cancelled]
    events += [Event(draw.randint(START, END - 1), kind, draw.random())
               for kind in ("resource_out", "capacity_cut") for _ in range(changes)]
    events += [Event(draw.randint(START, END - 1), "add_resource", resource) for resource in volunteers]
    for minute in range(START, END, 30):
        if minute > START:
            events.append(Event(minute, "advance", hhmm(minute)))
        events += [Event(minute, "dispatch", draw.random()) for _ in range(per_batch)]
    events.append(Event(END, "advance", hhmm(END)))
    rank = {"advance": 0, "dispatch": 1}
    order = sorted(range(len(events)), key=lambda i: (events[i].minute, rank.get(events[i].kind, 2), i))
    return [events[i] for i in order]


def sample_events(events: Sequence[Event], count: int, seed: int) -> list[Event]:
    """``count`` of the events, each kind in proportion (largest remainders, at least one of each kind
    while there is room), in their time order."""
    if count >= len(events):
        return list(events)
    draw = random.Random(seed * 7919 + 3)
    by_kind: dict[str, list[int]] = {}
    for i, event in enumerate(events):
        by_kind.setdefault(event.kind, []).append(i)
    shares = {kind: count * len(found) / len(events) for kind, found in by_kind.items()}
    quota = {kind: int(share) for kind, share in shares.items()}
    for kind in sorted(by_kind, key=lambda k: (quota[k] > 0, -(shares[k] - quota[k]), k)):
        if sum(quota.values()) >= count:
            break
        quota[kind] += 1
    kept = sorted(i for kind, found in by_kind.items() for i in draw.sample(found, min(quota[kind], len(found))))
    return [events[i] for i in kept]


# Applying an event -------------------------------------------------------------------------------


def key_of(assignment: Any) -> tuple[str, int, str]:
    return assignment.need, assignment.requirement, assignment.resource


def _pick(items: Sequence[Any], u: float) -> Any:
    return items[min(int(u * len(items)), len(items) - 1)]


def _busy(planner: Any) -> list[str]:
    """Resources with undispatched work in the current plan, in id order."""
    dispatched = planner.dispatched
    return sorted({a.resource for a in planner.plan.assignments if key_of(a) not in dispatched})


def _arriving_volunteer(resource: Mapping[str, Any], minute: int) -> Record:
    """A volunteer coming forward at ``minute``: the part of their windows still ahead (three hours if none)."""
    windows = resource.get("available")
    left = [(max(_minutes(a), minute), _minutes(b)) for a, b in windows] if windows is not None else \
        [(minute, 24 * 60 - 1)]
    left = [(a, b) for a, b in left if b > a]
    if not left:
        left = [(minute, min(minute + 180, 24 * 60 - 1))]
    return {**resource, "available": [[hhmm(a), hhmm(b)] for a, b in left]}


def prepare_event(planner: Any, event: Event) -> tuple[str, Callable[[], None]] | None:
    """What ``event`` acts on now and the planner call that applies it (a service knows its target: choosing
    one among the plan's assignments is not part of the call's latency); None when it has no target now.

    The call raises ``models.InvalidProblem`` when the planner refuses the event."""
    kind, data = event.kind, event.data
    if kind == "add_need":
        need, arcs = data
        return need["id"], lambda: planner.add_need(need, arcs)
    if kind == "cancel_need":
        return data, lambda: planner.cancel_need(data)
    if kind == "add_resource":
        volunteer = _arriving_volunteer(data, event.minute)
        return data["id"], lambda: planner.add_resource(volunteer)
    if kind == "advance":
        return data, lambda: planner.advance(data)
    if kind in ("resource_out", "capacity_cut"):
        busy = _busy(planner)
        if not busy:
            return None
        resource = _pick(busy, data)
        if kind == "resource_out":
            return resource, lambda: planner.update_resource(resource, available=[])
        problem = planner.problem
        capacity = problem.resources[problem.resource_index[resource]].capacity
        return resource, lambda: planner.update_resource(resource, capacity=max(0.01, round(capacity / 2, 2)))
    if kind == "dispatch":
        problem, dispatched = planner.problem, planner.dispatched
        soon = event.minute + 60
        open_ = [a for a in planner.plan.assignments if key_of(a) not in dispatched
                 and problem.needs[problem.need_index[a.need]].span()[0] <= soon]
        if not open_:
            return None
        required = [a for a in open_ if problem.needs[problem.need_index[a.need]].required]
        chosen = _pick(required or open_, data)
        return f"{chosen.need}/{chosen.requirement}/{chosen.resource}", lambda: planner.dispatch(*key_of(chosen))
    raise ValueError(f"unknown event kind {kind!r}")


def apply_event(planner: Any, event: Event) -> str | None:
    """Apply ``event`` now; what it acted on, or None when it has no target now."""
    prepared = prepare_event(planner, event)
    if prepared is None:
        return None
    prepared[1]()
    return prepared[0]
