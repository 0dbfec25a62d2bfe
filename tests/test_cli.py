"""The ``sanhu`` command: summaries, exit codes, atomic outputs, no tracebacks for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from checker import check_plan

from matching.cli.commands import main
from matching.synthetic.examples import example_data


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_solve_bundled_day_prints_summary_and_writes_plan(capsys, tmp_path):
    out_file = tmp_path / "plan.json"
    code, out, err = _run(capsys, "solve", "--out", str(out_file))
    assert code == 0
    for label in ("needs", "covered weight", "cleared today", "clarified today", "unmet", "coverage per street", "沙坪街道"):
        assert label in out
    plan = json.loads(out_file.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal"
    check_plan(example_data(), plan)
    assert err == ""


def test_solve_a_day_file(capsys, tmp_path, small_day):
    day = tmp_path / "day.json"
    day.write_text(json.dumps(small_day, ensure_ascii=False), encoding="utf-8")
    out_file = tmp_path / "plan.json"
    code, out, _ = _run(capsys, "solve", str(day), "--out", str(out_file), "--workers", "2", "--seed", "3",
                        "--time-limit", "30")
    assert code == 0 and "status           optimal" in out
    plan = json.loads(out_file.read_text(encoding="utf-8"))
    assert plan["stats"]["workers"] == 2 and plan["stats"]["seed"] == 3
    check_plan(small_day, plan)


def test_invalid_day_exits_2_naming_every_bad_field(capsys, tmp_path, small_day):
    small_day["needs"][1]["area"] = "g-99"
    small_day["resources"][0]["capacity"] = -1
    day = tmp_path / "day.json"
    day.write_text(json.dumps(small_day), encoding="utf-8")
    out_file = tmp_path / "plan.json"
    out_file.write_text("previous plan")
    for command in (["solve", str(day), "--out", str(out_file)], ["validate", str(day)]):
        code, out, err = _run(capsys, *command)
        assert code == 2
        assert "needs[1].area: unknown area 'g-99'" in err
        assert "resources[0].capacity: must be positive" in err
        assert "Traceback" not in err
    assert out_file.read_text() == "previous plan"


def test_missing_and_malformed_files_exit_2(capsys, tmp_path):
    code, _, err = _run(capsys, "solve", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read the day file" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, _, err = _run(capsys, "validate", str(bad))
    assert code == 2 and "not valid JSON" in err


def test_bad_flags_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["solve", "--workers", "0"])
    assert caught.value.code == 2
    assert "--workers: must be between 1 and 256" in capsys.readouterr().err


def test_infeasible_day_exits_1(capsys, tmp_path, small_day):
    small_day["needs"][2]["required"] = True
    small_day["needs"][2]["window"] = ["08:00", "09:00"]  # 王 is free only 18:00–21:00
    day = tmp_path / "day.json"
    day.write_text(json.dumps(small_day), encoding="utf-8")
    out_file = tmp_path / "plan.json"
    code, out, err = _run(capsys, "solve", str(day), "--out", str(out_file))
    assert code == 1
    assert "infeasible" in out and "n-clinic" in err
    plan = json.loads(out_file.read_text())
    assert plan["status"] == "infeasible" and plan["core"]["needs"] == ["n-clinic"]
    check_plan(small_day, plan)


def test_validate_ok_and_schema(capsys, tmp_path, small_day):
    day = tmp_path / "day.json"
    day.write_text(json.dumps(small_day), encoding="utf-8")
    code, out, _ = _run(capsys, "validate", str(day))
    assert code == 0 and "valid day with 7 areas, 1 units, 4 resources, 3 needs" in out
    code, out, _ = _run(capsys, "schema")
    assert code == 0 and "needs" in json.loads(out)["properties"]
    code, out, _ = _run(capsys, "schema", "plan")
    assert code == 0 and "assignments" in json.loads(out)["properties"]


def test_generate_writes_a_valid_day(capsys, tmp_path):
    out_file = tmp_path / "demo.json"
    code, _, _ = _run(capsys, "generate", "--tier", "demo", "--seed", "4", "--out", str(out_file))
    assert code == 0
    code, out, _ = _run(capsys, "validate", str(out_file))
    assert code == 0 and "valid day" in out


def test_console_entry_points_run_as_programs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "matching", "solve", "--out", str(tmp_path / "p.json")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "coverage per street" in result.stdout


def test_unwritable_output_is_refused_before_solving(capsys, tmp_path):
    code, out, err = _run(capsys, "solve", "--out", str(tmp_path))
    assert code == 2 and f"--out: {tmp_path} is a directory" in err and out == ""
    code, _, err = _run(capsys, "solve", "--out", str(tmp_path / "missing" / "plan.json"))
    assert code == 2 and "does not exist" in err


def test_unsupported_tier_fails_validation(capsys, tmp_path, small_day):
    small_day["settings"] = {"objective": ["coverage", "stability"]}
    day = tmp_path / "day.json"
    day.write_text(json.dumps(small_day), encoding="utf-8")
    code, _, err = _run(capsys, "validate", str(day))
    assert code == 2 and "settings.objective[1]: tier 'stability' is not supported" in err


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--time-limit", "abc", "must be a number of seconds"),
    ("--seed", "99999999999", "must be between 0 and 2147483647"),
    ("--workers", "1000", "must be between 1 and 256"),
])
def test_bad_numbers_on_the_command_line(capsys, flag, value, message):
    with pytest.raises(SystemExit) as caught:
        main(["solve", flag, value])
    assert caught.value.code == 2 and message in capsys.readouterr().err


def test_non_utf8_day_is_invalid(capsys, tmp_path):
    day = tmp_path / "day.json"
    day.write_bytes(b'{"areas": "\xff\xfe"}')
    code, _, err = _run(capsys, "validate", str(day))
    assert code == 2 and "not UTF-8" in err


def test_plan_file_has_ordinary_permissions(capsys, tmp_path):
    import os
    import stat

    out_file = tmp_path / "plan.json"
    assert _run(capsys, "solve", "--out", str(out_file))[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o666 & ~umask


def test_explain_a_need_from_a_saved_plan(capsys, tmp_path):
    plan_file, out_file = tmp_path / "plan.json", tmp_path / "why.json"
    assert _run(capsys, "solve", "--out", str(plan_file))[0] == 0
    code, out, err = _run(capsys, "explain", str(plan_file), "--need", "n-clean-yt", "--out", str(out_file))
    assert code == 0, err
    assert "capacity_taken" in out and "Together," in out
    explanation = json.loads(out_file.read_text(encoding="utf-8"))
    assert explanation["need"] == "n-clean-yt" and explanation["hall"]["demand"] > explanation["hall"]["supply"]


def test_explain_refuses_unknown_needs_and_plans(capsys, tmp_path):
    plan_file = tmp_path / "plan.json"
    assert _run(capsys, "solve", "--out", str(plan_file))[0] == 0
    code, _, err = _run(capsys, "explain", str(plan_file), "--need", "nope")
    assert code == 2 and "--need: unknown need 'nope'" in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"status": "optimal"}')
    code, _, err = _run(capsys, "explain", str(bad), "--need", "n-legal")
    assert code == 2 and "objective" in err


def test_fairness_shows_in_the_summary(capsys, tmp_path, small_day):
    small_day["settings"] = {"objective": ["coverage", "fairness", "cost"]}
    day = tmp_path / "day.json"
    day.write_text(json.dumps(small_day), encoding="utf-8")
    code, out, _ = _run(capsys, "solve", str(day))
    assert code == 0 and "fairness" in out


def test_recommend_one_day_and_shortages_over_several(capsys, tmp_path):
    from matching.synthetic.generate import generate_day

    days = []
    for seed in (1, 2, 3):
        path = tmp_path / f"demo{seed}.json"
        path.write_text(json.dumps(generate_day("demo", seed), ensure_ascii=False), encoding="utf-8")
        days.append(str(path))
    out_file = tmp_path / "advice.json"
    code, out, err = _run(capsys, "recommend", days[0], "--top", "3", "--out", str(out_file))
    assert code == 0, err
    advice = json.loads(out_file.read_text(encoding="utf-8"))
    assert 0 < len(advice["recommendations"]) <= 3 and "gain" in out
    assert all(r["gain"] > 0 for r in advice["recommendations"])
    code, out, err = _run(capsys, "recommend", *days, "--top", "5")
    assert code == 0, err and "shortages over 3 days" in out
    code, _, err = _run(capsys, "recommend", *days, "--plan", str(out_file))
    assert code == 2 and "--plan: goes with one day only" in err


def test_a_plan_of_the_race_is_made_again_by_the_engine_it_names(capsys, tmp_path):
    """``stats.engine`` names the strategy that made each part; asking for it by name gives the same plan."""
    day = tmp_path / "day.json"
    day.write_text(json.dumps(example_data(), ensure_ascii=False), encoding="utf-8")
    raced, again = tmp_path / "raced.json", tmp_path / "again.json"
    assert _run(capsys, "solve", str(day), "--out", str(raced))[0] == 0
    engine = json.loads(raced.read_text(encoding="utf-8"))["stats"]["engine"]
    name, _, how = engine.partition("/")
    assert "+" not in engine and name in ("scip", "highs", "cp-sat")
    mode = {"": "one-objective", "tiers": "tier-by-tier", "coverage-first": "coverage-first"}[how]
    flags = ["--engine", name, "--tiers", mode]
    assert _run(capsys, "solve", str(day), "--out", str(again), *flags)[0] == 0
    first, second = (json.loads(path.read_text(encoding="utf-8")) for path in (raced, again))
    assert first["assignments"] == second["assignments"] and first["objective"] == second["objective"]
    check_plan(example_data(), second)
