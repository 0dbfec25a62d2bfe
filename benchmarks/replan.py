"""``python -m benchmarks replan``: re-planning through a day of events (``matching.Planner``) against solving
the day from scratch after each event.

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

Per event, measured in this process with ``time.perf_counter``: **latency**, the event's call (its target
chosen beforehand, outside the clock) and ``replan(time_limit=--replan-limit)`` together, and the replan alone; the assignments moved
(``PlanDiff.changed``: assignments of the plan before the event, of needs not cancelled, that the new
plan does not keep); covered weight, its bound and the plan's status. Every returned plan goes
through ``models.verify_plan`` (and with ``--check`` through the independent checker of
``tests/checker.py``) outside the timed region; failures are counted and their messages kept.

The baseline, every ``--baseline-every`` K-th event: ``solve(planner.problem, time_limit, seed)`` from
scratch on the planner's day as it is then (dispatched work pinned, spent capacity spent), timed the same
way, with its coverage and the assignments it moves against the planner's plan before the event (the
same count as ``PlanDiff.changed``). A from-scratch plan's coverage above the planner's bound would
disprove that bound; such events are counted. At the end of the day the final day is always solved
from scratch, and the end-of-day covered weight of the planner is compared with it.
"""

from __future__ import annotations

import random
import sys
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.report import (
    command_line,
    machine,
    markdown_table,
    number,
    say,
    write_json,
)

__all__ = [
    "KINDS",
    "Event",
    "apply_event",
    "prepare_event",
    "day_of_events",
    "replan_tables",
    "run_replan",
    "sample_events",
    "split_day",
]

Record = dict[str, Any]

KINDS = ("add_need", "cancel_need", "resource_out", "capacity_cut", "add_resource", "advance", "dispatch")
"""The event kinds, as named in the tables (the planner's call in parentheses in the module docstring)."""
START, END = 8 * 60, 20 * 60
"""The day of events: 08:00 to 20:00 (minutes after midnight)."""
ARRIVING = 0.10
"""Share of the day's needs held out to arrive during the day; the same share of the morning's is cancelled."""
DISPATCH_PER_2000 = 20
"""Assignments dispatched per half hour on a day of 2,000 needs (in proportion on other days)."""
PROGRESS_EVERY = 25
"""A progress line every this many events (and after every baseline, refusal or slow event)."""
SAVE_EVERY = 50
"""``--out`` is rewritten every this many events, and after every tier."""


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


def _key(assignment: Any) -> tuple[str, int, str]:
    return assignment.need, assignment.requirement, assignment.resource


def _pick(items: Sequence[Any], u: float) -> Any:
    return items[min(int(u * len(items)), len(items) - 1)]


def _busy(planner: Any) -> list[str]:
    """Resources with undispatched work in the current plan, in id order."""
    dispatched = planner.dispatched
    return sorted({a.resource for a in planner.plan.assignments if _key(a) not in dispatched})


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
        open_ = [a for a in planner.plan.assignments if _key(a) not in dispatched
                 and problem.needs[problem.need_index[a.need]].span()[0] <= soon]
        if not open_:
            return None
        required = [a for a in open_ if problem.needs[problem.need_index[a.need]].required]
        chosen = _pick(required or open_, data)
        return f"{chosen.need}/{chosen.requirement}/{chosen.resource}", lambda: planner.dispatch(*_key(chosen))
    raise ValueError(f"unknown event kind {kind!r}")


def apply_event(planner: Any, event: Event) -> str | None:
    """Apply ``event`` now; what it acted on, or None when it has no target now."""
    prepared = prepare_event(planner, event)
    if prepared is None:
        return None
    prepared[1]()
    return prepared[0]


# Measuring ---------------------------------------------------------------------------------------


def _problem(day: Mapping[str, Any]) -> Any:
    from models import Problem

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(day)


def _coverage(plan: Any) -> tuple[float | None, float | None]:
    tier = plan.objective.get("coverage")
    return (None, None) if tier is None else (tier.value, tier.bound)


def _moved(before: Any, after: Any, needs: Mapping[str, Any]) -> int:
    """Assignments of ``before`` whose need is still a need of the day that ``after`` does not keep."""
    kept = {_key(a) for a in after.assignments}
    return sum(1 for a in before.assignments if a.need in needs and _key(a) not in kept)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return " ".join(line.strip() for line in text[:3]) if text else type(error).__name__


def _checker() -> Callable[[Any, Any], None]:
    """The independent checker of ``tests/checker.py``, as ``check(problem, plan)``."""
    import json

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from checker import check_plan

    def check(problem: Any, plan: Any) -> None:
        check_plan(json.loads(problem.to_json()), plan.model_dump(mode="json"))

    return check


