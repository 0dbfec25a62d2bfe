"""Executors: a local process pool and a Dask LocalCluster give the in-process plan."""

from __future__ import annotations

import importlib
import warnings

import pytest
from checker import check_plan

from matching import solve
from matching.synthetic.generate import generate_day
from models import Problem


def _comparable(plan) -> dict:
    data = plan.model_dump(mode="json")
    data["stats"].pop("build_s")
    data["stats"].pop("solve_s")
    return data


@pytest.fixture(autouse=True)
def one_task_per_component(monkeypatch):
    """Small components are normally bundled; here each is its own task, so work is shared out."""
    monkeypatch.setattr(importlib.import_module("matching.solve"), "BUNDLE_PAIRS", 1)


@pytest.fixture(scope="module")
def demo():
    day = generate_day("demo", 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return day, Problem.from_data(day)


def test_process_pool_gives_the_inline_plan(demo):
    day, problem = demo
    inline = solve(problem)
    events = []
    pooled = solve(problem, executor="processes", progress=events.append)
    assert pooled.stats.components > 1 and events[-1].total == pooled.stats.components
    assert _comparable(pooled) == _comparable(inline)
    check_plan(day, pooled.model_dump(mode="json"))


def test_dask_local_cluster_gives_the_inline_plan(demo):
    distributed = pytest.importorskip("distributed")
    day, problem = demo
    inline = solve(problem)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        on_dask = solve(problem, executor=client)
        by_address = solve(problem, executor=cluster.scheduler_address)
    assert _comparable(on_dask) == _comparable(inline)
    assert _comparable(by_address) == _comparable(inline)
    check_plan(day, on_dask.model_dump(mode="json"))


def test_unknown_executor_is_refused():
    from matching.parts.executors import resolve_executor

    with pytest.raises(ValueError, match="unknown executor"):
        resolve_executor(42)
