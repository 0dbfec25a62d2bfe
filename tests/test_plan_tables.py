"""Plan spreadsheets: ``sanhu solve --csv DIR | --xlsx FILE`` and ``Plan.to_frames(day)``, one set of tables.

The CSV tables are read back with the csv module alone and compared with the plan's JSON and the day's
own tree, so what a street office forwards says exactly what the plan says; the workbook and the
DataFrames hold the same cells.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import sys
import warnings

import pytest
from checker import check_plan
from day_index import DayIndex

from matching import example_day, generate_day, solve
from matching.cli.commands import main
from models import InvalidProblem, Plan, Problem
from models.cells import cell_text
from models.plan_tables import PLAN_TABLES, plan_tables

LEVEL_COLUMNS = ["street", "community", "grid", "micro"]


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _problem(data: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a skill nobody has
        return Problem.from_data(data)


def _read_csv(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _names_by_level(day: dict, area_id: str) -> dict[str, str]:
    """The name of the area and each ancestor, by level, from the day dict alone."""
    areas = {area["id"]: area for area in day["areas"]}
    return {areas[a]["level"]: areas[a].get("name") or a for a in DayIndex(day).chain(area_id)}


@pytest.fixture(scope="module")
def solved_demo(tmp_path_factory):
    """A generated day solved by ``sanhu solve`` with every output: plan JSON, CSV folder and workbook."""
    folder = tmp_path_factory.mktemp("demo")
    day = generate_day("demo", 2)
    (folder / "day.json").write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    pytest.importorskip("openpyxl")
    code = main(["solve", str(folder / "day.json"), "--out", str(folder / "plan.json"), "--csv", str(folder / "plan"),
                 "--xlsx", str(folder / "plan.xlsx"), "--time-limit", "30"])
    assert code == 0
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    check_plan(day, plan)
    return folder, day, plan


def test_the_csv_tables_hold_exactly_the_plans_assignments_and_outcomes(solved_demo):
    folder, day, plan = solved_demo
    assert sorted(path.name for path in (folder / "plan").iterdir()) == sorted(f"{t}.csv" for t in PLAN_TABLES)
    needs = {need["id"]: need for need in day["needs"]}
    rows = _read_csv(folder / "plan" / "assignments.csv")
    assert [(row["need"], int(row["requirement"]), row["resource"], float(row["amount"]), float(row["cost"]))
            for row in rows] == [(a["need"], a["requirement"], a["resource"], a["amount"], a["cost"])
                                 for a in plan["assignments"]]
    for row in rows:
        need = needs[row["need"]]
        assert row["need_title"] == need["title"] and row["area"] == need["area"]
        assert row["skill"] == need["requires"][int(row["requirement"])]["skill"]
        names = _names_by_level(day, need["area"])
        assert [row[level] for level in LEVEL_COLUMNS] == [names.get(level, "") for level in LEVEL_COLUMNS]
    outcomes = {entry["id"]: entry for entry in plan["needs"]}
    rows = _read_csv(folder / "plan" / "needs.csv")
    assert [row["id"] for row in rows] == [need["id"] for need in day["needs"]]
    for row in rows:
        entry = outcomes[row["id"]]
        assert (row["covered"], row["outcome"]) == (str(entry["covered"]).lower(), entry["outcome"])
        reason = entry["reason"] or {"code": "", "detail": ""}
        assert (row["reason"], row["detail"]) == (reason["code"], reason["detail"])
        assert float(row["weight"]) == needs[row["id"]].get("weight", 1)


def test_the_csv_resources_and_areas_are_the_plans_usage_and_rollups(solved_demo):
    folder, day, plan = solved_demo
    usage = [(r["id"], r["used"], r["capacity"], r["tasks"]) for r in plan["resources"]]
    rows = _read_csv(folder / "plan" / "resources.csv")
    assert [(row["id"], float(row["used"]), float(row["capacity"]), int(row["tasks"])) for row in rows] == usage
    rollups = {area["id"]: area for area in plan["areas"]}
    for row in _read_csv(folder / "plan" / "areas.csv"):
        rollup = rollups[row["id"]]
        assert (int(row["needs"]), int(row["covered"]), float(row["weight"]), float(row["covered_weight"])) == (
            rollup["needs"], rollup["covered"], rollup["weight"], rollup["covered_weight"])
        share = rollup["covered_weight"] / rollup["weight"] if rollup["weight"] else None
        assert (row["covered_share"] == "") if share is None else abs(float(row["covered_share"]) - share) < 1e-4


def test_the_workbook_and_the_frames_hold_the_csv_tables_cell_for_cell(solved_demo):
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("pandas")
    folder, day, plan = solved_demo
    workbook = openpyxl.load_workbook(folder / "plan.xlsx", read_only=True)
    assert workbook.sheetnames == list(PLAN_TABLES)
    frames = Plan.from_json(json.dumps(plan)).to_frames(_problem(day))
    assert list(frames) == list(PLAN_TABLES)
    for table in PLAN_TABLES:
        with (folder / "plan" / f"{table}.csv").open(encoding="utf-8-sig", newline="") as handle:
            expected = list(csv.reader(handle))
        width = len(expected[0])  # a read-only sheet ends a row at its last cell that holds something
        sheet = [[cell_text(cell) for cell in row] + [""] * (width - len(row))
                 for row in workbook[table].iter_rows(values_only=True)]
        frame = frames[table]
        framed = [list(frame.columns)] + [[cell_text(cell) for cell in row]
                                         for row in frame.itertuples(index=False, name=None)]
        assert sheet == expected, table
        assert framed == expected, table
    workbook.close()


def test_chinese_text_stays_intact_and_level_columns_name_the_days_levels(tmp_path, capsys):
    code, _, err = _run(capsys, "solve", "--out", tmp_path / "plan.json", "--csv", tmp_path / "plan")
    assert code == 0, err
    text = (tmp_path / "plan" / "assignments.csv").read_bytes().decode("utf-8-sig")
    assert text.startswith(",".join(["need", "need_title", "resource", "resource_name", "area", *LEVEL_COLUMNS,
                                     "requirement", "skill", "amount", "cost"]) + "\r\n")
    assert "沙坪街道" in text and "桂林社区" in text
    pytest.importorskip("pandas")
    frames = Plan.load(tmp_path / "plan.json").to_frames(example_day())
    assert set(frames["needs"]["street"]) == {"沙坪街道"}


def test_a_level_named_like_a_column_and_a_root_below_the_top_level(small_day):
    data = copy.deepcopy(small_day)
    data["levels"] = ["province", "city", "street", "weight", "micro"]
    for area, level in zip(data["areas"], ["city", "street", "weight", "micro", "micro", "weight", "micro"]):
        area["level"] = level
    data["areas"][4]["parent"] = "gl"  # the micro-grid hangs under the community ('weight') directly
    data["areas"][3]["level"] = "micro"
    data["resources"][2]["reach"] = data["resources"][3]["reach"] = "weight"
    problem = _problem(data)
    plan = solve(problem, time_limit=30, seed=0)
    check_plan(data, json.loads(plan.to_json()))
    columns, rows = plan_tables(problem, plan)["needs"]
    assert columns[4:7] == ("street", "weight (level)", "micro")  # no column for the root's level, city
    by_id = {row[0]: dict(zip(columns, row)) for row in rows}
    assert (by_id["n-handrail"]["street"], by_id["n-handrail"]["weight (level)"], by_id["n-handrail"]["micro"]) == (
        "沙坪街道", "桂林社区", "公租房小区")
    assert by_id["n-petition"]["micro"] == "桂林一网格"  # gl-g1, now a micro-grid under the community
    assert by_id["n-handrail"]["weight"] == 3


def test_an_infeasible_plan_has_tables_too(tmp_path):
    data = generate_day("demo", 1)
    for need in data["needs"]:
        need["required"] = True
    problem = _problem(data)
    plan = solve(problem, time_limit=30, seed=0)
    assert plan.status == "infeasible"
    check_plan(data, json.loads(plan.to_json()))
    assert plan.save_tables(problem, tmp_path / "plan") == "csv"
    assert _read_csv(tmp_path / "plan" / "assignments.csv") == []
    rows = _read_csv(tmp_path / "plan" / "needs.csv")
    assert {(row["covered"], row["reason"]) for row in rows} == {("false", "infeasible")}


def test_a_plan_of_another_day_is_refused(small_day):
    plan = solve(example_day(), time_limit=30, seed=0)
    with pytest.raises(InvalidProblem, match="is it a plan of this day"):
        plan_tables(_problem(small_day), plan)


def test_a_plan_folder_never_replaces_a_day_folder_and_replaces_its_own_whole(tmp_path, capsys):
    day = example_day()
    day.save(tmp_path / "day")
    before = {path.name: path.read_bytes() for path in (tmp_path / "day").iterdir()}
    code, _, err = _run(capsys, "solve", tmp_path / "day", "--csv", tmp_path / "day")
    assert code == 2 and "not replaced" in err and "--csv" in err
    assert {path.name: path.read_bytes() for path in (tmp_path / "day").iterdir()} == before
    for name in ("areas.csv", "needs.csv", "resources.csv"):  # a day folder holding only what a plan folder holds
        (tmp_path / "bare").mkdir(exist_ok=True)
        (tmp_path / "bare" / name).write_bytes(before[name])
    code, _, err = _run(capsys, "solve", "--csv", tmp_path / "bare")
    assert code == 2 and "no assignments.csv" in err
    code, _, err = _run(capsys, "solve", "--csv", tmp_path / "plan.csv")
    assert code == 2 and "a CSV plan is a folder" in err
    code, _, err = _run(capsys, "solve", "--xlsx", tmp_path / "plan.csv")
    assert code == 2 and "must end in .xlsx" in err and not (tmp_path / "plan.csv").exists()
    code, _, _ = _run(capsys, "solve", "--csv", tmp_path / "plan")
    (tmp_path / "plan" / "assignments.csv").write_text("stale", encoding="utf-8")
    code, _, _ = _run(capsys, "solve", "--csv", tmp_path / "plan", "--redact")
    assert code == 0
    rows = _read_csv(tmp_path / "plan" / "assignments.csv")
    assert rows and all(row["need_title"] == row["need"] for row in rows)  # ids for names, the folder replaced
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bare", "day", "plan"]  # no temporary left


def test_without_the_excel_extra_a_workbook_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    code, out, err = _run(capsys, "solve", "--xlsx", tmp_path / "plan.xlsx", "--out", tmp_path / "plan.json")
    assert code == 2 and "pip install 'sanhu[excel]'" in err and "Traceback" not in err
    assert not out and list(tmp_path.iterdir()) == []


def test_a_text_a_workbook_cannot_hold_leaves_no_output_half_written(tmp_path, capsys, small_day):
    pytest.importorskip("openpyxl")
    small_day["needs"][1]["title"] = "违建\x07信访"  # a control character: no spreadsheet cell holds it
    (tmp_path / "day.json").write_text(json.dumps(small_day, ensure_ascii=False), encoding="utf-8")
    code, _, err = _run(capsys, "solve", tmp_path / "day.json", "--out", tmp_path / "plan.json",
                        "--csv", tmp_path / "plan", "--xlsx", tmp_path / "plan.xlsx")
    assert code == 2 and "needs[1].title: holds a control character" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["day.json"]
    code, _, _ = _run(capsys, "solve", tmp_path / "day.json", "--csv", tmp_path / "plan")
    assert code == 0 and "违建\x07信访" in (tmp_path / "plan" / "needs.csv").read_text(encoding="utf-8-sig")
