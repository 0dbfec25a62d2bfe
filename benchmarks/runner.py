"""Run one job in a child process and measure it from outside.

The child (``benchmarks.child``) writes its own numbers; the parent adds the
process's wall time and its peak resident memory (``ru_maxrss`` of exactly that
child, from ``os.wait4``, which works even when the child crashed or was killed).
A child still running ``kill_after`` seconds after it started, or whose resident
memory passes ``max_memory_mib``, is killed and recorded as ``killed``; a child
that dies without a result is recorded as ``crashed``. Nothing is dropped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.report import source_state

__all__ = ["run_isolated", "default_memory_cap_mib", "current_rss_mib", "overran"]

Record = dict[str, Any]
_REPO = Path(__file__).resolve().parent.parent
_POLL_S = 0.2


def default_memory_cap_mib() -> float:
    """Three quarters of the machine's memory: a run above it is stopped before it starves others."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 * 0.75
    except OSError:
        pass
    return float("inf")


def current_rss_mib(pid: int) -> float | None:
    """A live process's resident memory in MiB (None when it cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def overran(wall_s: float | None, time_limit: float) -> bool:
    """Whether a run took much longer than its time limit (more than 1.25 × T + 5 s)."""
    return wall_s is not None and wall_s > 1.25 * time_limit + 5


def _tail(path: Path, lines: int = 12) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait(process: subprocess.Popen, kill_after: float, max_memory_mib: float) -> tuple[int, Any, str | None]:
    """Wait for the child; kill it (by its pid) past the deadline or the memory cap."""
    deadline = time.monotonic() + kill_after
    killed = None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid == process.pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage, killed
        if killed is None:
            rss = current_rss_mib(process.pid)
            if time.monotonic() > deadline:
                killed = f"still running after {kill_after:.0f} s"
            elif rss is not None and rss > max_memory_mib:
                killed = f"resident memory {rss:.0f} MiB passed the cap of {max_memory_mib:.0f} MiB"
            if killed is not None:
                os.kill(process.pid, signal.SIGKILL)
        time.sleep(_POLL_S)


def run_isolated(job: Record, workdir: Path, *, kill_after: float, max_memory_mib: float) -> Record:
    """Run ``job`` in a fresh ``python -m benchmarks.child`` and return its record.

    The record always has ``status``, ``process_s`` (the child's whole life,
    interpreter start included) and ``peak_mib`` (its peak resident memory).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    stem = f"{job['method']}-{os.getpid()}-{time.monotonic_ns()}"
    job_path, result_path, log_path = (workdir / f"{stem}.{suffix}" for suffix in ("job.json", "result.json", "log"))
    job_path.write_text(json.dumps(job), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_REPO), os.environ.get("PYTHONPATH")]))}
    load, source = os.getloadavg()[0], source_state()  # the solver's code may change between runs
    started = time.perf_counter()
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "benchmarks.child", str(job_path), str(result_path)],
                                   stdout=log, stderr=subprocess.STDOUT, env=env)
        code, usage, killed = _wait(process, kill_after, max_memory_mib)
    record: Record = {"process_s": round(time.perf_counter() - started, 3),
                      "peak_mib": round(usage.ru_maxrss / 1024, 1), "load_1min": round(load, 2), "source": source}
    if result_path.exists():
        record = {**json.loads(result_path.read_text(encoding="utf-8")), **record}
    elif killed is not None:
        record.update(status="killed", error=killed, wall_s=record["process_s"])
    else:
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        record.update(status="crashed", error=f"the child ended with {how} and no result", log=_tail(log_path))
    if record.get("status") == "crashed" and "log" not in record:
        record["log"] = _tail(log_path)
    for path in (job_path, result_path, log_path):
        path.unlink(missing_ok=True)
    return record
