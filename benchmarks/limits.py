"""``python -m benchmarks limits``: is ``--time-limit S`` kept, on the generated tiers and the adversarial days?

For each day, ``python -m matching validate DAY`` runs once (interpreter start, imports, reading and
validating the day: what comes before the solve's clock starts), then for each limit
``python -m matching solve DAY --time-limit S --out PLAN`` runs in its own process. Both are timed from
outside (wall clock, the child's peak resident memory from ``os.wait4``). ``solve`` is the command's wall
time less the reading; it is within the promise when it is at most S + 1 s. The plan's status, coverage,
bound and ``stats.unjudged`` say what the limit cut short.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.adversarial import ADVERSARIAL
from benchmarks.report import command_line, machine, markdown_table, say, write_json

__all__ = ["DEFAULT_LIMITS", "run_limits", "limits_table", "day_file"]

Record = dict[str, Any]
DEFAULT_LIMITS = {"demo": (1, 5), "city": (1, 2, 5, 10, 30), "metro": (10, 20, 30, 60),
                  "shared": (1, 10), "deep": (1, 10), "deep-wide": (1, 10)}
"""Limits per day when none are given (metro's network and start take some 10 s whatever the limit)."""
_REPO = Path(__file__).resolve().parent.parent


def day_file(name: str, seed: int, folder: Path) -> Path:
    """The day ``name`` (a tier, generated with ``seed``, or an adversarial day) written as JSON in ``folder``."""
    path = folder / (f"{name}.json" if name in ADVERSARIAL else f"{name}-{seed}.json")
    if not path.exists():
        if name in ADVERSARIAL:
            day = ADVERSARIAL[name]()
        else:
            from matching.synthetic.generate import generate_day

            day = generate_day(name, seed)
        path.write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    return path


def _timed(argv: list[str], kill_after: float) -> tuple[float, int, float, str]:
    """(wall s, exit code, peak MiB, last lines of stderr) of a child process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_REPO), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        deadline = time.monotonic() + kill_after
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid == process.pid:
                break
            if time.monotonic() > deadline:
                process.kill()
            time.sleep(0.02)
        wall = time.perf_counter() - started
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    return wall, os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, "\n".join(tail)


def _one(path: Path, limit: float, reading: float, folder: Path) -> Record:
    plan_path = folder / f"{path.stem}-{limit:g}.plan.json"
    load = os.getloadavg()[0]
    wall, code, peak, tail = _timed([sys.executable, "-m", "matching", "solve", str(path), "--time-limit", str(limit),
                                     "--out", str(plan_path)], kill_after=3 * limit + 120)
    record: Record = {"day": path.stem, "limit": limit, "command_s": round(wall, 2), "reading_s": round(reading, 2),
                      "solve_s": round(max(wall - reading, 0.0), 2), "kept": wall - reading <= limit + 1, "exit": code,
                      "peak_mib": round(peak), "load_1min": round(load, 2)}
    if plan_path.exists():
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
        coverage = plan["objective"]["coverage"]
        record.update(status=plan["status"], coverage=coverage["value"], bound=coverage.get("bound"),
                      unjudged=plan["stats"].get("unjudged", 0))
        plan_path.unlink()
    elif tail:
        record["error"] = tail
    return record


def run_limits(days: Sequence[str], limits: Sequence[float] | None, seed: int, *, out: str | None = None) -> Record:
    """Every (day, limit) run, with the machine they ran on; written to ``out`` after each run."""
    results: Record = {"benchmark": "limits", "command": command_line(), "machine": machine(), "seed": seed,
                       "runs": []}
    with tempfile.TemporaryDirectory(prefix="sanhu-limits-") as scratch:
        folder = Path(scratch)
        for name in days:
            path = day_file(name, seed, folder)
            reading, code, _, tail = _timed([sys.executable, "-m", "matching", "validate", str(path)], kill_after=600)
            if code != 0:
                raise RuntimeError(f"{name}: sanhu validate failed: {tail}")
            for limit in limits or DEFAULT_LIMITS.get(name, (1, 10)):
                say(f"{name}: --time-limit {limit:g} ...")
                record = _one(path, float(limit), reading, folder)
                say(f"  {record['command_s']} s ({record['reading_s']} s reading), {record.get('status')}")
                results["runs"].append(record)
                if out:
                    write_json(out, results)
    return results


def limits_table(results: Record) -> str:
    """The runs as a Markdown table."""
    rows = []
    for run in results["runs"]:
        bound = f"{run['bound']:g}" if run.get("bound") is not None else "-"
        rows.append([run["day"], f"{run['limit']:g}", f"{run['command_s']:.2f}", f"{run['reading_s']:.2f}",
                     f"{run['solve_s']:.2f}", "yes" if run["kept"] else "**no**", run.get("status", run.get("error", "")),
                     f"{run.get('coverage', 0):g} / {bound}", str(run.get("unjudged", "-")), str(run["peak_mib"]),
                     f"{run.get('load_1min', 0):.1f}"])
    return markdown_table(["day", "S", "command s", "reading s", "solve s", "≤ S + 1", "status", "coverage / bound",
                           "unjudged", "peak MiB", "load"], rows)
