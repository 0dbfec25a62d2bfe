"""Validation of day files: every problem reported once, each with its path."""

from __future__ import annotations

import json
import warnings

import pytest
from pydantic import ValidationError

from models import InvalidProblem, Plan, Problem, UnknownSkillWarning


def _issues(day: dict) -> list[str]:
    with pytest.raises(InvalidProblem) as caught:
        Problem.from_data(day)
    return [str(issue) for issue in caught.value.issues]


def test_small_day_is_valid(small_day):
    problem = Problem.from_data(small_day)
    assert [need.id for need in problem.needs] == ["n-handrail", "n-petition", "n-clinic"]
    assert problem.levels == ("city", "street", "community", "grid", "micro")
    assert problem.needs[0].requires[0].count == 2


def test_unknown_area_reference_names_its_path(small_day):
    small_day["needs"][1]["area"] = "g-99"
    with pytest.raises(InvalidProblem, match=r"needs\[1\]\.area: unknown area 'g-99'"):
        Problem.from_data(small_day)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["units"][0].update(area="nowhere"), r"units\[0\]\.area: unknown area 'nowhere'"),
        (lambda d: d["units"][0].update(partner_areas=["gl", "x"]), r"units\[0\]\.partner_areas\[1\]: unknown area 'x'"),
        (lambda d: d["resources"][2].update(unit="u-x"), r"resources\[2\]\.unit: unknown unit 'u-x'"),
        (lambda d: d["resources"][1].update(extra_areas=["zz"]), r"resources\[1\]\.extra_areas\[0\]: unknown area 'zz'"),
        (lambda d: d["resources"][0].update(reach="planet"), r"resources\[0\]\.reach: 'planet' is not a level"),
        (lambda d: d["areas"][3].update(parent="nope"), r"areas\[3\]\.parent: unknown area 'nope'"),
        (lambda d: d["areas"][3].update(level="town"), r"areas\[3\]\.level: 'town' is not a level"),
        (lambda d: d["areas"][4].update(level="grid"), r"areas\[4\]\.level: 'grid' is not below its parent 'gl-g1'"),
        (lambda d: d["areas"][2].update(parent=None), r"areas\[2\]\.parent: a second root 'gl'"),
        (lambda d: d["areas"][0].update(parent="sp"), r"no root area"),
        (lambda d: d["needs"][2].update(id="n-handrail"), r"needs\[2\]\.id: duplicate id 'n-handrail' \(first at needs\[0\]\)"),
        (lambda d: d["resources"][3].update(id="s-li"), r"resources\[3\]\.id: duplicate id 's-li'"),
        (lambda d: d["areas"][6].update(id="gl"), r"areas\[6\]\.id: duplicate id 'gl'"),
        (lambda d: d["resources"][1].update(capacity=0), r"resources\[1\]\.capacity: must be positive"),
        (lambda d: d["resources"][1].update(capacity=-2), r"resources\[1\]\.capacity: must be positive"),
        (lambda d: d["needs"][0]["requires"][0].update(count=0), r"needs\[0\]\.requires\[0\]\.count: input should be greater than or equal to 1"),
        (lambda d: d["needs"][0]["requires"][0].update(amount=0), r"needs\[0\]\.requires\[0\]\.amount: must be positive"),
        (lambda d: d["needs"][0].update(weight=-1), r"needs\[0\]\.weight: must be positive"),
        (lambda d: d["needs"][2].update(window=["21:00", "17:00"]), r"needs\[2\]\.window: window must end after it starts"),
        (lambda d: d["resources"][1]["available"][1].__setitem__(1, "13:00"), r"resources\[1\]\.available\[1\]: window must end after it starts"),
        (lambda d: d["needs"][2].update(window=["17:00", "25:00"]), r"needs\[2\]\.window\[1\]: must be a time 'HH:MM'"),
        (lambda d: d["needs"][0].update(kind="urgent"), r"needs\[0\]\.kind: input should be 'simple' or 'complex'"),
        (lambda d: d["needs"][0].update(colour="red"), r"needs\[0\]\.colour: unknown field"),
        (lambda d: d["needs"][0].pop("area"), r"needs\[0\]\.area: required field is missing"),
        (lambda d: d["needs"][0].update(requires=[]), r"needs\[0\]\.requires: must not be empty"),
        (lambda d: d.update(arcs=[{"need": "n-x", "resource": "s-li"}]), r"arcs\[0\]\.need: unknown need 'n-x'"),
        (lambda d: d.update(arcs=[{"need": "n-clinic", "resource": "r-x"}]), r"arcs\[0\]\.resource: unknown resource 'r-x'"),
        (lambda d: d.update(arcs=[{"need": "n-clinic", "resource": "p-wang"}] * 2), r"arcs\[1\]: duplicate arc"),
        (lambda d: d.update(settings={"objective": ["coverage", "cost", "cost"]}), r"settings\.objective: tier 'cost' appears more than once"),
        (lambda d: d.update(settings={"objective": ["cost", "coverage"]}), r"settings\.objective: the first tier must be 'coverage'"),
        (lambda d: d.update(settings={"objective": ["coverage", "speed"]}), r"settings\.objective\[1\]: input should be"),
        (lambda d: d.update(settings={"fairness_level": "county"}), r"settings\.fairness_level: 'county' is not a level"),
        (lambda d: d.update(levels=["city", "city"]), r"levels\[1\]: level 'city' appears more than once"),
        (lambda d: d["units"][0].update(max_members=0), r"units\[0\]\.max_members: input should be greater than or equal to 1"),
        (lambda d: d["areas"][2].update(max_outbound=-1), r"areas\[2\]\.max_outbound: must not be negative"),
        (lambda d: d["resources"][0].update(capacity=float("inf")), r"resources\[0\]\.capacity: must be a finite number"),
        (lambda d: d["resources"][0].update(capacity=1e20), r"resources\[0\]\.capacity: must be at most 1e\+09"),
        (lambda d: d["units"][0].update(daily_cap=1e30), r"units\[0\]\.daily_cap: must be at most 1e\+09"),
        (lambda d: d["needs"][0].update(weight=True), r"needs\[0\]\.weight: must be a number, got True"),
        (lambda d: d["resources"][0].update(capacity=True), r"resources\[0\]\.capacity: must be a number"),
        (lambda d: d["areas"][1].update(xy=[float("nan"), 0]), r"areas\[1\]\.xy\[0\]: must be a finite coordinate"),
        (lambda d: d["areas"][1].update(xy=[1e308, 0]), r"areas\[1\]\.xy\[0\]: must be a finite coordinate"),
        (lambda d: d["needs"][0].update(id=" n-x"), r"needs\[0\]\.id: must be non-empty without surrounding spaces"),
        (lambda d: d["resources"][0].update(skills=["repair", "  "]), r"resources\[0\]\.skills\[1\]: must be non-empty"),
        (lambda d: d.update(levels=["city", ""]), r"levels\[1\]: must be non-empty"),
        (lambda d: d.update(areas=[]), r"areas: must not be empty"),
        (lambda d: d["needs"][2].update(window=["17:00", "17:00"]), r"needs\[2\]\.window: window must end after it starts"),
    ],
)
def test_each_validation_message(small_day, change, message):
    change(small_day)
    with pytest.raises(InvalidProblem, match=message):
        Problem.from_data(small_day)


