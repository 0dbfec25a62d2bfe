"""Output paths are checked before any work is done, outputs are written atomically and a file replaced
keeps its permissions; a time limit too large for the engines is kept as a long one."""

from __future__ import annotations

import json
import os

import pytest
from checker import check_plan

from matching.cli.commands import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _invalid(capsys, *argv: str) -> str:
    code, out, err = _run(capsys, *argv)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "sanhu: invalid input" in err
    return err


@pytest.mark.parametrize(("out", "message"), [
    ("/proc/x.json", "--out: cannot write in folder /proc"),
    ("", "--out: must name a file, got an empty name"),
])
def test_out_paths_that_cannot_be_written_are_refused_before_solving(capsys, out, message):
    err = _invalid(capsys, "solve", "--out", out)
    assert message in err and ".tmp" not in err


def test_a_read_only_out_file_is_left_alone(capsys, tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("previous plan")
    target.chmod(0o444)
    err = _invalid(capsys, "solve", "--out", str(target))
    assert "is read-only (it is not replaced)" in err
    assert target.read_text() == "previous plan" and (target.stat().st_mode & 0o777) == 0o444


def test_a_replaced_out_file_keeps_its_permissions(capsys, tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("previous plan")
    target.chmod(0o640)
    assert _run(capsys, "solve", "--out", str(target))[0] == 0
    assert (target.stat().st_mode & 0o777) == 0o640 and json.loads(target.read_text())["status"] == "optimal"



def test_an_undecodable_file_name_is_printed_escaped(capsys, tmp_path, small_day):
    name = os.fsdecode(b"day-\xff.json")  # a surrogate escape in the path, as sys.argv holds it
    (tmp_path / name).write_text(json.dumps(small_day, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, "validate", str(tmp_path / name))
    assert code == 0 and "valid day" in out


# Time limits too large for the engines ------------------------------------------------------


@pytest.mark.parametrize(("engine", "limit"), [("scip", "1e16"), ("scip", "1e308"), ("auto", "1e16")])
def test_an_enormous_time_limit_is_kept_as_a_long_one(capsys, tmp_path, engine, limit):
    from matching.synthetic.generate import generate_day

    day = generate_day("demo", 3)
    out_file = tmp_path / "plan.json"
    path = tmp_path / "day.json"
    path.write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    code, _, err = _run(capsys, "solve", str(path), "--time-limit", limit, "--engine", engine,
                        "--out", str(out_file))
    assert code == 0, err
    plan = json.loads(out_file.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal"
    check_plan(day, plan)