def _verified(problem: Any, plan: Any, check: Callable[[Any, Any], None] | None) -> str | None:
    """None when the plan passes ``verify_plan`` (and the checker), else the first lines of the complaint."""
    from models import InvalidProblem, verify_plan

    try:
        verify_plan(problem, plan)
        if check is not None:
            check(problem, plan)
    except (InvalidProblem, AssertionError) as error:
        return _first_line(error)
    return None


def _from_scratch(problem: Any, before: Any, time_limit: float, seed: int) -> tuple[Record, Any]:
    from matching import solve

    started = time.perf_counter()
    plan = solve(problem, time_limit=time_limit, seed=seed)
    seconds = time.perf_counter() - started
    value, bound = _coverage(plan)
    return {"latency_s": round(seconds, 4), "coverage": value, "bound": bound, "status": plan.status,
            "moved": _moved(before, plan, problem.need_index)}, plan


def _event_row(position: int, event: Event, target: str, event_s: float, replan_s: float, plan: Any,
               diff: Any) -> Record:
    value, bound = _coverage(plan)
    return {"n": position, "time": hhmm(event.minute), "kind": event.kind, "target": target,
            "latency_s": round(event_s + replan_s, 5), "event_s": round(event_s, 5), "replan_s": round(replan_s, 5),
            "changed": diff.changed, "moved": len(diff.moved), "removed": len(diff.removed),
            "added": len(diff.added), "covered": len(diff.covered), "dropped": len(diff.dropped),
            "coverage": value, "bound": bound, "status": plan.status, "variables": plan.stats.variables,
            "needs": len(plan.needs)}


class _Tier:
    """One tier's run: the planner through the day, the record of every event."""

    def __init__(self, tier: str, seed: int, stream: Sequence[Event], *, baseline_every: int, time_limit: float,
                 replan_limit: float, check: Callable[[Any, Any], None] | None, record: Record,
                 save: Callable[[], None], full_at_advance: bool = False) -> None:
        self.tier, self.seed, self.stream = tier, seed, stream
        self.full_at_advance = full_at_advance
        self.baseline_every, self.time_limit, self.replan_limit = baseline_every, time_limit, replan_limit
        self.check, self.record, self.save = check, record, save

    def run(self, problem: Any) -> None:
        from matching import Planner, solve

        record = self.record
        started = time.perf_counter()
        morning = solve(problem, time_limit=self.time_limit, seed=self.seed)
        value, bound = _coverage(morning)
        record["morning"] = {"solve_s": round(time.perf_counter() - started, 3), "status": morning.status,
                             "coverage": value, "bound": bound, "assignments": len(morning.assignments)}
        say(f"[{self.tier}] morning plan: {morning.status}, coverage {value:g} / {bound:g}, "
            f"{record['morning']['solve_s']} s; {len(self.stream)} events")
        planner = Planner(problem, morning, seed=self.seed)
        for position, event in enumerate(self.stream, start=1):
            if not self._one(planner, position, event):
                return
            if position % SAVE_EVERY == 0:
                self.save()
        self._end_of_day(planner)

    def _one(self, planner: Any, position: int, event: Event) -> bool:
        """Apply one event, replan, measure; False when the planner failed (the tier stops there)."""
        from models import InvalidProblem

        record, before = self.record, planner.plan
        try:
            prepared = prepare_event(planner, event)
            target = None if prepared is None else prepared[0]
            started = time.perf_counter()
            if prepared is not None:
                prepared[1]()
            event_s = time.perf_counter() - started
        except InvalidProblem as error:
            record["refused"].append({"n": position, "time": hhmm(event.minute), "kind": event.kind,
                                      "message": _first_line(error)})
            say(f"[{self.tier}] {position}/{len(self.stream)} {hhmm(event.minute)} {event.kind}: refused: "
                f"{_first_line(error)}")
            return True
        except Exception as error:  # noqa: BLE001 - a failure of the planner is a result, kept with its traceback
            return self._failed(position, event, "event", error)
        if target is None:
            record["skipped"][event.kind] = record["skipped"].get(event.kind, 0) + 1
            return True
        try:
            started = time.perf_counter()
            plan, diff = planner.replan(time_limit=self.replan_limit,
                                        full=self.full_at_advance and event.kind == "advance")
            replan_s = time.perf_counter() - started
        except Exception as error:  # noqa: BLE001
            return self._failed(position, event, "replan", error)
        row = _event_row(position, event, target, event_s, replan_s, plan, diff)
        failure = _verified(planner.problem, plan, self.check)
        if failure:
            row["verify"] = failure
            record["verify_failures"].append({"n": position, "kind": event.kind, "message": failure})
        record["events"].append(row)
        applied = len(record["events"])
        if applied % self.baseline_every == 0:
            row["scratch"], _ = _from_scratch(planner.problem, before, self.time_limit, self.seed)
            if row["scratch"]["coverage"] is not None and row["bound"] is not None \
                    and row["scratch"]["coverage"] > row["bound"] + 1e-6:
                row["bound_below_scratch"] = True
        if row.get("scratch") or failure or row["latency_s"] > 1 or applied % PROGRESS_EVERY == 0:
            say(self._line(row))
        return True

    def _line(self, row: Record) -> str:
        text = (f"[{self.tier}] {row['n']}/{len(self.stream)} {row['time']} {row['kind']} {row['target']}: "
                f"{1000 * row['latency_s']:.0f} ms (replan {1000 * row['replan_s']:.0f}), moved {row['changed']}, "
                f"coverage {row['coverage']:g} / {row['bound']:g} {row['status']}")
        if row.get("scratch"):
            scratch = row["scratch"]
            text += (f"; from scratch {scratch['latency_s']:.2f} s, coverage {scratch['coverage']:g} "
                     f"{scratch['status']}, moved {scratch['moved']}")
        if row.get("bound_below_scratch"):
            text += " — BOUND BELOW FROM-SCRATCH COVERAGE"
        if row.get("verify"):
            text += f" — PLAN FAILS VERIFICATION: {row['verify']}"
        return text

    def _failed(self, position: int, event: Event, where: str, error: BaseException) -> bool:
        self.record["error"] = {"n": position, "time": hhmm(event.minute), "kind": event.kind, "in": where,
                                "message": _first_line(error), "traceback": traceback.format_exc()}
        say(f"[{self.tier}] {position}/{len(self.stream)} {event.kind}: {where} raised "
            f"{type(error).__name__}: {_first_line(error)} (the tier stops here)")
        return False

    def _end_of_day(self, planner: Any) -> None:
        """The final day from scratch (the last event's baseline when it had one), against the planner's plan."""
        events = self.record["events"]
        last = events[-1] if events else None
        if last is not None and last.get("scratch"):
            scratch = dict(last["scratch"])
        else:
            scratch, _ = _from_scratch(planner.problem, planner.plan, self.time_limit, self.seed)
        value, bound = _coverage(planner.plan)
        self.record["end_of_day"] = {
            "planner": {"coverage": value, "bound": bound, "status": planner.plan.status,
                        "assignments": len(planner.plan.assignments), "dispatched": len(planner.dispatched)},
            "scratch": scratch,
            "ratio": None if not scratch["coverage"] or value is None else round(value / scratch["coverage"], 5)}
        say(f"[{self.tier}] end of day: planner {value:g} / from scratch {scratch['coverage']:g} "
            f"(ratio {self.record['end_of_day']['ratio']})")


