"""``python -m benchmarks fuzz --minutes N``: broken days and plans against the command line, counted by outcome.

Cases come from the hand-written strategies of ``tests/mutations.py`` (valid days of ``tests/strategies.py``,
mutated; CSV folders written by the README's rules, then broken; plans of those days, edited). Each case runs
``sanhu solve DAY --out PLAN --time-limit 5`` (or ``sanhu explain PLAN --need N``) in this process, under an
alarm. Its outcome is one of:

- ``invalid`` (exit 2): every problem printed with its path (a field's, or the file's) — as it should be;
- ``plan`` (exit 0) and ``no-plan`` (exit 1, infeasible or none in time): the plan written passes the
  independent checker (``tests/checker.py``) — as it should be; ``explained`` (exit 0) for ``explain``;
- ``traceback`` (an exception escaped), ``unnamed`` (exit 2 with a problem naming no path), ``checker`` (a plan
  the checker refuses), ``exit`` (another exit code, or no plan written), ``slow`` (over the time limit by
  more than 10 s) or ``hang`` (the alarm went off): failures, each kept with its input in the output folder.

The same runner serves the suite (``tests/test_fuzz.py``, a bounded number of examples).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as seeded
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the strategies and the checker

from checker import check_plan  # noqa: E402
from mutations import Case, csv_cases, day_cases, plan_edits  # noqa: E402
from strategies import days, tiny_day  # noqa: E402

__all__ = ["run_case", "run_fuzz", "fuzz_table", "plan_edit_cases", "FAILURES", "TIME_LIMIT"]

TIME_LIMIT = 5.0
"""Seconds each solve may take (``--time-limit``)."""
FAILURES = ("traceback", "unnamed", "checker", "exit", "slow", "hang")
HANG_S = 60
"""Seconds after which a case is stopped by an alarm and counted as a hang."""


class _Hang(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001
    raise _Hang()


def _write_input(case: Case, folder: Path) -> Path:
    if case.kind == "csv":
        day = folder / "day"
        day.mkdir()
        for name, content in case.files.items():
            (day / name).write_bytes(content)
        return day
    path = folder / "day.json"
    path.write_bytes(case.text.encode("utf-8", "surrogatepass"))
    return path


def _unnamed(err: str) -> list[str]:
    """Problem lines of an exit-2 message that name no path."""
    lines = err.splitlines()
    problems = [line[2:] for line in lines if line.startswith("  ")]
    return [line for line in problems if ": " not in line or not line.split(": ", 1)[0].strip()] or (
        [] if problems or "sanhu: " in err else ["no problem listed"])


def _main(argv: list[str]) -> tuple[int, str, str]:
    from matching.cli.commands import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def run_case(case: Case, folder: Path, *, need: str | None = None, plan_text: str | None = None) -> tuple[str, str]:
    """Run one case in ``folder`` (empty); returns (outcome, detail). ``need`` and ``plan_text`` make it an
    ``explain`` case of the (valid) day in ``case``."""
    day_path = _write_input(case, folder)
    out = folder / "out.json"
    if plan_text is not None:
        plan_path = folder / "plan.json"
        plan_path.write_bytes(plan_text.encode("utf-8", "surrogatepass"))
        argv = ["explain", str(plan_path), "--need", need, "--day", str(day_path), "--no-tradeoff", "--out", str(out)]
    else:
        argv = ["solve", str(day_path), "--out", str(out), "--time-limit", str(TIME_LIMIT)]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_S)
    started = time.perf_counter()
    try:
        code, _, err = _main(argv)
    except _Hang:
        return "hang", " ".join(argv)
    except BaseException:  # noqa: BLE001 - the very thing counted: anything that escapes the command
        return "traceback", traceback.format_exc()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if time.perf_counter() - started > TIME_LIMIT + 10:
        return "slow", f"{time.perf_counter() - started:.1f} s"
    return _judge(case, code, err, out, day_path, plan_text is not None)


def _judge(case: Case, code: int, err: str, out: Path, day_path: Path, explaining: bool) -> tuple[str, str]:
    if code == 2:
        unnamed = _unnamed(err)
        return ("unnamed", "\n".join(unnamed)) if unnamed else ("invalid", err.splitlines()[1] if "\n" in err else err)
    if explaining:
        return ("explained", "") if code == 0 else ("exit", f"explain exited {code}: {err}")
    if code not in (0, 1) or not out.exists():
        return "exit", f"exit {code} without a plan: {err}"
    from models import Problem

    day = json.loads(Problem.load(day_path).to_json())  # the day as the folder or file means it
    try:
        check_plan(day, json.loads(out.read_text(encoding="utf-8")))
    except AssertionError as error:
        return "checker", str(error)
    return ("plan" if code == 0 else "no-plan"), ""


def run_fuzz(minutes: float, out_dir: Path, seed: int = 0) -> dict[str, Any]:
    """Draw cases for ``minutes``, JSON, CSV and plans in turn; counts by outcome, failures kept in ``out_dir``."""
    counts: dict[str, Counter] = {"json": Counter(), "csv": Counter(), "plan": Counter()}
    mutations: Counter = Counter()
    failures: list[dict[str, Any]] = []
    ends = time.monotonic() + 60 * minutes
    out_dir.mkdir(parents=True, exist_ok=True)

    def record(kind: str, case: Case, outcome: str, detail: str) -> None:
        counts[kind][outcome] += 1
        mutations.update(case.mutations)
        if outcome in FAILURES:
            failures.append({"kind": kind, "outcome": outcome, "detail": detail[-3000:], "mutations": case.mutations,
                             "input": case.text if case.kind == "json" else {k: v.decode("utf-8", "replace")
                                                                             for k, v in case.files.items()}})
            (out_dir / "failures.json").write_text(json.dumps(failures, ensure_ascii=False, indent=1))

    batch = 0
    while time.monotonic() < ends:
        batch += 1

        @seeded(seed * 1_000_003 + batch)
        @settings(max_examples=20, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(json_case=day_cases(), csv_case=csv_cases(), explained=plan_edit_cases())
        def one(json_case, csv_case, explained):
            if time.monotonic() >= ends:
                return
            case, need, text = explained
            for kind, case, extra in (("json", json_case, {}), ("csv", csv_case, {}),
                                      ("plan", case, {"need": need, "plan_text": text})):
                with tempfile.TemporaryDirectory() as scratch:
                    record(kind, case, *run_case(case, Path(scratch), **extra))

        one()
    return {"minutes": minutes, "seed": seed, "batches": batch, "counts": {k: dict(v) for k, v in counts.items()},
            "mutations": dict(mutations), "failures": len(failures)}


@functools.lru_cache(maxsize=1)
def _other_plan() -> dict:
    """The plan of a fixed day, for plans of another day."""
    from matching import solve
    from models import Problem

    return json.loads(solve(Problem.from_data(tiny_day()), time_limit=TIME_LIMIT).to_json())


@st.composite
def plan_edit_cases(draw) -> tuple[Case, str, str]:
    """An ``explain`` case: a valid day, its plan edited (``mutations.plan_edits``) and a need of the day."""
    from matching import solve
    from models import Problem

    day = draw(days(max_needs=4, max_resources=4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = json.loads(solve(Problem.from_data(day), time_limit=TIME_LIMIT).to_json())
    how, edited = draw(plan_edits(plan, _other_plan()))
    need = draw(st.sampled_from([need["id"] for need in day["needs"]]))
    case = Case("json", day, text=json.dumps(day, ensure_ascii=False), mutations=[f"plan:{how}"])
    return case, need, json.dumps(edited, ensure_ascii=False)


def fuzz_table(result: dict[str, Any]) -> str:
    """Counts by outcome as a Markdown table."""
    from benchmarks.report import markdown_table

    outcomes = ["invalid", "plan", "no-plan", "explained", *FAILURES]
    rows = [[kind, *(str(counts.get(outcome, 0)) for outcome in outcomes), str(sum(counts.values()))]
            for kind, counts in result["counts"].items()]
    return markdown_table(["cases", *outcomes, "all"], rows)
