"""The same day, seed and worker count give the same plan (assignments and objective) over repeated runs, with
more than one CP-SAT worker and with the process pool, for solves that finish before their limit."""

from __future__ import annotations

import importlib
import warnings

import pytest
from checker import check_plan

from matching import example_day, generate_day, solve
from matching.synthetic.examples import example_data
from models import Problem

RUNS = 3


def _comparable(plan) -> dict:
    data = plan.model_dump(mode="json")
    data["stats"].pop("build_s")
    data["stats"].pop("solve_s")
    return data


def _day(name: str) -> tuple[dict, Problem]:
    day = example_data() if name == "example" else generate_day("demo", int(name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return day, (example_day() if name == "example" else Problem.from_data(day))


@pytest.mark.parametrize(("engine", "workers"), [("auto", 2), ("cp-sat", 4)])
@pytest.mark.parametrize("name", ["example", "2", "6"])
def test_repeated_runs_with_several_workers_give_the_same_plan(name, engine, workers):
    day, problem = _day(name)
    plans = [solve(problem, engine=engine, workers=workers, seed=7, time_limit=120) for _ in range(RUNS)]
    assert plans[0].status == "optimal"  # finished before its limit: the promise holds only then
    check_plan(day, plans[0].model_dump(mode="json"))
    first = _comparable(plans[0])
    assert all(_comparable(plan) == first for plan in plans[1:])


def test_repeated_runs_on_the_process_pool_give_the_inline_plan(monkeypatch):
    monkeypatch.setattr(importlib.import_module("matching.solve"), "BUNDLE_PAIRS", 1)  # a task per component
    day, problem = _day("5")
    inline = _comparable(solve(problem, workers=2, seed=3))
    for _ in range(RUNS):
        pooled = solve(problem, workers=2, seed=3, executor="processes")
        assert pooled.stats.components > 1 and pooled.status == "optimal"
        assert _comparable(pooled) == inline
    check_plan(day, pooled.model_dump(mode="json"))
