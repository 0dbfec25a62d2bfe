"""The engine race of ``engine="auto"``, and the day families it is measured on.

Every plan goes through the independent checker; small days are compared with brute force.
"""

from __future__ import annotations

import sys
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from brute import assert_matches_brute_force, brute_force
from checker import check_plan
from hypothesis import HealthCheck, given, settings
from strategies import days

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root holds ``benchmarks``

from benchmarks.families import FAMILIES, family_day  # noqa: E402
from matching import build_network, solve  # noqa: E402
from matching.model.formulation import build_formulation  # noqa: E402
from matching.search import portfolio  # noqa: E402
from matching.search.engines import make_engine  # noqa: E402
from matching.search.engines.mip import MipEngine  # noqa: E402
from matching.search.portfolio import RACE, Phase, Strategy, race  # noqa: E402
from matching.search.tiers import solve_tiers  # noqa: E402
from models import Problem  # noqa: E402

TIERS = ("coverage", "cost")


def _problem(day: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(day)


def _model(day: dict):
    return build_formulation(build_network(_problem(day)))


def _race_threads() -> int:
    """How many of the races' threads are still running once the losers of every race so far have returned."""
    portfolio.settle()
    return portfolio.running()


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_small_day_of_every_family_is_solved_by_auto_and_checked(family):
    day = family_day(family, 30, seed=1)
    plan = solve(_problem(day))
    check_plan(day, plan.model_dump(mode="json"))
    assert plan.status == "optimal"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_tiny_day_of_every_family_matches_brute_force(family):
    day = family_day(family, 6, seed=2)
    best = brute_force(day)
    plan = solve(_problem(day))
    check_plan(day, plan.model_dump(mode="json"))
    assert_matches_brute_force(plan, best, 1e-9)


def test_a_team_heavy_day_that_stalls_cp_sat_is_proven_by_auto():
    """900 variables, a third of the needs teams: CP-SAT with one worker (the engine ``auto`` gave such
    parts before the race) ends without a proof after 8 s, while SCIP and HiGHS prove it in about half a
    second (``python -m benchmarks families --families teams-30 --sizes 120 --seeds 1``)."""
    day = family_day("teams-30", 120, seed=1)
    plan = solve(_problem(day), time_limit=30)
    check_plan(day, plan.model_dump(mode="json"))
    assert plan.status == "optimal"
    assert plan.objective["coverage"].gap == 0


@pytest.mark.parametrize("order", [RACE, RACE[::-1]], ids=["highs-first", "scip-first"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days(max_needs=5, max_resources=5))
def test_both_lanes_racing_at_once_reach_the_brute_force_optimum(order, day):
    best = brute_force(day)
    model = _model(day)
    solution, strategy = race(model, TIERS, time_limit=None, seed=0, lanes=order, delay=0.0)
    assert strategy in [phase.strategy for lane in order for phase in portfolio._as_run(model, TIERS, lane)]
    assert not _race_threads()
    if best is None:
        assert solution.status == "infeasible"
        return
    assert solution.status == "optimal"
    assert [outcome.value for outcome in solution.tiers] == [round(best["coverage"] * 100), round(best["cost"] * 100)]


@pytest.mark.parametrize("family", ["plain", "teams-30", "count-measure", "arcs-gap", "mixed"])
def test_the_winner_alone_gives_the_same_plan(family):
    """What the race returns is the plan its winning strategy gives alone: the plan can be reproduced."""
    model = _model(family_day(family, 40, seed=3))
    solution, strategy = race(model, TIERS, time_limit=None, seed=0, delay=0.0)
    alone = solve_tiers(model, TIERS, engine=strategy.engine, workers=1, seed=0, weighted=strategy.mode)
    assert solution.status == alone.status == "optimal"
    assert np.array_equal(np.sort(solution.chosen), np.sort(alone.chosen))


def test_a_race_cut_by_its_time_limit_keeps_the_best_plan_and_a_true_bound():
    day = family_day("teams-60", 300, seed=1)  # no engine proves it in a minute
    problem = _problem(day)
    plan = solve(problem, time_limit=4)
    check_plan(day, plan.model_dump(mode="json"))
    assert plan.status == "feasible"
    coverage = plan.objective["coverage"]
    assert coverage.value <= coverage.bound
    assert not _race_threads()
    lp = build_formulation(build_network(problem))
    relaxed = make_engine("highs", lp, workers=1, seed=0)
    found = relaxed.optimize(lp.objective("coverage")[0], "max", time_limit=30)
    assert found.value is not None and found.value <= round(coverage.bound * 100)  # the bound holds for a plan found


@pytest.mark.parametrize("engine", ["scip", "highs", "cp-sat"])
def test_every_engine_stops_when_interrupted_from_another_thread(engine):
    model = _model(family_day("teams-60", 300, seed=1))  # minutes to prove for every engine
    solver = make_engine(engine, model, workers=1, seed=0)
    result = {}
    objective = model.objective("coverage")[0]
    searching = threading.Thread(target=lambda: result.setdefault("r", solver.optimize(objective, "max",
                                                                                        time_limit=120)))
    searching.start()
    searching.join(0.5)
    deadline = time.monotonic() + 30
    while searching.is_alive() and time.monotonic() < deadline:
        solver.interrupt()  # repeated, as the race does: SCIP forgets one that comes before its search starts
        searching.join(0.05)
    assert not searching.is_alive()
    assert result["r"].status == "unknown"
    assert solver.optimize(objective, "max", time_limit=120).status == "unknown"  # and it stays stopped


def test_the_second_strategy_waits_for_a_quick_first_one(monkeypatch):
    monkeypatch.setattr(portfolio, "RACE_DELAY", 5.0)
    model = _model(family_day("plain", 30, seed=1))
    solution, strategy = race(model, TIERS, time_limit=None, seed=0)
    assert strategy == RACE[0][0].strategy and solution.status == "optimal"
    assert not _race_threads()


def test_the_first_lane_searches_on_the_callers_thread_and_a_quick_proof_starts_no_other_search(monkeypatch):
    """A part proven within ``RACE_DELAY`` is searched on the caller's thread alone: no hand-over between threads
    (which can take milliseconds on an idle core), and the second lane's engine is never built."""
    monkeypatch.setattr(portfolio, "RACE_DELAY", 5.0)
    searches = []
    solve_tiers = portfolio.solve_tiers

    def recorded(*args, **kwargs):
        searches.append((kwargs["engine"], threading.get_ident()))
        return solve_tiers(*args, **kwargs)

    monkeypatch.setattr(portfolio, "solve_tiers", recorded)
    model = _model(family_day("plain", 30, seed=3))
    solution, strategy = race(model, TIERS, time_limit=None, seed=0)
    assert solution.status == "optimal" and strategy == RACE[0][0].strategy
    assert searches == [("highs", threading.get_ident())]
    assert model.variables < portfolio.CALLER_LANE_BELOW
    assert not _race_threads()


@pytest.mark.parametrize("on_caller", [True, False])
def test_a_later_lane_that_proves_first_stops_the_first(monkeypatch, on_caller):
    """Whether the first lane searches on the caller's thread (small models) or on one of its own, a later lane
    that proves first interrupts it, and the race returns the later lane's plan."""
    monkeypatch.setattr(portfolio, "CALLER_LANE_BELOW", 10**9 if on_caller else 0)
    model = _model(family_day("plain", 300, seed=1))  # HiGHS proves it in a fraction of a second
    lanes = ((Phase(Strategy("cp-sat")),), (Phase(Strategy("highs")),))  # CP-SAT alone takes over a minute
    started = time.perf_counter()
    solution, strategy = race(model, TIERS, time_limit=120, seed=0, lanes=lanes, delay=0.0)
    assert strategy == Strategy("highs") and solution.status == "optimal"
    assert time.perf_counter() - started < 60
    alone = solve_tiers(model, TIERS, engine="highs", workers=1, seed=0)
    assert [outcome.value for outcome in solution.tiers] == [outcome.value for outcome in alone.tiers]
    assert not _race_threads()


def test_strategy_names():
    assert [[phase.strategy.name for phase in lane] for lane in RACE] == [["highs"], ["scip", "highs/coverage-first"]]
    assert Strategy("highs", "tier-by-tier").name == "highs/tiers" and Strategy("cp-sat").name == "cp-sat"


def test_a_lane_moves_to_its_next_strategy_when_the_first_runs_out_of_its_time():
    model = _model(family_day("teams-60", 300, seed=1))  # no strategy proves it in a second
    lanes = ((Phase(Strategy("highs"), 0.5), Phase(Strategy("highs", "coverage-first"), 0.5)),)
    solution, strategy = race(model, TIERS, time_limit=3, seed=0, lanes=lanes)
    assert solution.status == "feasible" and strategy.engine == "highs"
    assert not _race_threads()


def test_a_race_returns_its_winner_and_settle_waits_for_the_loser():
    """CP-SAT with one worker does not prove this day in a minute, HiGHS does in under a second: the race
    answers with HiGHS's plan while CP-SAT winds down, and ``settle`` leaves no lane running."""
    model = _model(family_day("plain", 300, seed=1))
    lanes = ((Phase(Strategy("highs")),), (Phase(Strategy("cp-sat")),))
    solution, strategy = race(model, TIERS, time_limit=120, seed=0, lanes=lanes, delay=0.0)
    assert strategy == Strategy("highs") and solution.status == "optimal"
    alone = solve_tiers(model, TIERS, engine="highs", workers=1, seed=0)
    assert [outcome.value for outcome in solution.tiers] == [outcome.value for outcome in alone.tiers]
    portfolio.settle()
    assert portfolio.running() == 0


def test_a_lane_does_not_restart_a_search_that_its_next_phase_would_run_again():
    """Without the one objective (here only coverage is asked for) HiGHS goes tier by tier in either mode: the
    lane's two phases are one search, which is not cut at the first phase's seconds."""
    model = _model(family_day("teams-30", 300, seed=2))
    first, then = Strategy("highs"), Strategy("highs", "coverage-first")
    tiers = Strategy("highs", "tier-by-tier")
    assert portfolio._as_run(model, TIERS, RACE[1]) == RACE[1]
    assert portfolio._as_run(model, ("coverage",), (Phase(first), Phase(then))) == (Phase(tiers, None),)
    assert portfolio._as_run(model, ("coverage",), (Phase(first, 1.0), Phase(then, 2.0))) == (Phase(tiers, 3.0),)
    # nor does a lane run a search an earlier lane runs: there SCIP keeps its lane to the end
    lanes = [portfolio._as_run(model, ("coverage",), lane) for lane in RACE]
    assert portfolio._without_repeats(lanes) == [(Phase(tiers),), (Phase(Strategy("scip", "tier-by-tier")),)]
    assert portfolio._without_repeats([portfolio._as_run(model, TIERS, lane) for lane in RACE]) == list(RACE)
    lanes = ((Phase(Strategy("highs"), 0.001), Phase(Strategy("highs", "tier-by-tier"))),)
    solution, strategy = race(model, ("coverage",), time_limit=60, seed=0, lanes=lanes)
    assert solution.status == "optimal" and strategy == Strategy("highs", "tier-by-tier")
    alone = solve_tiers(model, ("coverage",), engine="highs", workers=1, seed=0, weighted="one-objective")
    assert solution.tiers == alone.tiers


def test_a_second_highs_mip_run_stops_at_its_own_time_limit():
    """A MIP run's time limit counts from its own start: a later tier given a second stops after about a
    second, not after the earlier tiers' time as well."""
    model = _model(family_day("teams-60", 300, seed=2))  # no tier is proven in seconds
    coverage, _ = model.objective("coverage")
    cost, _ = model.objective("cost")
    engine = MipEngine(model, seed=0)
    first = engine.optimize(coverage, "max", time_limit=3)
    assert first.status == "feasible" and engine.highs.getRunTime() >= 3
    started = time.perf_counter()
    again = engine.optimize(coverage * 10_000 - cost, "max", time_limit=1)
    assert again.status == "feasible" and time.perf_counter() - started < 2.5


def test_a_lanes_processor_time_is_read_finer_than_the_delay_before_the_next_lane():
    """The first lane's search is timed to well under ``RACE_DELAY``: a clock counting in 10 ms ticks (as
    ``/proc`` does) could read a part proven in 11 ms as 20 ms and start the second lane beside it."""
    clock = portfolio._thread_clock()
    assert clock is not time.perf_counter  # this platform has a processor clock per thread
    start = clock()
    now = start
    while now == start:  # spin until the clock moves
        now = clock()
    assert 0 < now - start < portfolio.RACE_DELAY / 4
