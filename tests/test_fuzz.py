"""Broken days (JSON and CSV) and edited plans against the command line: every case ends in exit 2 with each
problem's path, or a plan the independent checker passes (an explanation, for plans); never a traceback or a
hang. A bounded sample here; ``python -m benchmarks fuzz --minutes N`` runs the same cases for longer."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from mutations import csv_cases, day_cases

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root holds ``benchmarks``

from benchmarks.fuzz import FAILURES, plan_edit_cases, run_case  # noqa: E402

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.data_too_large])


def _ok(outcome: str, detail: str) -> None:
    assert outcome not in FAILURES, f"{outcome}: {detail}"


@FUZZ
@given(case=day_cases())
def test_broken_json_days(tmp_path_factory, case):
    _ok(*run_case(case, tmp_path_factory.mktemp("case")))


@FUZZ
@given(case=csv_cases())
def test_broken_csv_folders(tmp_path_factory, case):
    _ok(*run_case(case, tmp_path_factory.mktemp("case")))


@settings(FUZZ, max_examples=15)
@given(explained=plan_edit_cases())
def test_edited_plans_given_to_explain(tmp_path_factory, explained):
    case, need, text = explained
    _ok(*run_case(case, tmp_path_factory.mktemp("case"), need=need, plan_text=text))
