"""``python -m benchmarks replan``: re-planning through a day of events (``matching.Planner``) against solving
the day from scratch after each event.

The day and its events: ``benchmarks.day_of_events``.

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

import sys
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.day_of_events import (
    KINDS,
    Event,
    day_of_events,
    hhmm,
    key_of,
    prepare_event,
    sample_events,
    split_day,
)
from benchmarks.report import (
    command_line,
    machine,
    markdown_table,
    number,
    say,
    write_json,
)

__all__ = ["replan_tables", "run_replan", "summarise"]

Record = dict[str, Any]

PROGRESS_EVERY = 25
"""A progress line every this many events (and after every baseline, refusal or slow event)."""
SAVE_EVERY = 50
"""``--out`` is rewritten every this many events, and after every tier."""


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
    kept = {key_of(a) for a in after.assignments}
    return sum(1 for a in before.assignments if a.need in needs and key_of(a) not in kept)


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
                 save: Callable[[], None], local: bool = False) -> None:
        self.tier, self.seed, self.stream = tier, seed, stream
        self.local = local
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
                                        full=False if self.local else None)
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
               local: bool = False) -> Record:
    """Every tier's day of events; written to ``out`` every ``SAVE_EVERY`` events and after each tier."""
    results: Record = {"benchmark": "replan", "command": command_line(), "machine": machine(), "seed": seed,
                       "time_limit": time_limit, "replan_limit": replan_limit, "local": local,
                       "tiers": []}
    checker = _checker() if check else None

    def save() -> None:
        if out:
            write_json(out, results)

    for tier in tiers:
        started = time.perf_counter()
        morning, arriving, volunteers = split_day(_day(tier, seed), seed)
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
              check=checker, record=record, save=save, local=local).run(problem)
        record["summary"] = summarise(record)
        save()
    return results


def _day(name: str, seed: int) -> Record:
    """A tier of the generator (``city``), or a family day named ``<family>-<needs>`` (``teams-60-300``)."""
    from matching import generate_day

    if name in ("demo", "city", "metro"):
        return generate_day(name, seed)
    from benchmarks.families import family_day

    family, _, needs = name.rpartition("-")
    return family_day(family, int(needs), seed)


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
