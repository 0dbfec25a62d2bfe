"""``Planner``: a day and its current plan, kept up to date as the day happens (有呼必应).

Events change the day (``models.events``): a need comes in or is cancelled, a resource comes forward,
changes or goes out, a unit's caps change, work is dispatched, time passes. ``replan`` then re-solves
only the needs the events touched and their neighbours (``matching.replan.local``; the whole day after
the clock has moved), under the planner's tiers (default coverage, stability, cost: after coverage,
change as few undispatched assignments of the current plan as possible), and returns the new plan with
a ``PlanDiff``.

What a replan proves: the neighbourhood is solved exactly with the rest of the plan fixed, so the
plan is as good as the rest allows, not always the best for the whole day. The coverage bound stays
valid for the whole day after every event: each event can raise the best coverage by at most the
weight it could add (a new need's weight; the weight of the needs a new or grown resource or unit
could serve), and nothing else raises it; a full re-solve (``replan(full=True)``) proves the day
again and tightens it. A plan is ``optimal`` only when every tier is proven for the whole day.

One planner may be called from several threads: every call holds the planner's lock, so calls run
one at a time in the order they take it. Planners share nothing; many may live in one process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matching.network.pairs import Network, build_network
from matching.network.patch import patch_network
from matching.outcome.core import required_core
from matching.outcome.plan import Rows, build_plan
from matching.replan import diff as diffs
from matching.replan.journal import Journal, read_journal
from matching.replan.local import Neighbourhood, neighbourhood, resolve
from matching.replan.rules import check_plan_matches, only_less, refuse_below_dispatched, releasable, spend
from matching.replan.tracked import Tracked, carry_lookups, pairs_of_keys
from matching.replan.whole import covered_needs, reasons_of, whole_day
from matching.scaling import to_hundredths
from matching.search.tiers import Solution
from matching.solve import solve, version
from models import InvalidProblem, Issue, Plan, Problem, Stats, events
from models.replan import Candidate, PlanDiff

__all__ = ["Planner", "DEFAULT_TIERS", "PLANNER_TIERS"]

log = logging.getLogger("sanhu")

DEFAULT_TIERS = ("coverage", "stability", "cost")
PLANNER_TIERS = ("coverage", "stability", "cost")
"""The tiers a planner can hold; coverage comes first, the others in any order."""

Key = tuple[str, int, str]
"""An assignment by ids: (need, requirement, resource)."""
LOGGED = 10
"""Released needs named in the log's warning (the diff lists every one)."""


