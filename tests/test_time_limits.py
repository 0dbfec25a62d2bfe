"""A time limit is a wall-clock promise: ``solve(time_limit=S)`` returns within S + 1 s, network, reasons and
plan included, and what the limit cut short says so (``unproven``, counted in ``stats.unjudged``)."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest
from checker import check_plan
from clock import Clock

from matching import build_network, generate_day, solve
from matching.outcome.reasons import NOT_JUDGED, unmet_reasons
from matching.search.tiers import Solution
from models import Problem


def _problem(day: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(day)


@pytest.mark.parametrize(("tier", "seed", "limit"), [("demo", 4, 0.05), ("demo", 4, 1.0), ("city", 2, 2.0)])
def test_solve_returns_within_its_time_limit_and_a_second(tier, seed, limit):
    day = generate_day(tier, seed)
    problem = _problem(day)
    with Clock() as clock:
        plan = solve(problem, time_limit=limit)
    assert clock.within(limit + 1.0), clock
    check_plan(day, plan.model_dump(mode="json"))


def test_reasons_not_judged_by_the_deadline_are_unproven_and_counted():
    day = generate_day("demo", 4)
    network = build_network(_problem(day))
    nothing = Solution("feasible", covered=np.zeros(0, dtype=np.int64))
    reasons = unmet_reasons(network, nothing, deadline=time.perf_counter() - 1)
    assert len(reasons) == len(day["needs"])
    assert all(reason.code == "unproven" and reason.detail == NOT_JUDGED for reason in reasons.values())
    judged = unmet_reasons(network, nothing, deadline=time.perf_counter() + 60)
    assert not any(reason.detail == NOT_JUDGED for reason in judged.values())
    assert {reason.code for reason in judged.values()} - {"unproven"}


def test_a_plan_says_how_many_reasons_were_left_unjudged():
    """With a limit far too short the search still runs its least (0.5 s) and the reasons are cut short."""
    day = generate_day("city", 3)
    plan = solve(_problem(day), time_limit=0.01)
    unjudged = sum(1 for need in plan.needs if need.reason is not None and need.reason.detail == NOT_JUDGED)
    assert plan.stats.unjudged == unjudged > 0
    check_plan(day, plan.model_dump(mode="json"))
