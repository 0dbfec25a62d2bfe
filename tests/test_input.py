"""The input boundary: every bad day file, CSV folder, plan or output path is a clean error (exit 2,
each problem with its path), never a traceback; JSON types are strict and CSV text is converted by
the documented rules only."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from csv_days import write_csv_day

from matching.cli.commands import main
from models import InvalidProblem, Problem


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _write(tmp_path: Path, day, name: str = "day.json") -> Path:
    path = tmp_path / name
    path.write_text(day if isinstance(day, str) else json.dumps(day, ensure_ascii=False), encoding="utf-8")
    return path


def _invalid(capsys, *argv: str) -> str:
    code, out, err = _run(capsys, *argv)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "sanhu: invalid input" in err
    return err


# Numbers, nesting and text beyond what a day holds ------------------------------------------


def test_a_number_with_thousands_of_digits_is_refused_with_its_path(capsys, tmp_path, small_day):
    text = json.dumps(small_day).replace('"capacity": 8', '"capacity": ' + "9" * 5000)
    err = _invalid(capsys, "validate", str(_write(tmp_path, text)))
    assert "resources[0].capacity: must be a number of at most 100 characters" in err


def test_a_long_number_in_a_csv_folder_is_refused_with_its_path(capsys, tmp_path, small_day):
    folder = write_csv_day(small_day, tmp_path / "csv")
    (folder / "settings.json").write_text('{"settings": {"escalation_cost": ' + "1" * 5000 + "}}")
    err = _invalid(capsys, "validate", str(folder))
    assert "settings.escalation_cost: must be a number of at most 100 characters" in err
    resources = (folder / "resources.csv").read_text(encoding="utf-8").replace(",8,", "," + "7" * 5000 + ",")
    (folder / "resources.csv").write_text(resources, encoding="utf-8")
    (folder / "settings.json").write_text("{}")
    err = _invalid(capsys, "validate", str(folder))
    assert "resources[0].capacity: must be a number of at most 100 characters" in err


def test_json_nested_a_hundred_thousand_deep_is_refused_naming_the_file(capsys, tmp_path):
    path = _write(tmp_path, '{"areas": ' + "[" * 100_000 + "]" * 100_000 + "}")
    err = _invalid(capsys, "solve", str(path))
    assert f"{path}: lists and objects nested hundreds of levels deep" in err


def test_nan_is_not_json(capsys, tmp_path, small_day):
    text = json.dumps(small_day).replace('"weight": 3', '"weight": NaN')
    err = _invalid(capsys, "validate", str(_write(tmp_path, text)))
    assert "not valid JSON: NaN is not a JSON value" in err


def test_a_csv_cell_of_200_kb_reads_as_the_same_title_in_json_does(tmp_path, small_day):
    small_day["needs"][0]["title"] = "楼道扶手" * 50_000
    from_json = Problem.load(_write(tmp_path, small_day))
    assert Problem.load(write_csv_day(small_day, tmp_path / "csv")) == from_json


def test_text_over_the_bound_is_refused_in_json_and_csv(capsys, tmp_path, small_day):
    small_day["needs"][1]["title"] = "x" * 1_000_001
    message = "needs[1].title: must be at most 1,000,000 characters, got 1,000,001"
    assert message in _invalid(capsys, "validate", str(_write(tmp_path, small_day)))
    assert message in _invalid(capsys, "validate", str(write_csv_day(small_day, tmp_path / "csv")))


@pytest.mark.parametrize(("where", "value", "path"), [
    (lambda day: day["needs"][0], {"id": "n\ud800"}, "needs[0].id"),
    (lambda day: day["areas"][1], {"name": "街\udfff"}, "areas[1].name"),
    (lambda day: day["needs"][2], {"title": "体检\udc00"}, "needs[2].title"),
])
def test_lone_surrogates_are_refused_before_anything_is_written(capsys, tmp_path, small_day, where, value, path):
    where(small_day).update(value)
    day = _write(tmp_path, json.dumps(small_day))  # ASCII JSON: the surrogate stays a \\u escape
    out_file = tmp_path / "plan.json"
    err = _invalid(capsys, "solve", str(day), "--out", str(out_file))
    assert f"{path}: holds a lone surrogate" in err
    assert not out_file.exists()


# Strict types ------------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["needs"][0].update(weight="4"), "needs[0].weight: must be a number, got '4'"),
    (lambda d: d["needs"][0]["requires"][0].update(count="2"), "needs[0].requires[0].count: must be a number, got '2'"),
    (lambda d: d["needs"][0]["requires"][0].update(count=1.5), "needs[0].requires[0].count: must be a whole number"),
    (lambda d: d["needs"][0].update(required="yes"), "needs[0].required: must be true or false, got 'yes'"),
    (lambda d: d["needs"][0].update(required=1), "needs[0].required: must be true or false, got 1"),
    (lambda d: d["resources"][0].update(capacity="1_0"), "resources[0].capacity: must be a number, got '1_0'"),
    (lambda d: d["needs"][2].update(window=["17:00\n", "21:00"]), r"needs[2].window[0]: must be a time 'HH:MM'"),
    (lambda d: d["needs"][2].update(window=["1\u0667:00", "21:00"]), r"needs[2].window[0]: must be a time 'HH:MM'"),
    (lambda d: d["resources"][1].update(available=[["08:30", "12:00\n"]]), "resources[1].available[0][1]: must be a time"),
    (lambda d: d.update(date=0), "date: must be a date 'YYYY-MM-DD', got 0"),
    (lambda d: d["areas"][1].update(xy=["1", 2]), "areas[1].xy[0]: must be a number, got '1'"),
    (lambda d: d["units"][0].update(max_members="2"), "units[0].max_members: must be a number, got '2'"),
])
def test_json_types_are_strict(small_day, change, message):
    change(small_day)
    with pytest.raises(InvalidProblem) as caught:
        Problem.from_data(small_day)
    assert message in str(caught.value)


def test_whole_floats_count_and_python_numbers_are_numbers(small_day):
    import numpy as np

    small_day["needs"][0]["requires"][0]["count"] = 2.0
    small_day["resources"][0]["capacity"] = np.float64(8)
    small_day["resources"][1]["max_tasks"] = np.int64(4)
    problem = Problem.from_data(small_day)
    assert problem.needs[0].requires[0].count == 2 and problem.resources[0].capacity == 8.0


@pytest.mark.parametrize(("table", "old", "new", "message"), [
    ("resources", ",8,", ",1_000,", "resources[0].capacity: must be a number, got '1_000'"),
    ("resources", ",8,", ",８,", "resources[0].capacity: must be a number, got '８'"),
    ("needs", ",true", ",yes", "needs[0].required: must be true or false, got 'yes'"),
    ("needs", ",3,", ",3x,", "needs[0].weight: must be a number, got '3x'"),
])
def test_csv_text_is_converted_by_the_documented_rules_only(capsys, tmp_path, small_day, table, old, new, message):
    small_day["needs"][0]["required"] = True
    folder = write_csv_day(small_day, tmp_path / "csv")
    assert Problem.load(folder) == Problem.from_data(small_day)
    file = folder / f"{table}.csv"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert message in _invalid(capsys, "validate", str(folder))


def test_a_csv_row_with_more_cells_than_its_header_is_refused(capsys, tmp_path, small_day):
    folder = write_csv_day(small_day, tmp_path / "csv")
    lines = (folder / "needs.csv").read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra"
    (folder / "needs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _invalid(capsys, "validate", str(folder))
    assert "needs[1]: " in err and "but the header of needs.csv names" in err


def test_csv_flags_read_true_and_false_in_any_case(tmp_path, small_day):
    small_day["needs"][0]["required"] = True
    folder = write_csv_day(small_day, tmp_path / "csv")
    text = (folder / "needs.csv").read_text(encoding="utf-8")
    (folder / "needs.csv").write_text(text.replace(",true", ",TRUE"), encoding="utf-8")
    assert Problem.load(folder).needs[0].required is True


# Files and folders -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "holds"), [("[]", "a list"), ("null", "null"), ("42", "a number"),
                                             ('"day"', "text")])
def test_a_day_file_that_is_not_an_object_names_the_file(capsys, tmp_path, text, holds):
    path = _write(tmp_path, text)
    err = _invalid(capsys, "validate", str(path))
    assert f"{path}: must hold a JSON object, the day (areas, resources, needs); it holds {holds}" in err


def test_a_byte_order_mark_is_accepted_in_json_as_in_csv(tmp_path, small_day):
    path = tmp_path / "day.json"
    path.write_text("\ufeff" + json.dumps(small_day, ensure_ascii=False), encoding="utf-8")
    folder = write_csv_day(small_day, tmp_path / "csv")
    settings = folder / "settings.json"
    settings.write_text("\ufeff" + settings.read_text(encoding="utf-8"), encoding="utf-8")
    assert Problem.load(path) == Problem.load(folder) == Problem.from_data(small_day)


def test_load_raises_only_invalid_problem_for_unreadable_paths(tmp_path, small_day):
    folder = write_csv_day(small_day, tmp_path / "csv")
    (folder / "needs.csv").unlink()
    (folder / "needs.csv").mkdir()
    for path in (folder, tmp_path / ("x" * 300 + ".json"), tmp_path / "a\0b.json"):
        with pytest.raises(InvalidProblem):
            Problem.load(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder without permissions")
def test_an_unreadable_folder_is_an_invalid_problem(tmp_path, small_day):
    folder = write_csv_day(small_day, tmp_path / "csv")
    folder.chmod(0)
    try:
        with pytest.raises(InvalidProblem, match="cannot read the day file: Permission denied"):
            Problem.load(folder)
    finally:
        folder.chmod(0o755)


def test_a_list_of_more_records_than_a_day_may_hold_is_refused_before_reading_them(small_day):
    small_day["needs"] = small_day["needs"] * 400_001
    with pytest.raises(InvalidProblem, match=r"needs: 1,200,003 records, more than the 1,000,000 a day may hold"):
        Problem.from_data(small_day)


@pytest.mark.parametrize(("place", "path"), [(lambda day: day["needs"][0], "needs[0]."), (lambda day: day, "")])
def test_a_field_name_with_a_lone_surrogate_is_named_by_its_path(capsys, tmp_path, small_day, place, path):
    place(small_day)["\ud800"] = 1
    err = _invalid(capsys, "validate", str(_write(tmp_path, json.dumps(small_day))))
    assert f"  {path}\\ud800: unknown field, whose name is not text" in err


def test_an_empty_field_name_is_named_too(small_day):
    small_day[""] = 1
    small_day["needs"][0][""] = 2
    with pytest.raises(InvalidProblem) as caught:
        Problem.from_data(small_day)
    assert {str(issue) for issue in caught.value.issues} == {'"": unknown field', 'needs[0]."": unknown field'}
