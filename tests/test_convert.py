"""Days written and read back as JSON, CSV folders, .xlsx workbooks and DataFrames: every way round, exactly.

``sanhu convert DAY OUT`` picks the format by OUT's suffix; the same tables step serves every format,
so a day converted in any order comes back equal as a model, Chinese text and all.
"""

from __future__ import annotations

import codecs
import copy
import json
import os
import sys
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import worded_days

from matching import example_day, generate_day
from matching.cli.commands import main
from models import InvalidProblem, MissingExtra, Problem

CSV_NAMES = ("areas.csv", "units.csv", "resources.csv", "needs.csv", "arcs.csv", "settings.json")
OUT = {"json": "day.json", "csv": "day", "xlsx": "day.xlsx"}


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _day(data) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a skill nobody has, in the example day
        return data if isinstance(data, Problem) else Problem.from_data(data)


def _load(path) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.load(path)


def _edge_day(small_day: dict) -> dict:
    """A small day using every column and notation: arcs, settings, an empty availability, awkward text."""
    day = copy.deepcopy(small_day)
    day["levels"] = ["city", "street", "community", "grid", "micro"]
    day["settings"] = {"objective": ["coverage", "fairness", "cost", "balance"], "escalation_cost": 1.5,
                       "distance_cost": 0.25, "fairness_level": "community"}
    day["areas"][2]["xy"] = [1.2345678901, -2.5e-07]
    day["areas"][3]["max_outbound"] = 2.25
    day["resources"][0].update(extra_areas=["gl", "zs"], measure="count", name='住建局 "维修队", 一组')
    day["resources"].append({"id": "m-off", "name": "=SUM(A1:A3)", "kind": "material", "area": "gl",
                             "skills": ["repair"], "capacity": 1, "available": []})
    day["needs"][0].update(required=True, category="维修;公共", title="第一行\n第二行, 含逗号")
    day["needs"][1]["requires"][0].update(count=1, amount=0.75)
    day["arcs"] = [{"need": "n-clinic", "resource": "p-wang", "amount": 1.25, "cost": 0.5},
                   {"need": "n-clinic", "resource": "s-li"}]
    return day


def _days(small_day: dict) -> list[Problem]:
    return [_day(example_day()), _day(generate_day("demo", 1)), _day(generate_day("demo", 2)),
            _day(_edge_day(small_day))]


def _equal(left: Problem, right: Problem) -> None:
    assert left == right
    assert left.model_dump() == right.model_dump()


def test_every_format_converts_to_every_other_exactly(capsys, tmp_path, small_day):
    """json → csv → xlsx → json and json → xlsx → csv → json: all six directions, through the command."""
    for number, day in enumerate(_days(small_day)):
        start = tmp_path / f"{number}.json"
        day.save(start)
        for order in (("csv", "xlsx", "json"), ("xlsx", "csv", "json")):
            current = start
            for form in order:
                target = tmp_path / f"{number}-{'-'.join(order)}-{OUT[form]}"
                code, out, err = _run(capsys, "convert", current, target)
                assert code == 0, err
                assert out.strip().endswith(f"to {target}")
                _equal(_load(target), day)
                current = target
            assert json.loads(current.read_text(encoding="utf-8")) == json.loads(start.read_text(encoding="utf-8"))


def test_a_city_day_converts_round_and_back_exactly(capsys, tmp_path):
    day = _day(generate_day("city", 1))
    current = tmp_path / "city.json"
    day.save(current)
    for target in (tmp_path / "city", tmp_path / "city.xlsx", tmp_path / "back.json"):
        assert _run(capsys, "convert", current, target)[0] == 0
        current = target
    _equal(_load(current), day)
    _equal(Problem.from_frames(day.to_frames(), day.to_settings()), day)


def test_generate_writes_a_workbook_when_asked_for_one(capsys, tmp_path):
    assert _run(capsys, "generate", "--tier", "demo", "--seed", "2", "--out", tmp_path / "day.xlsx")[0] == 0
    _equal(_load(tmp_path / "day.xlsx"), _day(generate_day("demo", 2)))