def run_replan(tiers: Sequence[str], seed: int, *, events: int | None = None, metro_events: int = 60,
               baseline_every: int = 1, metro_baseline_every: int = 10, time_limit: float = 60.0,
               replan_limit: float = 10.0, check: bool = False, out: str | None = None,
               full_at_advance: bool = False) -> Record:
    """Every tier's day of events; written to ``out`` every ``SAVE_EVERY`` events and after each tier."""
    from matching import generate_day

    results: Record = {"benchmark": "replan", "command": command_line(), "machine": machine(), "seed": seed,
                       "time_limit": time_limit, "replan_limit": replan_limit, "full_at_advance": full_at_advance,
                       "tiers": []}
    checker = _checker() if check else None

    def save() -> None:
        if out:
            write_json(out, results)

    for tier in tiers:
        started = time.perf_counter()
        morning, arriving, volunteers = split_day(generate_day(tier, seed), seed)
        stream = day_of_events(morning, arriving, volunteers, seed)
        wanted = metro_events if tier == "metro" else events
        sampled = sample_events(stream, wanted, seed) if wanted is not None else stream
        problem = _problem(morning)
        every = metro_baseline_every if tier == "metro" else baseline_every
        record: Record = {"tier": tier, "seed": seed, "needs": len(morning["needs"]),
                          "resources": len(morning["resources"]), "day_events": len(stream),
                          "planned": dict(Counter(event.kind for event in sampled)), "baseline_every": every,
                          "setup_s": round(time.perf_counter() - started, 2), "events": [], "refused": [],
                          "skipped": {}, "verify_failures": []}
        results["tiers"].append(record)
        say(f"[{tier}] {record['needs']} needs, {record['resources']} resources in the morning; "
            f"{len(sampled)} of the day's {len(stream)} events ({record['setup_s']} s to set up)")
        _Tier(tier, seed, sampled, baseline_every=every, time_limit=time_limit, replan_limit=replan_limit,
              check=checker, record=record, save=save, full_at_advance=full_at_advance).run(problem)
        record["summary"] = summarise(record)
        save()
    return results


