"""SIGINT and SIGTERM at several phases of real ``sanhu solve`` processes: no traceback, exit 130 / 143, and
with ``--out`` either the best plan so far (``feasible``, ``stats.interrupted``, passing the checker) or nothing;
the engines stop at once and write nothing on standard output."""

from __future__ import annotations

import csv
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from checker import check_plan

from matching import generate_day

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> tuple[dict, Path]:
    day = generate_day("city", 2)
    path = tmp_path_factory.mktemp("signals") / "city.json"
    path.write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    return day, path


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[dict, Path]:
    day = generate_day("demo", 1)  # 15 of its 40 needs unmet
    path = tmp_path_factory.mktemp("signals") / "demo.json"
    path.write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    return day, path


def _default_signals() -> None:
    """In the child: SIGINT and SIGTERM as a terminal gives them, whatever this process inherited (a shell's
    background job ignores SIGINT, and an ignored signal stays ignored across exec and in sanhu)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stopped(phase: str, day: Path, out: Path, *flags: str, signals=(signal.SIGINT,), delay: float = 0.0):
    """Run the command until it reaches ``phase``, send ``signals`` ``delay`` s later; (exit, stdout, stderr, s)."""
    command = [sys.executable, str(HERE / "signal_child.py"), phase, "solve", str(day), "--out", str(out), *flags]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE.parent,
                             preexec_fn=_default_signals)
    seen, ends = b"", time.monotonic() + 120
    while f"PHASE {phase}".encode() not in seen:
        assert time.monotonic() < ends and child.poll() is None, seen.decode(errors="replace")
        if select.select([child.stderr], [], [], 0.5)[0]:
            seen += os.read(child.stderr.fileno(), 4096)
    time.sleep(delay)
    sent = time.monotonic()
    for number in signals:
        child.send_signal(number)
        time.sleep(0.05)
    out_text, err_text = child.communicate(timeout=120)
    return child.returncode, out_text.decode(), (seen + err_text).decode(), time.monotonic() - sent


def _no_traceback(code: int, err: str, expected: int) -> None:
    assert code == expected, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err


@pytest.mark.parametrize("phase", ["load", "network"])
def test_a_signal_before_the_search_writes_nothing(demo, tmp_path, phase):
    _, path = demo
    out = tmp_path / "plan.json"
    code, stdout, err, _ = _stopped(phase, path, out)
    _no_traceback(code, err, 130)
    assert "stopped by SIGINT; nothing was written" in err and not out.exists() and stdout == ""


@pytest.mark.parametrize(("flags", "number", "expected"), [
    (("--engine", "scip"), signal.SIGINT, 130),
    (("--engine", "cp-sat", "--workers", "2"), signal.SIGTERM, 143),
    (("--processes",), signal.SIGINT, 130),
])
def test_a_signal_during_the_search_stops_the_engine_and_writes_the_best_plan_so_far(city, tmp_path, flags, number,
                                                                                   expected):
    day, path = city
    out = tmp_path / "plan.json"
    code, stdout, err, after = _stopped("search", path, out, "--time-limit", "60", *flags, signals=(number,),
                                        delay=0.3)
    _no_traceback(code, err, expected)
    assert after < 10, after  # the engine stopped at once, not at its time limit (60 s)
    assert stdout == ""  # nothing from the engines (SCIP printed here when it caught SIGINT itself)
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["status"] == "feasible" and plan["stats"]["interrupted"] is True
    assert plan["objective"]["coverage"]["bound"] >= plan["objective"]["coverage"]["value"] > 0
    check_plan(day, plan)


def test_a_signal_while_reasons_are_judged_leaves_them_unjudged(demo, tmp_path):
    day, path = demo
    out = tmp_path / "plan.json"
    code, _, err, _ = _stopped("reasons", path, out)
    _no_traceback(code, err, 130)
    plan = json.loads(out.read_text(encoding="utf-8"))
    unmet = [need for need in plan["needs"] if not need["covered"]]
    assert plan["stats"]["interrupted"] is True and plan["stats"]["unjudged"] == len(unmet) > 0
    assert plan["status"] == "feasible"
    check_plan(day, plan)


def test_a_stopped_solve_writes_the_best_plans_tables_too(demo, tmp_path):
    day, path = demo
    out, tables = tmp_path / "plan.json", tmp_path / "plan"
    code, _, err, _ = _stopped("reasons", path, out, "--csv", str(tables))
    _no_traceback(code, err, 130)
    assert f"is in {out} and {tables}" in err
    plan = json.loads(out.read_text(encoding="utf-8"))
    check_plan(day, plan)
    with (tables / "needs.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["id"], row["outcome"], row["reason"]) for row in rows] == [
        (need["id"], need["outcome"], (need["reason"] or {}).get("code", "")) for need in plan["needs"]]


def test_a_signal_while_the_plan_is_written_lets_the_whole_plan_be_written(demo, tmp_path):
    day, path = demo
    out = tmp_path / "plan.json"
    code, _, err, _ = _stopped("write", path, out, signals=(signal.SIGTERM,))
    _no_traceback(code, err, 143)
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and plan["stats"]["interrupted"] is False
    check_plan(day, plan)


def test_an_ignored_sigint_stays_ignored(demo, tmp_path):
    """Started ignoring SIGINT (as a shell's background job is), sanhu does not take it up."""
    day, path = demo
    out = tmp_path / "plan.json"
    child = subprocess.Popen([sys.executable, "-m", "matching", "solve", str(path), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE.parent,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    check_plan(day, json.loads(out.read_text(encoding="utf-8")))


def test_a_second_signal_stops_at_once_without_a_traceback(city, tmp_path):
    _, path = city
    code, _, err, after = _stopped("search", path, tmp_path / "plan.json", "--time-limit", "60", "--engine", "scip",
                                   signals=(signal.SIGINT, signal.SIGINT), delay=0.3)
    _no_traceback(code, err, 130)
    assert after < 10


def test_solve_in_python_raises_interrupted_with_the_plan_and_can_run_again(city):
    """SIGINT during ``solve()`` in a program (Python's own handler in place): a KeyboardInterrupt with the plan."""
    day, path = city
    script = f"""
import json, os, signal, threading
import matching.search.engines.scip as scip
from matching import generate_day, solve
from models import Interrupted, Problem
problem = Problem.load({str(path)!r})
original = scip.ScipEngine.optimize
def optimize(self, *args, **kwargs):
    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
    scip.ScipEngine.optimize = original
    return original(self, *args, **kwargs)
scip.ScipEngine.optimize = optimize
try:
    solve(problem, engine="scip", time_limit=60)
except KeyboardInterrupt as stop:
    assert isinstance(stop, Interrupted) and stop.signum == signal.SIGINT
    print(stop.plan.to_json(indent=None))
again = solve(Problem.from_data(generate_day("demo", 1)), time_limit=60)
assert again.status == "optimal" and not again.stats.interrupted
assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            cwd=HERE.parent, preexec_fn=_default_signals)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["status"] == "feasible" and plan["stats"]["interrupted"] is True
    check_plan(day, plan)
