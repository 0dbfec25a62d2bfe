"""A race of exact strategies on one model, each lane on its own thread: the first proof wins.

No engine and no way of solving the tiers is fastest on every kind of day (``python -m benchmarks
families``, ``benchmarks/README.md``): on the generator's city tier SCIP with coverage and cost as one
objective proves a day 3 times faster than HiGHS; on plain 2,000-need days HiGHS with the one objective
is the fastest; on days of teams (needs asking several people at once) the one objective takes HiGHS a
minute where coverage first (coverage alone, then the one objective with coverage held) takes it 19 s, and
SCIP does not finish; on days of 30 needs HiGHS proves in a hundredth of a second what takes SCIP three or
four. Which wins cannot be told from the model beforehand, so two lanes run, one per core (every engine
releases Python's lock while it searches), and the first proof decides: a proven optimum of every tier, or
proven infeasibility. The first lane runs HiGHS with the one objective to the end: the fastest engine on most
parts, and the one whose search a restart would waste most on large days that it proves late (40–50 s). The
second runs SCIP for ``SCIP_FOR`` seconds, then HiGHS coverage first (on a model without the one objective,
where every way is the same search, the HiGHS lane goes tier by tier and the second lane keeps SCIP).

The first lane runs on the caller's own thread, at once; the second on a thread of its own, and only once the
first has searched for ``RACE_DELAY`` seconds of processor time (counted from its engine being built, on the
first's own thread, so a busy machine or a slow first start does not bring the second in early): a part the
first proves quickly costs one core, its plan is the first lane's alone, and no thread hands anything to
another (waking a thread on an idle core took 2-4 ms here, as long as such a part's whole search). When no
lane proves before the time limit, the best plan found is kept (tiers compared in order) with the tightest
coverage bound any lane proved.

A race returns as soon as a lane proves: the losers are interrupted and left to wind down on their own
thread (an engine notices an interruption at its next check, which for HiGHS can be a second away), so
the caller's next step overlaps with it; ``settle()`` waits for every loser so far, and so does the
process before it exits.

A plan a race returns is optimal, but which optimal plan comes back depends on which strategy proved
first; the winner is returned with it, and solving with that strategy alone (``solve(engine=...,
combine_tiers=...)``) gives the same plan again.
"""

from __future__ import annotations

import _thread
import atexit
import itertools
import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from matching.model.formulation import LinearModel
from matching.search.tiers import Solution, TierOutcome, effective_mode, solve_tiers

__all__ = ["Strategy", "Phase", "RACE", "RACE_COST_ONLY", "RACE_DELAY", "SCIP_FOR", "CALLER_LANE_BELOW", "race", "running", "settle"]

log = logging.getLogger("sanhu")


@dataclass(frozen=True)
class Strategy:
    """An engine and how it solves coverage followed by cost (``matching.search.tiers.MODES``)."""

    engine: str
    mode: str = "one-objective"

    @property
    def name(self) -> str:
        suffix = {"one-objective": "", "tier-by-tier": "/tiers", "coverage-first": "/coverage-first"}[self.mode]
        return self.engine + suffix


@dataclass(frozen=True)
class Phase:
    """A strategy a lane runs for at most ``seconds`` (None: for the rest of the time)."""

    strategy: Strategy
    seconds: float | None = None


SCIP_FOR = 15.0
"""Seconds the second lane gives SCIP before it runs HiGHS coverage first: SCIP proves within this the parts it is
the fastest engine on (the city tier's largest in 3.6–10 s, teams-30-300 s2 in 7 s, outbound-300 s3 in 9–12 s),
and coverage first proves in the rest the team-heavy parts that neither engine's one objective proves in a
minute (teams-30-300 s1 in 19 s of its own; ``benchmarks/README.md``)."""
RACE = ((Phase(Strategy("highs")),),
        (Phase(Strategy("scip"), SCIP_FOR), Phase(Strategy("highs", "coverage-first"))))
