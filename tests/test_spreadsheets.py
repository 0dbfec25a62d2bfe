"""Spreadsheet cells read by the CSV folder's rules, and every problem named by file, sheet, row and column.

Workbooks are edited here with openpyxl as a planner's spreadsheet program would leave them: numbers
stored as floats, flags as booleans, dates and times as date and time cells, stray cells, a title row
missing.
"""

from __future__ import annotations

import datetime
import re
import warnings
import zipfile

import pytest

from matching.cli.commands import main
from models import InvalidProblem, Problem
from models.cells import CellError, cell_text

openpyxl = pytest.importorskip("openpyxl")


def _problem(data: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(data)


def _workbook(tmp_path, small_day, edit) -> str:
    """``small_day`` saved as a workbook, then changed by ``edit(workbook)``; its path."""
    path = tmp_path / "day.xlsx"
    _problem(small_day).save(path)
    workbook = openpyxl.load_workbook(path)
    edit(workbook)
    workbook.save(path)
    return str(path)


def _invalid(capsys, path: str) -> str:
    code = main(["validate", path])
    _, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err and "sanhu: invalid input" in err, err
    return err


@pytest.mark.parametrize(("value", "text"), [
    (2.0, "2"), (7.5, "7.5"), (-1, "-1"), (1e-05, "1e-05"), (1e20, "1e+20"), (float("nan"), ""),
    (True, "true"), (None, ""), ("08:00", "08:00"), (datetime.time(8, 0), "08:00"),
    (datetime.time(17, 30, 15), "17:30:15"), (datetime.timedelta(hours=9, minutes=5), "09:05"),
    (datetime.timedelta(days=1), "24:00"), (datetime.date(2026, 6, 18), "2026-06-18"),
    (datetime.datetime(2026, 6, 18), "2026-06-18"), (datetime.datetime(2026, 6, 18, 8, 0), "2026-06-18 08:00:00"),
])
def test_a_cell_is_taken_as_the_text_a_csv_file_would_hold(value, text):
    assert cell_text(value) == text


def test_numpy_and_pandas_cells_too():
    np = pytest.importorskip("numpy")
    pandas = pytest.importorskip("pandas")
    assert [cell_text(value) for value in (np.int64(4), np.float64(3.0), np.bool_(False), pandas.NA, pandas.NaT)] \
        == ["4", "3", "false", "", ""]
    with pytest.raises(CellError, match="no cell rule reads"):
        cell_text(["repair", "medical"])


def test_spreadsheet_numbers_dates_and_flags_read_as_their_text_would(tmp_path, small_day):
    small_day["needs"][0]["required"] = True

    def edit(workbook):
        workbook["resources"]["I2"] = 8.0  # capacity, stored as a float
        workbook["resources"]["K3"] = 4.0  # max_tasks: a whole float is a count
        workbook["areas"]["E3"] = 1.0  # x
        workbook["needs"]["A2"] = 101  # an id typed as a number
        workbook["needs"]["H2"] = True  # required, a flag cell
        workbook["settings"]["B2"] = datetime.datetime(2026, 6, 18)  # the date, as a date cell
        workbook["settings"]["B5"] = 1  # escalation_cost

    day = Problem.load(_workbook(tmp_path, small_day, edit))
    small_day["needs"][0]["id"] = "101"
    assert day == _problem(small_day)


def test_a_time_cell_reads_as_hh_mm(capsys, tmp_path, small_day):
    path = _workbook(tmp_path, small_day, lambda workbook: workbook["needs"].__setitem__("G4", datetime.time(17, 0)))
    err = _invalid(capsys, path)  # a window needs its end too: 17:00 alone is half of one
    assert f"needs[2].window[1]: must be a time 'HH:MM' between 00:00 and 24:00, got '' \N{EM DASH} {path}, " \
           "sheet needs, row 4, column G 'window'" in err


def test_every_problem_names_file_sheet_row_and_column_at_once(capsys, tmp_path, small_day):
    def edit(workbook):
        workbook["resources"]["I3"] = 0  # capacity
        workbook["resources"]["D4"] = "g-99"  # area
        workbook["needs"]["F2"] = "3x"  # weight
        workbook["needs"]["L3"] = "stray"  # past the header
        workbook["units"]["A2"] = "u-other"  # the unit's id changes: its resources lose it
        workbook["settings"]["B4"] = "cost;coverage"  # objective

    path = _workbook(tmp_path, small_day, edit)
    err = _invalid(capsys, path)
    for line in (
        f"resources[1].capacity: must be positive (at least 0.01), got 0.0 \N{EM DASH} {path}, sheet resources, "
        "row 3, column I 'capacity'",
        f"resources[2].area: unknown area 'g-99' \N{EM DASH} {path}, sheet resources, row 4, column D 'area'",
        f"needs[0].weight: must be a number, got '3x' \N{EM DASH} {path}, sheet needs, row 2, column F 'weight'",
        f"needs[1]: 12 cells, but the header of sheet needs names 9 columns \N{EM DASH} {path}, sheet needs, "
        "row 3, column L",
        f"resources[3].unit: unknown unit 'u-hosp' \N{EM DASH} {path}, sheet resources, row 5, column G 'unit'",
        f"settings.objective: the first tier must be 'coverage' (same-day coverage comes first), got 'cost' "
        f"\N{EM DASH} {path}, sheet settings, row 4, column B 'value'",
    ):
        assert line in err


def test_blank_rows_are_skipped_and_rows_still_counted_as_the_sheet_shows_them(capsys, tmp_path, small_day):
    def edit(workbook):
        workbook["needs"].insert_rows(3, amount=2)  # two blank rows before the second need
        workbook["needs"]["F5"] = -4  # its weight

    path = _workbook(tmp_path, small_day, edit)
    err = _invalid(capsys, path)
    assert f"needs[1].weight: must be positive (at least 0.01), got -4.0 \N{EM DASH} {path}, sheet needs, row 5, " \
           "column F 'weight'" in err


def test_sheets_and_headers_that_cannot_be_read_name_their_place(capsys, tmp_path, small_day):
    def edit(workbook):
        workbook["areas"]["B1"] = "id"  # a second 'id' column
        workbook["settings"]["A7"] = "objective"  # named twice

    path = _workbook(tmp_path, small_day, edit)
    err = _invalid(capsys, path)
    assert f"{path}: column 'id' appears more than once in the header (column 2) \N{EM DASH} {path}, sheet areas, " \
           "row 1, column B 'id'" in err
    assert f"objective: setting 'objective' appears more than once (first at row 4) \N{EM DASH} {path}, " \
           "sheet settings, row 7, column A 'setting'" in err

    path = _workbook(tmp_path, small_day, lambda workbook: workbook.remove(workbook["needs"]))
    assert f"{path}: a day workbook needs sheets needs (it has areas, units, resources, arcs, settings)" \
        in _invalid(capsys, path)
    (tmp_path / "text.xlsx").write_text("id,name\n", encoding="utf-8")
    assert f"{tmp_path / 'text.xlsx'}: not an .xlsx workbook: " in _invalid(capsys, str(tmp_path / "text.xlsx"))
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert f"{tmp_path / 'old.xls'}: a workbook in Excel's old .xls format, which is not read: save it as .xlsx" \
        in _invalid(capsys, str(tmp_path / "old.xls"))


def test_sheet_names_in_any_case_and_other_sheets_ignored(tmp_path, small_day):
    def edit(workbook):
        workbook["needs"].title = "renamed"
        workbook["renamed"].title = " Needs"
        workbook.create_sheet("notes")["A1"] = "anything"

    assert Problem.load(_workbook(tmp_path, small_day, edit)) == _problem(small_day)


def test_every_row_is_read_even_past_the_size_a_workbook_states(tmp_path, small_day):
    """Some programs write a sheet's size (``<dimension>``) smaller than its data: no row or cell is lost."""
    path = tmp_path / "day.xlsx"
    _problem(small_day).save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheets = [name for name in parts if name.startswith("xl/worksheets/") and name.endswith(".xml")]
    for name in sheets:
        parts[name] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", parts[name])  # (written without one)
        parts[name] = parts[name].replace(b"<sheetViews>", b'<dimension ref="A1:B2"/><sheetViews>', 1)
    assert all(b'<dimension ref="A1:B2"/>' in parts[name] for name in sheets)
    with zipfile.ZipFile(path, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    assert Problem.load(path) == _problem(small_day)


def test_text_starting_with_an_equals_sign_stays_text(tmp_path, small_day):
    small_day["needs"][0]["title"] = "=1+1"
    day = _problem(small_day)
    day.save(tmp_path / "day.xlsx")
    assert Problem.load(tmp_path / "day.xlsx").needs[0].title == "=1+1"


def test_csv_problems_name_file_row_and_column(capsys, tmp_path, small_day):
    folder = tmp_path / "day"
    _problem(small_day).save(folder)
    needs = folder / "needs.csv"
    lines = needs.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",4,", ",4x,")  # the petition's weight
    lines.insert(2, ",,,,,,,,")  # a blank row, as spreadsheet programs save them
    needs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _invalid(capsys, str(folder))
    assert f"needs[1].weight: must be a number, got '4x' \N{EM DASH} {needs}, row 4, column F 'weight'" in err
    (folder / "settings.json").write_text('{"levels": ["city"], "date": 3}', encoding="utf-8")
    err = _invalid(capsys, str(folder))
    assert f"date: must be a date 'YYYY-MM-DD', got 3 \N{EM DASH} {folder / 'settings.json'}" in err


def test_frame_problems_name_the_frame_row_and_column(small_day):
    day = _problem(small_day)
    frames = day.to_frames()
    frames["resources"] = frames["resources"].set_index("id", drop=False)
    frames["resources"].loc["s-li", "capacity"] = -1.0
    frames["needs"]["requires"] = frames["needs"]["requires"].astype(object)
    frames["needs"].at[1, "requires"] = ["liaison"]
    with pytest.raises(InvalidProblem) as caught:
        Problem.from_frames(frames, day.to_settings())
    message = str(caught.value)
    assert "resources[1].capacity: must be positive (at least 0.01), got -1.0 \N{EM DASH} frame 'resources', " \
           "row s-li, column 'capacity'" in message
    assert "needs[1]: holds list \"['liaison']\", which no cell rule reads (write a list as 'a;b', a window as " \
           "'08:00-12:00') \N{EM DASH} frame 'needs', row 1, column 'requires'" in message
    with pytest.raises(InvalidProblem, match=r"needs: a day needs this table"):
        Problem.from_frames({"areas": frames["areas"], "resources": frames["resources"]})