def test_cycle_is_reported(small_day):
    small_day["areas"].append({"id": "a", "level": "grid", "parent": "b"})
    small_day["areas"].append({"id": "b", "level": "micro", "parent": "a"})
    assert any("cycle" in issue for issue in _issues(small_day))


def test_every_problem_is_reported_at_once(small_day):
    small_day["needs"][0]["area"] = "g-99"  # reference
    small_day["needs"][1]["weight"] = 0  # schema
    small_day["resources"][2]["reach"] = "planet"  # reference
    small_day["units"][0]["daily_cap"] = -3  # schema
    issues = _issues(small_day)
    assert "needs[0].area: unknown area 'g-99'" in issues
    assert any(issue.startswith("needs[1].weight: must be positive") for issue in issues)
    assert any(issue.startswith("resources[2].reach: 'planet' is not a level") for issue in issues)
    assert any(issue.startswith("units[0].daily_cap: must be positive") for issue in issues)
    assert len(issues) == 4


def test_a_record_failing_its_schema_does_not_cascade(small_day):
    small_day["areas"][4]["xy"] = "somewhere"  # gl-g1-m1 fails its schema but is still known
    issues = _issues(small_day)
    assert len(issues) == 1 and issues[0].startswith("areas[4].xy")


def test_tree_checks_still_run_beside_an_area_failing_its_schema(small_day):
    small_day["areas"][4]["name"] = None  # schema problem
    small_day["areas"][6]["parent"] = "nowhere"  # tree problem in another area
    issues = _issues(small_day)
    assert any(issue.startswith("areas[4].name") for issue in issues)
    assert "areas[6].parent: unknown area 'nowhere'" in issues


def test_a_bad_requirement_is_reported_once(small_day):
    small_day["needs"][0]["requires"][0]["count"] = 0
    issues = _issues(small_day)
    assert issues == ["needs[0].requires[0].count: input should be greater than or equal to 1, got 0"]


def test_not_a_mapping():
    with pytest.raises(InvalidProblem, match="input should be a valid dictionary"):
        Problem.from_data([1, 2])


def test_unknown_skill_is_a_warning_not_an_error(small_day):
    small_day["needs"][0]["requires"][0]["skill"] = "legal"
    with pytest.warns(UnknownSkillWarning, match=r"needs\[0\]\.requires\[0\]\.skill: no resource has skill 'legal'"):
        Problem.from_data(small_day)