"""The lanes of the race, the first starting at once: HiGHS with one objective (the fastest engine on most family
days, and the cheapest to start on the many small parts of a day), and SCIP with one objective from the greedy
start (the generator's tiers, days of binding area limits), then HiGHS coverage first, which a part HiGHS has
not proven within ``RACE_DELAY`` brings in.

A first lane that left the one objective after 4 s (for tier by tier, or for coverage first while HiGHS's bounds
left coverage open) lost 2,000-need days that HiGHS with the one objective proves alone at 39 and 50 s."""
RACE_COST_ONLY = ((Phase(Strategy("cp-sat")),), (Phase(Strategy("highs")),))
"""The lanes when every need of the part is required, so that only cost is left (a generalized assignment
problem): CP-SAT proves small tight ones fastest, HiGHS larger ones."""
RACE_DELAY = 0.02
"""Seconds of the first lane's search (processor time on its thread) before the second starts. Parts the first
proves within it (most parts of 30-need days: a few milliseconds of HiGHS) cost one core and do not pay for
starting SCIP beside them (starting both at once made such parts 2–5 times slower); a part the second wins
costs about this much more than the second alone. Measured on the part models of the 30- and 300-need family
days at 0, 0.01, 0.02, 0.05, 0.1 and 0.25 s, then on whole solves of the family days and the city tier
(``benchmarks/README.md``): at 0.25 a 300-need part SCIP proves in
0.4 s took 0.64 s, at 0.02 the worst race over the same parts was within 1.4 times the faster engine."""

CALLER_LANE_BELOW = 500
"""Models with fewer variables run the first lane on the caller's thread, the others on threads of their own;
larger ones every lane on a thread of its own. A part the first lane proves before the second starts then
costs no hand-over between threads, which on an idle core took 2-4 ms here (plain-30 s3's part: 4-6 ms in
the race against 4-15 ms with the first lane on a thread of its own, HiGHS alone 4-5 ms). The caller cannot
leave a search it runs itself: when a later lane proves first, it waits for the first lane to notice the
interruption, which took HiGHS up to 0.24 s on parts of 680-1,000 variables and up to 2.7 s on the city
tier's 31,000-variable part, and at most 8 ms on the family days' parts below 500 variables (interrupted
1-10 ms into their search)."""

_POLL = 0.02  # seconds between repeated interruptions of a loser that has not returned yet


@dataclass
class _Lane:
    phases: tuple[Phase, ...]
    engine: object | None = None
    found: list[tuple[Solution, Strategy]] = field(default_factory=list)
    """What each phase run so far returned."""
    error: BaseException | None = None
    done: bool = False
    """Its phases have ended (or it was stopped before its turn came)."""
    stopped: threading.Event = field(default_factory=threading.Event)
    clock: Callable[[], float] | None = None
    """Reads the processor time of the thread running the lane (``_thread_clock``), once it runs."""
    searching_from: float | None = None
    """That thread's processor seconds when the lane's engine was built (None until then)."""

    @property
    def name(self) -> str:
        return "+".join(phase.strategy.name for phase in self.phases)

    @property
    def solution(self) -> Solution | None:
        return self.found[-1][0] if self.found else None

    def searched(self) -> float:
        """Processor seconds this lane has spent since its engine was built (0 before)."""
        if self.searching_from is None or self.clock is None:
            return 0.0
        return self.clock() - self.searching_from


def _thread_clock() -> Callable[[], float]:
    """A reader of the calling thread's processor time (user and system, to the nanosecond; ``/proc``'s counts are
    10 ms ticks, and a part proven in 11 ms could read as 20 ms and start the second lane), which other threads
    may call; wall time where the platform has no such clock."""
    try:
        clock = time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):
        return time.perf_counter

    def read() -> float:
        try:
            return time.clock_gettime(clock)
        except OSError:  # the thread has ended
            return math.inf

    return read


