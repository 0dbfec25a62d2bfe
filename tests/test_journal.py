"""A planner's journal survives its process being killed: a real child process, SIGKILL mid-stream."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from checker import check_plan
from journal_child import apply, digest

from matching import Planner, generate_day, solve
from matching.replan.journal import read_journal
from models import Problem

CHILD = Path(__file__).with_name("journal_child.py")


def _events(day: dict, seed: int, count: int) -> list[dict]:
    """Journal-shaped events on a generated day: needs in and out, capacity cut, a replan after each."""
    draw = random.Random(seed)
    areas = [a["id"] for a in day["areas"] if a["level"] in ("grid", "micro")]
    skills = sorted({s for r in day["resources"] for s in r["skills"]})
    needs = [n["id"] for n in day["needs"]]
    events = []
    for step in range(count):
        kind = draw.choice(["add_need", "add_need", "cancel_need", "update_resource"])
        if kind == "add_need":
            need = {"id": f"walk-in-{step}", "area": draw.choice(areas), "weight": draw.choice([1, 2, 3]),
                    "requires": [{"skill": draw.choice(skills)}]}
            events.append({"event": kind, "data": {"need": need}})
        elif kind == "cancel_need":
            events.append({"event": kind, "data": {"need": needs.pop(draw.randrange(len(needs)))}})
        else:
            resource = draw.choice(day["resources"])
            events.append({"event": kind, "data": {"resource": resource["id"],
                                                   "changes": {"capacity": resource["capacity"] / 2}}})
        events.append({"event": "replan", "data": {}})
    return events


def _plain(record: dict) -> dict:
    """An event without the defaults the journal writes out (no arcs, no time limit, not full)."""
    return {"event": record["event"],
            "data": {key: value for key, value in record.get("data", {}).items() if value not in ([], None, False)}}


@pytest.mark.parametrize("seed", [1, 2])
def test_no_accepted_event_is_lost_when_the_process_is_killed(tmp_path, seed):
    day = generate_day("demo", seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = Problem.from_data(day)
    morning = solve(problem, time_limit=30, seed=0)
    (tmp_path / "day.json").write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "plan.json").write_text(morning.to_json(), encoding="utf-8")
    journal = tmp_path / "events.jsonl"
    events = _events(day, seed, 12)
    kill_after = random.Random(seed).randrange(6, len(events) - 4)  # answers read before the kill

    child = subprocess.Popen([sys.executable, str(CHILD), str(tmp_path / "day.json"), str(tmp_path / "plan.json"),
                              str(journal)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             cwd=CHILD.parent, env={**os.environ, "PYTHONPATH": str(CHILD.parent)})
    try:
        assert child.stdout.readline().strip() == "ready"
        answers = []
        for number, event in enumerate(events):
            child.stdin.write(json.dumps(event) + "\n")
            child.stdin.flush()
            if number == kill_after:  # the next events are in its pipe, one perhaps half applied
                for more in events[number + 1:number + 4]:
                    child.stdin.write(json.dumps(more) + "\n")
                child.stdin.flush()
                child.send_signal(signal.SIGKILL)
                break
            answers.append(child.stdout.readline().split())
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    acknowledged = [events[int(answer[1])] for answer in answers if answer[0] == "ack"]
    assert len(acknowledged) == kill_after  # every event was accepted: none was refused

    records, note = read_journal(journal)
    assert note is None or "cut short" in note
    kept = [_plain(record) for record in records]
    assert kept[:len(acknowledged)] == [_plain(event) for event in acknowledged]  # nothing acknowledged lost
    assert len(records) <= len(acknowledged) + 4  # and nothing that was never sent

    rebuilt, _ = Planner.recover(problem, journal, plan=morning)
    again = Planner(problem, morning)  # the same accepted events, fed in this process
    for record in records:
        apply(again, record["event"], record.get("data", {}))
    assert digest(rebuilt.plan) == digest(again.plan)
    replans = [answer for answer in answers if len(answer) == 3]
    if records[-1]["event"] == "replan" and len(records) == len(acknowledged):
        assert digest(rebuilt.plan) == replans[-1][2]  # the very plan the killed process last gave
    plan, _ = rebuilt.replan()  # events after the last replan are in the day, not yet in its plan
    assert digest(plan) == digest(again.replan()[0])
    check_plan(json.loads(rebuilt.problem.to_json()), plan.model_dump(mode="json"))