# Summaries and tables ----------------------------------------------------------------------------


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _spread(values: Sequence[float], scale: float = 1.0) -> Record:
    return {"median": _scaled(_percentile(values, 50), scale), "p95": _scaled(_percentile(values, 95), scale),
            "max": _scaled(max(values) if values else None, scale)}


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else round(value * scale, 3)


def summarise(record: Record) -> Record:
    """The tier's numbers: latency (ms) overall and per kind, moves, from-scratch runs, end of day."""
    rows = record["events"]
    baselined = [row for row in rows if row.get("scratch")]
    kinds = {}
    for kind in KINDS:
        mine = [row for row in rows if row["kind"] == kind]
        if mine:
            kinds[kind] = {"events": len(mine), **_spread([r["latency_s"] for r in mine], 1000),
                           "replan_median": _scaled(_percentile([r["replan_s"] for r in mine], 50), 1000),
                           "moved_mean": _scaled(_mean([r["changed"] for r in mine]), 1)}
    return {
        "events": len(rows), "refused": len(record["refused"]), "skipped": sum(record["skipped"].values()),
        "latency_ms": _spread([row["latency_s"] for row in rows], 1000),
        "replan_ms": _spread([row["replan_s"] for row in rows], 1000),
        "moved_mean": _scaled(_mean([row["changed"] for row in rows]), 1),
        "moved_total": sum(row["changed"] for row in rows),
        "kinds": kinds,
        "scratch": {"solves": len(baselined), **_spread([row["scratch"]["latency_s"] for row in baselined]),
                    "moved_mean": _scaled(_mean([row["scratch"]["moved"] for row in baselined]), 1),
                    "planner_moved_mean": _scaled(_mean([row["changed"] for row in baselined]), 1)},
        "bound_below_scratch": sum(1 for row in rows if row.get("bound_below_scratch")),
        "verify_failures": len(record["verify_failures"]),
        "error": record.get("error", {}).get("message"),
    }


def _ms(value: float | None) -> str:
    return number(value, 1)


def replan_tables(results: Record) -> str:
    """The planner's latency and moves, the from-scratch baseline and end of day, and latency per event kind."""
    planner, scratch, kinds, notes = [], [], [], []
    for record in results["tiers"]:
        summary = record.get("summary") or summarise(record)
        tier, latency = record["tier"], summary["latency_ms"]
        planner.append([tier, summary["events"], summary["refused"], summary["skipped"], _ms(latency["median"]),
                        _ms(latency["p95"]), _ms(latency["max"]), _ms(summary["replan_ms"]["median"]),
                        number(summary["moved_mean"]), summary["moved_total"], summary["verify_failures"],
                        summary["bound_below_scratch"]])
        end = record.get("end_of_day") or {}
        base = summary["scratch"]
        scratch.append([tier, base["solves"], number(base["median"]), number(base["p95"]),
                        number(base["moved_mean"]), number(base["planner_moved_mean"]),
                        number(end.get("planner", {}).get("coverage"), 1),
                        number(end.get("scratch", {}).get("coverage"), 1),
                        number(None if end.get("ratio") is None else 100 * end["ratio"], 2)])
        for kind, numbers in summary["kinds"].items():
            kinds.append([tier, kind, numbers["events"], _ms(numbers["median"]), _ms(numbers["p95"]),
                          _ms(numbers["max"]), _ms(numbers["replan_median"]), number(numbers["moved_mean"])])
        if summary.get("error"):
            notes.append(f"- {tier}: the planner raised at event {record['error']['n']} "
                         f"({record['error']['kind']}, in {record['error']['in']}): {summary['error']}")
        for refusal in record["refused"][:5]:
            notes.append(f"- {tier}: refused {refusal['kind']} at {refusal['time']}: {refusal['message']}")
        for failure in record["verify_failures"][:5]:
            notes.append(f"- {tier}: plan after event {failure['n']} ({failure['kind']}) fails verification: "
                         f"{failure['message']}")
    parts = [
        markdown_table(["tier", "events", "refused", "skipped", "latency ms median", "p95", "max",
                        "replan ms median", "moved / event", "moved total", "verify failures",
                        "bound < scratch"], planner),
        markdown_table(["tier", "from-scratch solves", "s median", "s p95", "moved / solve",
                        "planner moved / same events", "end coverage planner", "from scratch", "planner %"],
                       scratch),
        markdown_table(["tier", "event", "events", "latency ms median", "p95", "max", "replan ms median",
                        "moved / event"], kinds, align="llrrrrrr"),
    ]
    return "\n\n".join(parts + (["\n".join(notes)] if notes else []))