def race(model: LinearModel, tiers: Sequence[str], *, time_limit: float | None, seed: int,
         hint: np.ndarray | None = None, hint_feasible: bool = False, known_bound: int | None = None,
         on_tier: Callable[[TierOutcome], None] | None = None,
         lanes: Sequence[Sequence[Phase]] | None = None, delay: float | None = None) -> tuple[Solution, Strategy]:
    """Solve ``tiers`` of ``model`` on every lane at once; the first proof wins.

    Returns the winning solution and the strategy that found it (when none proves: the best solution,
    with the tightest coverage bound found). ``on_tier`` hears the returned solution's tiers at the end.
    ``lanes`` (default ``RACE``, or ``RACE_COST_ONLY`` when only cost is left) start one after another,
    each after the one before has searched ``delay`` seconds (default ``RACE_DELAY``).
    """
    started = time.perf_counter()
    if lanes is None:
        lanes = RACE_COST_ONLY if model.every_need_required else RACE
    delay = RACE_DELAY if delay is None else delay
    racing = [_Lane(phases) for phases in _without_repeats([_as_run(model, tiers, phases) for phases in lanes])]
    finished = threading.Condition()
    followed = False  # whether the later lanes' threads have been started

    def built(lane: _Lane, engine: object) -> None:
        lane.engine = engine
        if lane.stopped.is_set():  # the race was decided while this lane built its engine: search no further
            engine.interrupt()
        if lane.searching_from is None:
            lane.searching_from = lane.clock()
        if lane is racing[0]:
            follow()  # the first lane's search is about to release Python's lock: the others' threads start in it

    def run(lane: _Lane) -> None:
        lane.clock = _thread_clock()
        try:
            for phase in lane.phases:
                left = None if time_limit is None else max(time_limit - (time.perf_counter() - started), 0.001)
                limit = phase.seconds if left is None else (left if phase.seconds is None else min(left, phase.seconds))
                if lane.stopped.is_set() or (left is not None and left <= 0.001 and lane.found):
                    return
                solution = solve_tiers(model, tiers, engine=phase.strategy.engine, time_limit=limit, workers=1,
                                       seed=seed, hint=hint, hint_feasible=hint_feasible, known_bound=known_bound,
                                       weighted=phase.strategy.mode, on_engine=lambda engine: built(lane, engine))
                with finished:
                    lane.found.append((solution, phase.strategy))
                if solution.status in ("optimal", "infeasible"):
                    _interrupt([other for other in racing if other is not lane])  # the caller may be searching
                    return
        except BaseException as error:  # re-raised in the caller's thread
            lane.error = error
        finally:
            with finished:
                lane.done = True
                finished.notify_all()

    def wait_then_run(lane: _Lane, before: _Lane) -> None:
        """On a lane's own thread: run it once ``before`` has searched ``delay`` seconds or ended, unless the race
        is decided first; then, if it won, interrupt the others until they have returned."""
        while not (lane.stopped.is_set() or before.done):
            left = delay - before.searched()
            if left <= 0:
                break
            lane.stopped.wait(left)  # processor time cannot run ahead of the time waited
        run(lane)
        if _decisive(lane):
            _interrupt_until_returned([other for other in racing if other is not lane])

    def follow() -> None:
        nonlocal followed
        if not followed:
            followed = True
            for before, lane in itertools.pairwise(racing):
                _spawn(wait_then_run, lane, before)

    def first() -> None:
        run(racing[0])
        follow()  # when the first lane ended before building an engine

    if model.variables < CALLER_LANE_BELOW:
        first()
        error = racing[0].error
        if error is not None and not isinstance(error, Exception):  # an interrupt of the caller's own
            _stop(racing)
            raise error
    else:
        _spawn(first)
    with finished:
        while not (any(_decisive(lane) for lane in racing) or all(lane.done for lane in racing)):
            finished.wait()
        picked = _pick(racing) if any(lane.found for lane in racing) else None  # before a loser adds to it
    _stop(racing)
    decided = time.perf_counter()
    if picked is None:  # every lane has ended, none with a solution
        raise next(lane.error for lane in racing if lane.error is not None)
    solution, strategy = picked
    log.debug("race of %s: %s won (%s) after %.2f s", ", ".join(lane.name for lane in racing), strategy.name,
              solution.status, decided - started)
    if on_tier is not None:
        for outcome in solution.tiers:
            on_tier(outcome)
    return solution, strategy


def _as_run(model: LinearModel, tiers: Sequence[str], phases: Sequence[Phase]) -> tuple[Phase, ...]:
    """``phases`` as they would run on ``model``: each strategy in the mode ``solve_tiers`` would use, and a
    phase followed by the same strategy merged with it, so that a lane does not stop a search only to start
    it again (a model without the one objective is solved tier by tier in either mode)."""
    merged: list[Phase] = []
    modes: dict[str, str] = {}  # each mode's effective one, worked out once (it reads the whole model)
    for phase in phases:
        mode = phase.strategy.mode
        if mode not in modes:
            modes[mode] = effective_mode(model, tiers, mode)
        strategy = replace(phase.strategy, mode=modes[mode])
        if merged and merged[-1].strategy == strategy:
            before = merged[-1].seconds
            seconds = None if before is None or phase.seconds is None else before + phase.seconds
            merged[-1] = Phase(strategy, seconds)
        else:
            merged.append(Phase(strategy, phase.seconds))
    return tuple(merged)


def _without_repeats(lanes: list[tuple[Phase, ...]]) -> list[tuple[Phase, ...]]:
    """``lanes`` without the phases that would run a strategy an earlier lane already runs (both would make the
    same search on the two cores); the phase before a dropped last one runs for the rest of the time."""
    kept: list[tuple[Phase, ...]] = []
    for phases in lanes:
        earlier = {phase.strategy for lane in kept for phase in lane}
        own = [phase for phase in phases if phase.strategy not in earlier] or list(phases[:1])
        if own[-1] != phases[-1]:
            own[-1] = Phase(own[-1].strategy, None)
        kept.append(tuple(own))
    return kept


