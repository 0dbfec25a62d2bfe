"""Where component tasks run: in this process, a local process pool, or a Dask cluster.

Every executor takes the day as plain JSON and a list of ``ComponentTask`` and
yields ``ComponentResult`` as tasks finish; workers build their own networks and
models (``matching.parts.tasks``). Choose one with ``solve(..., executor=...)``:
``None`` or ``"inline"`` (this process), ``"processes"`` (a local pool, one
process per core), ``ProcessExecutor(n)``, a Dask address ``"tcp://host:8786"``,
a ``distributed.Client``, or ``DaskExecutor(...)``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from typing import Any, Protocol

from matching.network.pairs import Network
from matching.parts.tasks import (
    ComponentResult,
    ComponentTask,
    run_task,
    run_task_on_day,
)

__all__ = ["Executor", "InlineExecutor", "ProcessExecutor", "DaskExecutor", "resolve_executor"]


class Executor(Protocol):
    """Runs component tasks and yields their results as they finish.

    ``listener(task, outcome)`` hears tier outcomes where the executor can report
    them (in this process), and ``listener(task, None)`` when a task starts.
    ``deadline`` (``time.perf_counter()``), where the executor starts tasks one after
    another, shortens a task's time limit to the time left when it starts.
    """

    parallel: int

    def run(self, day_json: Callable[[], str], network: Network, tasks: Sequence[ComponentTask],
            listener: Callable[[ComponentTask, Any], None] | None = None, *,
            deadline: float | None = None) -> Iterator[ComponentResult]: ...


class InlineExecutor:
    """Tasks one after another in this process, on the network already built."""

    parallel = 1

    def run(self, day_json, network, tasks, listener=None, *, deadline=None):
        for task in tasks:
            if deadline is not None and task.time_limit is not None:
                task = replace(task, time_limit=min(task.time_limit, max(deadline - time.perf_counter(), 0.01)))
            if listener is not None:
                listener(task, None)
            on_tier = None if listener is None else (lambda outcome, task=task: listener(task, outcome))
            yield run_task(task, network, on_tier)


class ProcessExecutor:
    """A local pool of worker processes (default: one per core)."""

    def __init__(self, processes: int | None = None) -> None:
        self.parallel = processes or os.cpu_count() or 1

    def run(self, day_json, network, tasks, listener=None, *, deadline=None):
        if len(tasks) <= 1:  # nothing to share out: skip the pool's start-up
            yield from InlineExecutor().run(day_json, network, tasks, listener, deadline=deadline)
            return
        text = day_json()
        with ProcessPoolExecutor(max_workers=min(self.parallel, len(tasks))) as pool:
            futures = [pool.submit(run_task_on_day, text, task) for task in tasks]
            for future in as_completed(futures):
                yield future.result()


class DaskExecutor:
    """A Dask distributed cluster (``pip install 'sanhu[dask]'``).

    Parameters
    ----------
    client : distributed.Client or str
        A connected client, or the scheduler address (``"tcp://host:8786"``).
    """

    def __init__(self, client: Any) -> None:
        try:
            from distributed import Client
        except ImportError as error:  # pragma: no cover - depends on the extra
            raise ImportError("the Dask executor needs the 'dask' extra: pip install 'sanhu[dask]'") from error
        self.owned = not isinstance(client, Client)
        self.client = Client(client) if self.owned else client
        self.parallel = max(sum(self.client.nthreads().values()), 1)

    def run(self, day_json, network, tasks, listener=None, *, deadline=None):
        from distributed import as_completed as dask_completed

        try:
            day = self.client.scatter(day_json(), broadcast=True)
            futures = [self.client.submit(run_task_on_day, day, task, pure=False) for task in tasks]
            for future in dask_completed(futures):
                yield future.result()
        finally:
            if self.owned:  # a client made from an address lives for one solve
                self.client.close()


def resolve_executor(executor: Any) -> Executor:
    """The executor a ``solve(..., executor=...)`` argument names."""
    if executor is None or executor == "inline":
        return InlineExecutor()
    if executor == "processes":
        return ProcessExecutor()
    if isinstance(executor, str):
        return DaskExecutor(executor)
    if hasattr(executor, "run") and hasattr(executor, "parallel"):
        return executor
    if type(executor).__name__ == "Client":
        return DaskExecutor(executor)
    raise ValueError(f"unknown executor {executor!r}: use None, 'inline', 'processes', a Dask address or client")
