"""A service in a child process, for the journal test: ``python tests/journal_child.py DAY PLAN JOURNAL``.

It rebuilds nothing: it starts a ``Planner`` on the morning's day and plan with a journal, then reads
one event per line on stdin (``{"event": kind, "data": {...}}``, the journal's own shape), applies it and
answers on stdout: ``ack N`` once the call has returned (so the event is on disk), ``refused N`` when the
planner refused it, and for a replan ``ack N DIGEST`` with a digest of the new plan. The test kills it.
"""

from __future__ import annotations

import hashlib
import sys
import warnings

from matching import Planner
from models import InvalidProblem, Plan, Problem


def digest(plan: Plan) -> str:
    """The plan without its timings, hashed."""
    return hashlib.sha256(plan.model_dump_json(exclude={"stats"}).encode()).hexdigest()[:16]


def apply(planner: Planner, kind: str, data: dict) -> str:
    if kind == "add_need":
        planner.add_need(data["need"], data.get("arcs", ()))
    elif kind == "cancel_need":
        planner.cancel_need(data["need"])
    elif kind == "update_resource":
        planner.update_resource(data["resource"], **data["changes"])
    elif kind == "replan":
        plan, _ = planner.replan()
        return " " + digest(plan)
    else:
        raise ValueError(f"unknown event {kind!r}")
    return ""


def main() -> None:
    import json

    day, plan, journal = sys.argv[1:4]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = Problem.load(day)
    planner = Planner(problem, Plan.load(plan), journal=journal)
    print("ready", flush=True)
    for number, line in enumerate(sys.stdin):
        record = json.loads(line)
        try:
            extra = apply(planner, record["event"], record.get("data", {}))
        except InvalidProblem:
            print(f"refused {number}", flush=True)
            continue
        print(f"ack {number}{extra}", flush=True)


if __name__ == "__main__":
    main()