def _decisive(lane: _Lane) -> bool:
    """Whether a lane has proven its answer: every tier optimal, or the required needs infeasible."""
    return lane.solution is not None and lane.solution.status in ("optimal", "infeasible")


def _interrupt(lanes: list[_Lane]) -> None:
    """Stop ``lanes``: those not started yet never search, the others' engines are interrupted."""
    for lane in lanes:
        lane.stopped.set()
        if lane.engine is not None:
            lane.engine.interrupt()


def _stop(lanes: list[_Lane]) -> None:
    """Interrupt every lane still searching and return at once; a thread of its own repeats the interruption
    until each has returned (an engine may miss an early one, and some take a while to notice one).

    The race's answer does not wait for the losers: they wind down on the other core while the caller goes
    on (``settle`` waits for them; a solve does before it returns, and the process does at exit).
    """
    _interrupt(lanes)
    if any(lane.engine is not None and not lane.done for lane in lanes):
        _spawn(_interrupt_until_returned, lanes)


def _interrupt_until_returned(lanes: list[_Lane]) -> None:
    started = time.perf_counter()
    for lane in lanes:
        while not lane.done:
            if lane.engine is not None:
                lane.engine.interrupt()
            time.sleep(_POLL)
    log.debug("the race's losers returned %.2f s after it was decided", time.perf_counter() - started)


_THREADS: list[threading.Event] = []
"""One event for each thread the races have started, set when it ends."""
_THREADS_LOCK = threading.Lock()


def _spawn(target: Callable[..., None], *args: object) -> None:
    """Run ``target(*args)`` on a new thread without waiting for it to start (``threading.Thread.start`` waits,
    and a thread woken on an idle core can take a few milliseconds to run; ``settle`` waits for it to end)."""
    ended = threading.Event()
    with _THREADS_LOCK:
        _THREADS[:] = [event for event in _THREADS if not event.is_set()]
        _THREADS.append(ended)

    def main() -> None:
        try:
            target(*args)
        finally:
            ended.set()

    _thread.start_new_thread(main, ())


def running() -> int:
    """How many threads of the races so far are still running (lanes not decided yet, or losers winding down)."""
    with _THREADS_LOCK:
        return sum(not event.is_set() for event in _THREADS)


def settle() -> None:
    """Wait until the losing lanes of every race so far have returned (each was interrupted when its race
    was decided)."""
    while True:
        with _THREADS_LOCK:
            pending = [event for event in _THREADS if not event.is_set()]
        if not pending:
            return
        for event in pending:
            event.wait()


atexit.register(settle)


def _pick(lanes: list[_Lane]) -> tuple[Solution, Strategy]:
    """The first decisive lane's solution; else the best one found, with the tightest coverage bound of all."""
    for lane in lanes:
        if _decisive(lane):
            return lane.found[-1]
    found = [pair for lane in lanes for pair in lane.found]
    best = found[0]
    for pair in found[1:]:
        if _better(pair[0], best[0]):
            best = pair
    return _with_best_bound(best[0], [solution for solution, _ in found]), best[1]


_RANK = {"optimal": 3, "feasible": 2, "unknown": 1, "infeasible": 0}


def _better(candidate: Solution, incumbent: Solution) -> bool:
    """Whether ``candidate`` is strictly better: a better status, else tier values better in order."""
    if _RANK[candidate.status] != _RANK[incumbent.status]:
        return _RANK[candidate.status] > _RANK[incumbent.status]
    for mine, theirs in zip(candidate.tiers, incumbent.tiers):
        if mine.value != theirs.value:
            return mine.value > theirs.value if mine.sense == "max" else mine.value < theirs.value
    return False


def _with_best_bound(solution: Solution, others: list[Solution]) -> Solution:
    """``solution`` with the tightest coverage bound any lane proved (every lane bounds the same model)."""
    if not solution.tiers or solution.tiers[0].name != "coverage":
        return solution
    first = solution.tiers[0]
    bounds = [other.tiers[0].bound for other in others if other.tiers and other.tiers[0].name == "coverage"]
    bound = min([first.bound, *bounds])
    if bound == first.bound:
        return solution
    tightened = TierOutcome(first.name, first.sense, first.value, bound, first.proven or bound <= first.value)
    tiers = [tightened, *solution.tiers[1:]]
    if not all(outcome.proven for outcome in tiers):
        return replace(solution, tiers=tiers)
    return replace(solution, tiers=tiers, status="optimal", unproven=np.zeros(0, dtype=np.int64))