class Planner:
    """Holds a day and its plan, and re-plans as events come in.

    Parameters
    ----------
    problem : models.Problem
        The morning's day.
    plan : models.Plan, optional
        Its plan (default: solved now, with ``time_limit`` and ``seed``).
    tiers : sequence of str
        The re-planning tiers, ``coverage`` first (default coverage, stability, cost).
    journal : path, optional
        Append every accepted event to this file (JSON lines, each fsynced before the call returns);
        ``Planner.recover`` rebuilds a planner from the morning's day and the journal.

    Making a planner builds the day's network and the plan's rows (a second on a city day, about ten on a
    metro day), so that each call after it costs what the call touches.

    Examples
    --------
    >>> from matching import Planner, example_day
    >>> planner = Planner(example_day())
    >>> planner.add_need({"id": "n-walk-in", "area": "sp-gl-g1-m1", "requires": [{"skill": "repair"}]})
    >>> plan, diff = planner.replan()
    >>> plan.status in ("optimal", "feasible"), "n-walk-in" in diff.covered
    (True, True)
    """

    def __init__(self, problem: Problem, plan: Plan | None = None, *, tiers: Sequence[str] = DEFAULT_TIERS,
                 time_limit: float | None = None, seed: int = 0, journal: str | Path | None = None) -> None:
        self._lock = threading.RLock()
        self._tiers = _checked_tiers(tiers)
        self._seed = seed
        self._problem = problem
        self._plan = plan if plan is not None else solve(problem, time_limit=time_limit, seed=seed)
        check_plan_matches(problem, self._plan)
        self._assigned = _by_need(self._plan.assignments)  # the current assignments, by need
        self._dispatched: set[Key] = set()
        self._amounts: dict[Key, float] = {}  # what each dispatched assignment took
        coverage = self._plan.objective.get("coverage")
        self._bound = to_hundredths(coverage.bound if coverage and coverage.bound is not None else _total(problem))
        self._dirty: set[str] = set()
        self._grown: set[str] = set()  # resources whose growth may raise the best coverage
        self._freed: set[str] = set()  # resources whose capacity an event gave back
        self._touched: set[str] = set()  # resources an event changed, directly or through their unit
        self._skills: set[str] = set()  # skills of resources whose record changed (old and new record)
        self._rejudge = False  # every unmet need's reason to be judged again (time has passed)
        self._ticked = False  # the clock has moved since the last replan
        self._cancelled: list[str] = []
        self._changed = False  # an event since the last replan may change the plan (a dispatch cannot)
        self._released: list[str] = []  # required needs the day could no longer cover, since the last replan
        self._now: int | None = None
        self._day = Tracked()  # the day's network, patched as events come, and the assignments as its pairs
        self._rows = Rows()  # the current plan's rows, for the next plan to reuse
        self._journal = Journal(journal) if journal is not None else None
        self._prepare()

    # Reading ---------------------------------------------------------------------------------------

    @property
    def problem(self) -> Problem:
        """The day as it is now."""
        with self._lock:
            return self._problem

    @property
    def plan(self) -> Plan:
        """The current plan (the last ``replan``'s, or the morning's)."""
        with self._lock:
            return self._plan

    @property
    def dispatched(self) -> frozenset[Key]:
        """Assignments handed out, as (need, requirement, resource)."""
        with self._lock:
            return frozenset(self._dispatched)

    @property
    def tiers(self) -> tuple[str, ...]:
        return self._tiers

    # Events ----------------------------------------------------------------------------------------

    def add_need(self, need: Mapping[str, Any], arcs: Iterable[Mapping[str, Any]] = ()) -> None:
        """A new need (a day-file need record), with its arcs if it brings any."""
        with self._lock:
            arcs = [dict(arc) for arc in arcs]
            problem = events.added_need(self._problem, need, arcs)
            record = problem.needs[-1]
            self._accept("add_need", {"need": _plain(need), "arcs": arcs}, problem)
            self._day.changed_needs([record.id])
            self._dirty.add(record.id)
            self._bound += to_hundredths(record.weight)

    def cancel_need(self, need_id: str) -> None:
        """The need is withdrawn; what was dispatched to it stays spent."""
        with self._lock:
            problem = events.removed_need(self._problem, need_id)
            spent = [key for key in self._dispatched if key[0] == need_id]
            problem = spend(problem, spent, self._amounts)
            self._accept("cancel_need", {"need": need_id}, problem)
            held = self._assigned.pop(need_id, set())
            self._freed |= {key[2] for key in held}
            self._touched |= {key[2] for key in held} | {key[2] for key in spent}
            self._dispatched -= set(spent)
            self._day.removed(need_id)
            self._day.changed_resources(key[2] for key in spent)
            self._dirty.discard(need_id)
            self._cancelled.append(need_id)

    def add_resource(self, resource: Mapping[str, Any]) -> None:
        """Someone or something comes forward (a day-file resource record)."""
        with self._lock:
            problem = events.added_resource(self._problem, resource)
            self._accept("add_resource", {"resource": _plain(resource)}, problem)
            self._day.changed_resources([problem.resources[-1].id])
            self._grown.add(problem.resources[-1].id)
            self._touched.add(problem.resources[-1].id)
            self._skills |= set(problem.resources[-1].skills)

    def update_resource(self, resource_id: str, **changes: Any) -> None:
        """Change fields of a resource: capacity or windows down, out for the day (``available=[]``), ..."""
        with self._lock:
            before = self._problem
            problem = events.changed_resource(before, resource_id, changes)
            refuse_below_dispatched(problem, resource_id, self._amounts, self._dispatched)
            self._accept("update_resource", {"resource": resource_id, "changes": _plain(changes)}, problem)
            self._day.changed_resources([resource_id])
            self._skills |= set(before.resources[before.resource_index[resource_id]].skills)
            self._skills |= set(problem.resources[problem.resource_index[resource_id]].skills)
            self._touch_resource(resource_id, grown=not only_less(before, problem, resource_id))

    def update_unit(self, unit_id: str, **changes: Any) -> None:
        """Change fields of a resident unit (its caps, members, partner areas)."""
        with self._lock:
            problem = events.changed_unit(self._problem, unit_id, changes)
            self._accept("update_unit", {"unit": unit_id, "changes": _plain(changes)}, problem)
            self._day.changed_all()
            for resource in problem.resources:
                if resource.unit == unit_id:
                    self._touch_resource(resource.id, grown=True)

    def dispatch(self, need: str, requirement: int, resource: str) -> None:
        """The assignment is handed out: it can no longer move, and its capacity is spent."""
        with self._lock:
            key = (need, requirement, resource)
            if key not in self._assigned.get(need, ()):
                raise InvalidProblem([Issue("dispatch", f"need {need!r} requirement {requirement} is not assigned "
                                            f"to {resource!r} in the current plan")], subject="the event")
            arcs = self._pin_arcs(need)
            problem = events.pinned(self._problem, need, arcs)
            self._accept("dispatch", {"need": need, "requirement": requirement, "resource": resource}, problem)
            self._day.changed_needs([need])
            self._dispatched.add(key)
            self._amounts[key] = next(amount for held, amount, _ in arcs if held == resource)

    def advance(self, now: str) -> None:
        """Time passes: availability that has ended is gone; dispatched work stays."""
        with self._lock:
            minute = events.clock(now)
            if self._now is not None and minute < self._now:
                raise InvalidProblem([Issue("now", f"time does not go back: {now!r} is before the planner's "
                                            f"{events.hhmm(self._now)}")], subject="the event")
            problem = events.advanced(self._problem, now)
            self._accept("advance", {"now": now}, problem)
            self._day.changed_all()
            self._now = minute
            self._rejudge = True  # assignments whose time has gone leave the network: the replan finds them
            self._ticked = True

    # Re-planning -----------------------------------------------------------------------------------

    def replan(self, time_limit: float | None = None, *, full: bool | None = None) -> tuple[Plan, PlanDiff]:
        """Re-solve what the events since the last replan touched; returns the new plan and its diff.

        ``full``: re-solve the whole day (True), only the neighbourhood of what the events touched (False),
        or (None, the default) the whole day when the clock has moved since the last replan and the
        neighbourhood otherwise: time passing cuts every resource's hours at once, and a whole-day re-solve
        then also takes back what the day's local replans could not see (``benchmarks/README.md``, re-planning).
        """
        with self._lock:
            asked, full = full, self._ticked if full is None else full
            if not (self._changed or full):  # only dispatches: the plan holds as it is, with the same bound
                self._journal_append("replan", {"time_limit": time_limit, "full": asked})
                return self._plan, PlanDiff()
            started = time.perf_counter()
            network = self._current_network()
            if full and self._release(network, core=False):  # required needs nothing left can cover: out first
                network = self._current_network()
            chosen, lost = self._day.chosen_pairs()
            # what lost assignments held is free again (time passed, a resource changed): who could use it
            self._freed |= {key[2] for need in lost for key in self._assigned.get(need, ())
                            if key not in self._dispatched}
            index = network.problem.need_index
            dirty = {index[n] for n in self._dirty | lost if n in index} | self._served_by(network, chosen)
            pinned = self._pinned_needs(network)
            if full:
                hood = Neighbourhood(np.asarray(sorted(set(range(len(network.problem.needs))) - pinned),
                                                dtype=np.int64), chosen[np.isin(network.pair_need[chosen], list(pinned))])
            else:
                hood = neighbourhood(network, chosen, dirty, pinned)
            self._bound += self._growth(network)
            solution, new_chosen, variables = resolve(network, chosen, hood, self._tiers, previous=chosen,
                                                      time_limit=time_limit, seed=self._seed, fill=full)
            if solution.status in ("infeasible", "unknown") and not full:
                return self.replan(_left(time_limit, started), full=True)
            if solution.status == "infeasible" and self._release(network):
                return self.replan(_left(time_limit, started), full=True)
            changed = np.union1d(hood.needs, [index[n] for n in lost]).astype(np.int64)  # whose rows may change
            before, origin = self._rows.tables, self._day.origin
            plan = self._plan_of(network, solution, new_chosen, chosen, hood, changed, full, variables, started)
            if full or before is None or origin is None or not _has_plan(self._plan) or not _has_plan(plan):
                diff, changed = diffs.between(self._plan, plan, self._cancelled, self._released), None
            else:
                diff = diffs.within(before, self._rows.tables, origin, changed, network.problem, self._cancelled,
                                    self._released)
            self._settle(plan, network, new_chosen, changed)
            self._journal_append("replan", {"time_limit": time_limit, "full": asked})
            return plan, diff

    def candidates(self, need: str | Mapping[str, Any], top: int = 5, *,
                   time_limit: float | None = None) -> list[Candidate]:
        """The resources that could take a need now, ranked by what taking each would displace.

        ``need`` is the id of a need of the day, or a need record not added yet (a walk-in request:
        the day is not changed). For every requirement and every resource that may fill it, the
        need is forced onto that resource and its neighbourhood re-solved; a candidate lists the
        needs of the current plan left unmet, the weight lost and the assignments moved.
        """
        with self._lock:
            from matching.replan.candidates import rank_candidates

            problem = self._problem
            if not isinstance(need, str):
                problem = events.added_need(problem, need)
                need = problem.needs[-1].id
            elif need not in problem.need_index:
                raise InvalidProblem([Issue("need", f"unknown need {need!r}")], subject="the request")
            network = self._current_network()
            chosen, _ = self._day.chosen_pairs()
            if problem is not self._problem:  # the walk-in need after the day's needs
                patch = patch_network(network, problem)
                if patch is None:
                    network = build_network(problem, grid=network.grid)
                    chosen, _ = pairs_of_keys(network, self._assigned)
                else:
                    network, chosen = patch.network, patch.origin.pairs_to(chosen)
            return rank_candidates(network, chosen, problem.need_index[need], self._tiers,
                                   pinned=self._pinned_needs(network), top=top, time_limit=time_limit,
                                   seed=self._seed)

    # Durability ------------------------------------------------------------------------------------

    @classmethod
    def recover(cls, problem: Problem, journal: str | Path, plan: Plan | None = None, **options: Any
                ) -> tuple[Planner, str | None]:
        """A planner rebuilt from the morning's day (and plan) and its journal, which it goes on writing.

        Returns the planner and a note when the journal's last line was cut short (it is left out: its
        call had not returned). Replans are replayed too, so the plan is the one the journal's writer had.
        """
        records, note = read_journal(journal)
        planner = cls(problem, plan, **options)
        for number, record in enumerate(records, start=2):
            try:
                planner._replay(record)
            except (InvalidProblem, KeyError, TypeError) as error:
                raise InvalidProblem([Issue(f"{journal}:{number}", f"cannot replay this event: {error}")],
                                     subject="the journal") from None
        planner._journal = Journal(journal)
        if note:
            log.warning("journal %s: %s", journal, note)
        return planner, note

    def _replay(self, record: Mapping[str, Any]) -> None:
        kind, data = record["event"], record.get("data", {})
        if kind == "add_need":
            self.add_need(data["need"], data.get("arcs", ()))
        elif kind == "cancel_need":
            self.cancel_need(data["need"])
        elif kind == "add_resource":
            self.add_resource(data["resource"])
        elif kind == "update_resource":
            self.update_resource(data["resource"], **data["changes"])
        elif kind == "update_unit":
            self.update_unit(data["unit"], **data["changes"])
        elif kind == "dispatch":
            self.dispatch(data["need"], data["requirement"], data["resource"])
        elif kind == "advance":
            self.advance(data["now"])
        elif kind == "release":
            with self._lock:
                self._accept("release", data, events.released(self._problem, data["needs"]))
                self._released.extend(data["needs"])
                self._dirty |= set(data["needs"])
                self._day.changed_needs(data["needs"])
        elif kind == "replan":
            self.replan(data.get("time_limit"), full=data.get("full", False))
        else:
            raise KeyError(f"unknown event {kind!r}")

    # Inside ----------------------------------------------------------------------------------------

    def _prepare(self) -> None:
        """Build the day's network and the plan's rows now, when the planner is made (a second or two on a
        city day, about ten on a metro day), rather than in the first call that needs them: from then on a
        call's work follows what it touches. The rows are those of ``plan`` itself (its reasons as they are)."""
        if not _has_plan(self._plan):
            return
        network = self._current_network()
        chosen, lost = self._day.chosen_pairs()
        if lost:  # the plan's assignments are not all pairs of the day (checked already): leave it to a replan
            return
        index = network.problem.need_index
        reasons = {index[outcome.id]: outcome.reason for outcome in self._plan.needs if outcome.reason is not None}
        covered = covered_needs(network, chosen)
        if len(reasons) + len(covered) != len(network.problem.needs):
            return
        build_plan(network, Solution(self._plan.status, [], chosen, covered), reasons, self._plan.stats,
                   self._plan.core, rows=self._rows)
        self._day.settled(chosen)

    def _accept(self, kind: str, data: Mapping[str, Any], problem: Problem) -> None:
        """Take the event's new day: journal it first, so that nothing is accepted that is not on disk."""
        self._journal_append(kind, data)
        carry_lookups(self._problem, problem)
        self._problem = problem
        self._changed = self._changed or kind != "dispatch"

    def _journal_append(self, kind: str, data: Mapping[str, Any]) -> None:
        if self._journal is not None:
            self._journal.append({"event": kind, "data": dict(data)})

    def _current_network(self) -> Network:
        return self._day.current(self._problem, self._assigned)

    def _pinned_needs(self, network: Network) -> set[int]:
        return {network.problem.need_index[key[0]] for key in self._dispatched}

    def _served_by(self, network: Network, chosen: np.ndarray) -> set[int]:
        """Uncovered needs that a freed or grown resource could serve now."""
        touched = self._freed | self._grown
        if not touched:
            return set()
        near = _needs_using(network, touched)
        held = np.zeros(len(network.problem.needs), dtype=bool)
        held[network.pair_need[chosen]] = True
        return set(near[~held[near]].tolist())

    def _growth(self, network: Network) -> int:
        """How much the best coverage may have risen through grown resources: the weight they could serve."""
        if not self._grown:
            return 0
        return int(network.weight[_needs_using(network, self._grown)].sum())

    def _touch_resource(self, resource_id: str, *, grown: bool) -> None:
        self._touched.add(resource_id)
        if self._day.network is not None:
            holders = self._day.holders(resource_id)
        else:
            holders = {need for need, held in self._assigned.items() if any(key[2] == resource_id for key in held)}
        self._dirty |= {need for need in holders if any(key[2] == resource_id and key not in self._dispatched
                                                        for key in self._assigned.get(need, ()))}
        if grown:
            self._grown.add(resource_id)
        else:
            self._freed.discard(resource_id)

    def _pin_arcs(self, need: str) -> list[tuple[str, float, float]]:
        """Arcs for a need being pinned: the resources of its current assignments (amounts and costs as now),
        so that its work stays possible whatever the clock or its resources' other changes."""
        network = self._current_network()
        chosen, _ = self._day.chosen_pairs()
        problem = network.problem
        n = problem.need_index[need]
        arcs = {}
        for p in chosen[network.pair_need[chosen] == n].tolist():
            resource = problem.resources[int(network.pair_resource[p])].id
            arcs[resource] = (resource, network.pair_amount[p] / 100, network.pair_cost[p] / 100)
        return list(arcs.values())

    def _plan_of(self, network: Network, solution: Solution, chosen: np.ndarray, before: np.ndarray,
                 hood: Neighbourhood, changed: np.ndarray, full: bool, variables: int, started: float) -> Plan:
        """The whole day's plan from the re-solved neighbourhood and the fixed rest; ``changed``: the needs
        whose assignments may differ from the current ones (elsewhere they are kept as they are)."""
        needs, index = network.problem.needs, network.problem.need_index
        if solution.status in ("infeasible", "unknown"):  # no plan: every current assignment is dropped
            changed = np.asarray(sorted(index[need] for need in self._assigned if need in index), dtype=np.int64)
        kept = {int(n): {key for key in self._assigned.get(needs[n].id, ()) if key not in self._dispatched}
                for n in changed.tolist()}
        whole = whole_day(network, solution.status, chosen, self._tiers, bound=self._bound, kept=kept,
                          proven=full and solution.status == "optimal")
        core = required_core(network, seconds=10.0) if whole.status == "infeasible" else None
        everything = full or self._rejudge or whole.status not in ("feasible", "optimal")
        reasons = reasons_of(network, whole, before, hood, None if everything else self._previous_reasons(),
                             self._touched, self._skills, set(self._cancelled) | self._day.lost)
        stats = Stats(build_s=0.0, solve_s=round(time.perf_counter() - started, 3), components=1,
                      variables=variables, engine="scip", workers=1, seed=self._seed, version=version())
        return build_plan(network, whole, reasons, stats, core, rows=self._rows, origin=self._day.origin)

    def _previous_reasons(self) -> np.ndarray:
        """The current plan's reason of every need of the network (None: covered, or new)."""
        tables, origin = self._rows.tables, self._day.origin
        if tables is not None and origin is not None:
            found = origin.need_from >= 0
            previous = np.empty(len(origin.need_from), dtype=object)
            previous[found] = tables.needs.keys[origin.need_from[found]]
            return previous
        by_id = {n.id: n.reason for n in self._plan.needs if n.reason is not None}
        problem = self._day.network.problem
        previous = np.empty(len(problem.needs), dtype=object)
        previous[:] = [by_id.get(need.id) for need in problem.needs]
        return previous

    def _release(self, network: Network, *, core: bool = True) -> bool:
        """The day can no longer cover its required needs: some stop being required (journaled as
        ``release``, logged, listed in the next diff), so that the plan goes on covering what it can.

        Which: ``rules.releasable`` (``core``: a core's needs when none is beyond cover alone). False when
        there is none to release.
        """
        needs = releasable(network, {key[0] for key in self._dispatched}, core=core)
        if not needs:
            return False
        log.warning("%d required need%s the day can no longer cover, no longer required: %s%s", len(needs),
                    "" if len(needs) == 1 else "s", ", ".join(needs[:LOGGED]),
                    f" and {len(needs) - LOGGED} more (the next diff's released lists them all)"
                    if len(needs) > LOGGED else "")
        self._accept("release", {"needs": needs}, events.released(self._problem, needs))
        self._released.extend(needs)
        self._dirty |= set(needs)
        self._day.changed_needs(needs)
        return True

    def _settle(self, plan: Plan, network: Network, chosen: np.ndarray, changed: np.ndarray | None) -> None:
        """``plan`` is the current plan; ``chosen`` its pairs, which differ from the last plan's only for the
        needs ``changed`` (None: anywhere)."""
        self._plan = plan
        if plan.status == "infeasible":  # no plan: the last one's assignments stay the ones to keep
            self._dirty, self._cancelled = set(), []
            self._day.settled(None)
            return
        if not _has_plan(plan):
            chosen = np.zeros(0, dtype=np.int64)
        self._released = []
        if changed is None:
            self._assigned = _by_need(plan.assignments)
        else:
            needs = network.problem.needs
            for n in changed.tolist():
                self._assigned.pop(needs[n].id, None)
            inside = np.zeros(len(needs), dtype=bool)
            inside[changed] = True
            for p in chosen[inside[network.pair_need[chosen]]].tolist():
                need = int(network.pair_need[p])
                key = (needs[need].id, int(network.pair_slot[p] - network.first_slot[need]),
                       network.problem.resources[int(network.pair_resource[p])].id)
                self._assigned.setdefault(key[0], set()).add(key)
        self._day.settled(chosen)
        self._bound = to_hundredths(plan.objective["coverage"].bound)
        self._dirty, self._grown, self._freed, self._cancelled, self._touched = set(), set(), set(), [], set()
        self._skills, self._rejudge, self._changed, self._ticked = set(), False, False, False


