"""Text about residents and helpers (need titles, the names of people, units and places) stays out of log records,
and ``--redact`` writes plans, explanations and advice with ids only; checked by searching every captured log
record and output for every name and title of the day."""

from __future__ import annotations

import json
import logging
import warnings

import pytest
from checker import check_plan

from matching import example_day, explain, recommend, solve
from matching.cli.commands import main
from matching.synthetic.examples import example_data


def _private_text(day: dict) -> set[str]:
    """Every name and title of the day that is not also an id, a skill or a level name."""
    public = {record["id"] for table in ("areas", "units", "resources", "needs") for record in day.get(table, [])}
    public |= {skill for resource in day["resources"] for skill in resource.get("skills", [])}
    public |= set(day.get("levels", []))
    text = {record.get(field) for table, field in (("areas", "name"), ("units", "name"), ("resources", "name"),
                                                    ("needs", "title")) for record in day.get(table, [])}
    return {value for value in text if value and value not in public}


def _leaks(text: str, private: set[str]) -> list[str]:
    return sorted(value for value in private if value in text)


def test_log_records_hold_no_names_or_titles(caplog):
    day = example_data()
    private = _private_text(day)
    assert len(private) > 40  # the example day's Chinese names and titles
    problem = example_day()
    with caplog.at_level(logging.DEBUG), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = solve(problem, time_limit=30)
        unmet = [need.id for need in plan.needs if not need.covered]
        for need in unmet[:3]:
            explain(problem, plan, need, time_limit=10)
        recommend(problem, plan, top=2, time_limit=20)
    records = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records, "nothing was logged: the check would pass vacuously"
    assert not _leaks(records, private)
    assert not _leaks("\n".join(str(warning.message) for warning in caught), private)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_redact_writes_ids_only_and_the_same_plan(capsys, tmp_path):
    day = example_data()
    private = _private_text(day)
    plain, redacted = tmp_path / "plain.json", tmp_path / "redacted.json"
    code, out_plain, _ = _run(capsys, "solve", "--out", str(plain))
    assert code == 0 and _leaks(plain.read_text(encoding="utf-8") + out_plain, private)  # the check can fail
    code, out, err = _run(capsys, "solve", "--redact", "--out", str(redacted))
    assert code == 0
    text = redacted.read_text(encoding="utf-8")
    assert not _leaks(text + out + err, private)
    plan, same = json.loads(text), json.loads(plain.read_text(encoding="utf-8"))
    assert plan["stats"]["redacted"] is True
    assert plan["assignments"] == same["assignments"] and plan["objective"] == same["objective"]
    check_plan(day, plan)


def test_explain_and_recommend_redacted(capsys, tmp_path):
    day = example_data()
    private = _private_text(day)
    plan_file, why, advice = tmp_path / "plan.json", tmp_path / "why.json", tmp_path / "advice.json"
    assert _run(capsys, "solve", "--redact", "--out", str(plan_file))[0] == 0
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    for need in [entry["id"] for entry in plan["needs"] if not entry["covered"]][:4]:
        code, out, err = _run(capsys, "explain", str(plan_file), "--need", need, "--redact", "--out", str(why),
                              "--time-limit", "10")
        assert code == 0, err
        assert not _leaks(out + err + why.read_text(encoding="utf-8"), private)
    day_file = tmp_path / "day.json"
    day_file.write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, "recommend", str(day_file), "--plan", str(plan_file), "--redact", "--top", "2",
                          "--time-limit", "20", "--out", str(advice))
    assert code == 0, err
    assert not _leaks(out + err + advice.read_text(encoding="utf-8"), private)


@pytest.mark.parametrize("command", ["explain", "recommend"])
def test_a_plan_written_without_redact_is_refused_with_redact(capsys, tmp_path, command):
    plan_file = tmp_path / "plan.json"
    assert _run(capsys, "solve", "--out", str(plan_file))[0] == 0
    day_file = tmp_path / "day.json"
    day_file.write_text(json.dumps(example_data(), ensure_ascii=False), encoding="utf-8")
    argv = (["explain", str(plan_file), "--need", "n-legal"] if command == "explain"
            else ["recommend", str(day_file), "--plan", str(plan_file)])
    code, _, err = _run(capsys, *argv, "--redact")
    assert code == 2 and "the plan was written without --redact" in err
