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
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import replace
from typing import Any, Protocol

from matching import interrupts

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
    ``stoppable``: a signal stops the tasks in progress, which still return what they found
    (``matching.interrupts``); an executor without it is given up at once.
    """

    parallel: int
    stoppable: bool

    def run(self, day_json: Callable[[], str], network: Network, tasks: Sequence[ComponentTask],
            listener: Callable[[ComponentTask, Any], None] | None = None, *,
            deadline: float | None = None) -> Iterator[ComponentResult]: ...


class InlineExecutor:
    """Tasks one after another in this process, on the network already built."""

    parallel = 1
    stoppable = True

    def run(self, day_json, network, tasks, listener=None, *, deadline=None):
        for task in tasks:
            if interrupts.requested() is not None:
                task = replace(task, time_limit=0.01)  # a start and no search: the part still gets a plan
            elif deadline is not None and task.time_limit is not None:
                task = replace(task, time_limit=min(task.time_limit, max(deadline - time.perf_counter(), 0.01)))
            if listener is not None:
                listener(task, None)
            on_tier = None if listener is None else (lambda outcome, task=task: listener(task, outcome))
            yield run_task(task, network, on_tier)


class ProcessExecutor:
    """A local pool of worker processes (default: one per core).

    Workers turn SIGINT into an orderly stop of their tasks (``matching.interrupts``, never raising);
    a signal this process gets is passed on to them as SIGINT, so they return what they found.
    """

    stoppable = True

    def __init__(self, processes: int | None = None) -> None:
        self.parallel = processes or os.cpu_count() or 1

    def run(self, day_json, network, tasks, listener=None, *, deadline=None):
        if len(tasks) <= 1:  # nothing to share out: skip the pool's start-up
            yield from InlineExecutor().run(day_json, network, tasks, listener, deadline=deadline)
            return
        text = day_json()
        with ProcessPoolExecutor(max_workers=min(self.parallel, len(tasks)), initializer=_worker_stops) as pool:
            pending = {pool.submit(run_task_on_day, text, task) for task in tasks}
            passed_on = False
            while pending:
                done, pending = wait(pending, timeout=interrupts.RETRY_S, return_when=FIRST_COMPLETED)
                if interrupts.requested() is not None and not passed_on:
                    for worker in list(getattr(pool, "_processes", {}).values()):  # the pool's own, no other child
                        if worker.is_alive():
                            os.kill(worker.pid, signal.SIGINT)
                    passed_on = True
                for future in done:
                    yield future.result()


def _worker_stops() -> None:
    """In a pool's worker: SIGINT and SIGTERM stop the task in progress, never raise (for the whole worker's life)."""
    interrupts.stop_quietly()


class DaskExecutor:
    """A Dask distributed cluster (``pip install 'sanhu[dask]'``).

    Parameters
    ----------
    client : distributed.Client or str
        A connected client, or the scheduler address (``"tcp://host:8786"``).
    """

    stoppable = False

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