def test_an_arc_that_can_never_be_used_is_a_warning(small_day):
    small_day["arcs"] = [{"need": "n-clinic", "resource": "s-li"}]  # 李 has no 'medical'
    with pytest.warns(UnknownSkillWarning, match=r"arcs\[0\]: resource 's-li' has none of the skills"):
        Problem.from_data(small_day)


def test_direct_construction_checks_references(small_day):
    small_day["needs"][0]["area"] = "g-99"
    with pytest.raises(InvalidProblem, match="unknown area"):
        Problem.model_validate(small_day)
    small_day["needs"][0]["area"] = 5
    with pytest.raises(ValidationError):
        Problem.model_validate(small_day)


def test_amounts_are_exact_to_a_hundredth(small_day):
    small_day["resources"][0]["capacity"] = 7.125
    small_day["needs"][0]["weight"] = 1.004
    problem = Problem.from_data(small_day)
    assert problem.resources[0].capacity == 7.13
    assert problem.needs[0].weight == 1.0


def test_records_are_frozen(small_day):
    problem = Problem.from_data(small_day)
    with pytest.raises(ValidationError):
        problem.needs[0].weight = 10  # type: ignore[misc]


def test_problem_json_round_trip(small_day):
    small_day["arcs"] = [{"need": "n-clinic", "resource": "p-wang", "amount": 1, "cost": 0.5}]
    problem = Problem.from_data(small_day)
    again = Problem.from_data(json.loads(problem.to_json()))
    assert again == problem


def test_load_json_and_csv_folder(tmp_path, small_day):
    path = tmp_path / "day.json"
    path.write_text(json.dumps(small_day, ensure_ascii=False), encoding="utf-8")
    from_json = Problem.load(path)
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "settings.json").write_text(json.dumps({"date": "2026-06-18"}))
    (folder / "areas.csv").write_text(
        "id,name,level,parent,x,y\nhs,鹤山市,city,,0,0\nsp,沙坪街道,street,hs,1,2\ngl,桂林社区,community,sp,1.2,2.4\n"
        "gl-g1,桂林一网格,grid,gl,,\ngl-g1-m1,公租房小区,micro,gl-g1,,\nzs,中山社区,community,sp,0.4,1.1\n"
        "zs-g1,中山一网格,grid,zs,,\n", encoding="utf-8")
    (folder / "units.csv").write_text(
        "id,name,area,daily_cap,max_members,partner_areas\nu-hosp,人民医院,zs,3,2,gl\n", encoding="utf-8")
    (folder / "resources.csv").write_text(
        "id,name,kind,area,reach,unit,skills,capacity,max_tasks,available,cost_per_unit\n"
        "d-housing,住建局维修队,department,hs,,,repair;lead:housing,8,,,0.5\n"
        "s-li,社工 李,staff,gl,,,liaison,7.5,4,08:30-12:00;14:00-17:30,\n"
        "v-chen,志愿楼长 陈,volunteer,gl-g1-m1,grid,,repair,3,2,,\n"
        "p-wang,党员 王,party_member,gl-g1-m1,community,u-hosp,medical,2,,18:00-21:00,\n", encoding="utf-8")
    (folder / "needs.csv").write_text(
        "id,title,area,kind,weight,window,requires\n"
        "n-handrail,楼道扶手,gl-g1-m1,simple,3,,repair*2@2\n"
        "n-petition,违建信访,gl-g1,complex,4,,lead:housing@1;liaison@0.5\n"
        "n-clinic,上门体检,gl-g1-m1,,2,17:00-21:00,medical@1.5\n", encoding="utf-8")
    assert Problem.load(folder) == from_json


def test_csv_errors_name_the_row(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "areas.csv").write_text("id,level\nhs,city\n")
    (folder / "resources.csv").write_text("id,area,skills,capacity\nr1,hs,repair,abc\n")
    (folder / "needs.csv").write_text("id,area,requires\nn1,zz,repair@1\n")
    with pytest.raises(InvalidProblem) as caught:
        Problem.load(folder)
    text = str(caught.value)
    assert "resources[0].capacity" in text and "needs[0].area: unknown area 'zz'" in text


def test_load_reports_unreadable_files(tmp_path):
    with pytest.raises(InvalidProblem, match="cannot read the day file"):
        Problem.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InvalidProblem, match="not valid JSON"):
        Problem.load(bad)
    with pytest.raises(InvalidProblem, match="needs areas.csv, resources.csv, needs.csv"):
        Problem.load(tmp_path)


def test_schemas_export():
    day = Problem.model_json_schema()
    plan = Plan.model_json_schema()
    assert {"areas", "resources", "needs", "arcs", "settings"} <= set(day["properties"])
    assert {"status", "objective", "assignments", "needs", "resources", "areas", "stats"} <= set(plan["properties"])
    json.dumps(day), json.dumps(plan)


def test_example_day_validates_with_one_warning():
    from matching.synthetic.examples import example_data

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Problem.from_data(example_data())
    assert len(caught) == 1 and "'legal'" in str(caught[0].message)