def _left(time_limit: float | None, started: float) -> float | None:
    """What is left of a replan's time limit for the whole-day replan it hands over to (at least a second, or
    the whole limit when shorter)."""
    if time_limit is None:
        return None
    return max(time_limit - (time.perf_counter() - started), min(1.0, time_limit))


def _by_need(assignments: Iterable[Any]) -> dict[str, set[Key]]:
    held: dict[str, set[Key]] = {}
    for a in assignments:
        held.setdefault(a.need, set()).add((a.need, a.requirement, a.resource))
    return held


def _has_plan(plan: Plan) -> bool:
    return plan.status in ("feasible", "optimal")


def _needs_using(network: Network, resources: Iterable[str]) -> np.ndarray:
    """The needs (sorted indices) with a pair of one of the resources ``resources`` (ids)."""
    index = network.problem.resource_index
    using = np.zeros(len(network.problem.resources), dtype=bool)
    using[[index[r] for r in resources if r in index]] = True
    return np.unique(network.pair_need[using[network.pair_resource]])


def _total(problem: Problem) -> float:
    return sum(need.weight for need in problem.needs)


def _checked_tiers(tiers: Sequence[str]) -> tuple[str, ...]:
    tiers = tuple(tiers)
    issues = [Issue(f"tiers[{i}]", f"{name!r} is not a re-planning tier (choose from {', '.join(PLANNER_TIERS)})")
              for i, name in enumerate(tiers) if name not in PLANNER_TIERS]
    if not tiers or tiers[0] != "coverage":
        issues.append(Issue("tiers[0]", "the first tier must be 'coverage'"))
    if len(set(tiers)) != len(tiers):
        issues.append(Issue("tiers", "a tier appears more than once"))
    if issues:
        raise InvalidProblem(issues, subject="the planner's tiers")
    return tiers


def _plain(data: Any) -> Any:
    return data.model_dump(mode="json", exclude_none=True) if hasattr(data, "model_dump") else dict(data)