def test_frames_round_trip_with_the_columns_of_the_csv_files(tmp_path, small_day):
    for day in _days(small_day):
        frames = day.to_frames()
        _equal(Problem.from_frames(frames, day.to_settings()), day)
    day.save(tmp_path / "day")
    for name, frame in frames.items():
        header = (tmp_path / "day" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert list(frame.columns) == header.split(",")
    assert frames["resources"]["capacity"].dtype.kind == "f" and frames["needs"]["required"].dtype == bool


def test_frames_changed_in_pandas_read_by_the_csv_rules(small_day):
    day = _day(small_day)
    frames = day.to_frames()
    frames["resources"].loc[0, "capacity"] = 10  # a float column: 10.0
    frames["resources"]["max_tasks"] = frames["resources"]["max_tasks"].astype("Int64")  # pd.NA where empty
    frames["needs"] = frames["needs"].set_index("id", drop=False)
    changed = Problem.from_frames(frames)
    assert changed.resources[0].capacity == 10 and changed.resources[1].max_tasks == 4
    assert changed.settings == day.settings and changed.date is None
    assert changed.model_copy(update={"resources": day.resources, "date": day.date}) == day


def test_csv_is_written_as_utf8_and_read_with_or_without_a_byte_order_mark(tmp_path):
    day = _day(example_day())
    folder = tmp_path / "day"
    day.save(folder)
    assert sorted(os.listdir(folder)) == sorted(CSV_NAMES)
    raw = (folder / "areas.csv").read_bytes()
    assert not raw.startswith(codecs.BOM_UTF8) and "沙坪街道".encode() in raw
    for name in CSV_NAMES:
        (folder / name).write_bytes(codecs.BOM_UTF8 + (folder / name).read_bytes())
    _equal(_load(folder), day)


def test_chinese_text_is_intact_in_every_format(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    day = _day(example_day())
    day.save(tmp_path / "day.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "day.xlsx")["needs"]
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == [need.title for need in day.needs] and any("社区" in title or "楼" in title for title in titles)
    assert day.to_frames()["areas"]["name"].tolist() == [area.name for area in day.areas]


def test_an_xlsx_day_is_a_day_for_solve_validate_and_explain(capsys, tmp_path):
    day = _day(example_day())
    workbook = tmp_path / "day.xlsx"
    day.save(workbook)
    code, out, _ = _run(capsys, "validate", workbook)
    assert code == 0 and f"{workbook}: valid day with 22 areas" in out
    plan_file = tmp_path / "plan.json"
    code, out, _ = _run(capsys, "solve", workbook, "--out", plan_file)
    assert code == 0 and "status           optimal" in out
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    assert plan["stats"]["source"] == str(workbook.resolve())
    unmet = next(need["id"] for need in plan["needs"] if not need["covered"])
    code, out, _ = _run(capsys, "explain", plan_file, "--need", unmet, "--no-tradeoff")
    assert code == 0 and unmet in out


def test_a_folder_is_replaced_whole_and_only_when_it_holds_a_day(capsys, tmp_path, small_day):
    day = _day(small_day)
    folder = tmp_path / "day"
    day.save(folder)
    other = _day(_edge_day(small_day))
    other.save(folder)  # a day folder is replaced
    _equal(_load(folder), other)
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, err = _run(capsys, "convert", tmp_path / "day", tmp_path / "day")
    assert code == 2 and "holding files other than a day's (notes.txt); it is not replaced" in err
    with pytest.raises(OSError, match="not replaced"):
        day.save(folder)
    _equal(_load(folder), other)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = _run(capsys, "convert", tmp_path / "day", tmp_path / "file")
    assert code == 2 and "is a file, not a folder" in err
    code, _, err = _run(capsys, "convert", tmp_path / "day", tmp_path / "needs.csv")
    assert code == 2 and "a CSV day is a folder" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["day", "file"]  # nothing left beside them


def test_what_a_table_cannot_hold_is_refused_with_its_path_and_nothing_is_written(capsys, tmp_path, small_day):
    small_day["resources"][0]["skills"] = ["repair;paint", "lead:housing"]
    small_day["needs"][0]["requires"][0]["skill"] = "repair;paint"
    small_day["areas"][1]["name"] = " 沙坪街道"
    source = tmp_path / "day.json"
    source.write_text(json.dumps(small_day, ensure_ascii=False), encoding="utf-8")
    for out in ("day", "day.xlsx"):
        code, _, err = _run(capsys, "convert", source, tmp_path / out)
        assert code == 2, err
        assert "problems in the day, written as" in err
        assert "resources[0].skills[0]: 'repair;paint' holds ';'" in err
        assert "needs[0].requires[0].skill: 'repair;paint' holds ';', '*' or '@'" in err
        assert "areas[1].name: ' 沙坪街道' has surrounding spaces" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["day.json"]


def test_text_a_spreadsheet_cell_cannot_hold_is_refused_for_xlsx_only(tmp_path, small_day):
    pytest.importorskip("openpyxl")
    small_day["needs"][1]["title"] = "bell\x07"
    small_day["needs"][2]["title"] = "长" * 40_000
    day = _day(small_day)
    with pytest.raises(InvalidProblem) as caught:
        day.save(tmp_path / "day.xlsx")
    assert [str(issue) for issue in caught.value.issues] == [
        "needs[1].title: holds a control character, which a spreadsheet cell cannot hold",
        "needs[2].title: 40,000 characters, more than the 32,767 a spreadsheet cell holds"]
    day.save(tmp_path / "day")
    _equal(_load(tmp_path / "day"), day)


def test_without_the_excel_extra_workbooks_are_refused_clearly(capsys, tmp_path, monkeypatch, small_day):
    day = _day(small_day)
    day.save(tmp_path / "day.xlsx")
    day.save(tmp_path / "day.json")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    message = "pip install 'sanhu[excel]'"
    code, _, err = _run(capsys, "convert", tmp_path / "day.json", tmp_path / "out.xlsx")
    assert code == 2 and message in err and not (tmp_path / "out.xlsx").exists()
    code, _, err = _run(capsys, "solve", tmp_path / "day.xlsx")
    assert code == 2 and message in err and "Traceback" not in err
    with pytest.raises(MissingExtra, match=r"sanhu\[excel\]"):
        Problem.load(tmp_path / "day.xlsx")
    with pytest.raises(ImportError):  # a MissingExtra is an ImportError too
        day.save(tmp_path / "other.xlsx")
    _equal(_load(tmp_path / "day.json"), day)  # JSON and CSV need nothing more
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=r"sanhu\[frames\]"):
        day.to_frames()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=worded_days())
def test_any_day_round_trips_exactly_or_is_refused_with_a_path(tmp_path_factory, data):
    day = _day(data)
    folder = tmp_path_factory.mktemp("day")
    texts = [area.name for area in day.areas] + [unit.name for unit in day.units] + \
        [resource.name for resource in day.resources] + [need.title for need in day.needs] + \
        [need.category for need in day.needs if need.category is not None]
    refused = any(text != text.strip() for text in texts) or any(need.category == "" for need in day.needs)
    for out in ("day", "day.xlsx"):
        try:
            day.save(folder / out)
        except InvalidProblem as error:
            assert refused and all("]." in issue.path for issue in error.issues)
            continue
        assert not refused
        _equal(_load(folder / out), day)
    if not refused:
        _equal(Problem.from_frames(day.to_frames(), day.to_settings()), day)
