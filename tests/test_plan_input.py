"""Plans given to ``explain`` and ``recommend`` are read with strict types, bounded like day files and
checked against their day before anything uses them: a plan of another day is a clean error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matching.cli.commands import BUNDLED, main
from models import Problem


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _invalid(capsys, *argv: str) -> str:
    code, out, err = _run(capsys, *argv)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "sanhu: invalid input" in err
    return err


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    """The bundled day's plan, a demo day's plan and the demo day, as files."""
    from matching import example_day, generate_day, solve

    folder = tmp_path_factory.mktemp("plans")
    demo = generate_day("demo", 2)
    (folder / "demo.json").write_text(json.dumps(demo, ensure_ascii=False), encoding="utf-8")
    bundled = solve(example_day())
    bundled = bundled.model_copy(update={"stats": bundled.stats.model_copy(update={"source": BUNDLED})})
    (folder / "bundled.json").write_text(bundled.to_json(), encoding="utf-8")
    (folder / "demo-plan.json").write_text(solve(Problem.from_data(demo)).to_json(), encoding="utf-8")
    return folder


def _edited(plans: Path, tmp_path: Path, edit) -> Path:
    plan = json.loads((plans / "bundled.json").read_text(encoding="utf-8"))
    edit(plan)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return path


def test_explain_refuses_a_plan_of_another_day(capsys, plans):
    err = _invalid(capsys, "explain", str(plans / "demo-plan.json"), "--day", str(plans / "demo.json"),
                   "--need", "n-handrail")
    assert "--need: unknown need 'n-handrail'" in err
    err = _invalid(capsys, "explain", str(plans / "bundled.json"), "--day", str(plans / "demo.json"),
                   "--need", "n00001")
    assert "a plan of another day?" in err


def test_explain_refuses_an_assignment_to_an_unknown_resource(capsys, plans, tmp_path):
    path = _edited(plans, tmp_path, lambda plan: plan["assignments"][0].update(resource="r-ghost"))
    err = _invalid(capsys, "explain", str(path), "--need", "n-clean-yt", "--no-tradeoff")
    assert "assignments[0].resource: unknown resource 'r-ghost'" in err


def test_explain_refuses_a_need_marked_covered_without_its_assignments(capsys, plans, tmp_path):
    def cover_the_first_unmet(plan):
        entry = next(entry for entry in plan["needs"] if not entry["covered"])
        entry.update(covered=True, outcome="cleared_today", reason=None)
        plan["marked"] = entry["id"]

    path = _edited(plans, tmp_path, cover_the_first_unmet)
    plan = json.loads(path.read_text(encoding="utf-8"))
    marked = plan.pop("marked")
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    position = [entry["id"] for entry in plan["needs"]].index(marked)
    err = _invalid(capsys, "explain", str(path), "--need", marked, "--no-tradeoff")
    assert f"needs[{position}]: covered, but requirement 0 has 0 distinct resources assigned" in err


def test_recommend_refuses_a_plan_of_another_day_and_unknown_resources(capsys, plans, tmp_path):
    err = _invalid(capsys, "recommend", str(plans / "demo.json"), "--plan", str(plans / "bundled.json"))
    assert "a plan of another day?" in err
    plan = json.loads((plans / "demo-plan.json").read_text(encoding="utf-8"))
    plan["assignments"][0]["resource"] = "r-ghost"
    path = tmp_path / "ghost.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    err = _invalid(capsys, "recommend", str(plans / "demo.json"), "--plan", str(path), "--time-limit", "5")
    assert "assignments[0].resource: unknown resource 'r-ghost'" in err


@pytest.mark.parametrize(("edit", "message"), [
    (lambda plan: plan["needs"][0].update(covered="true"), "needs[0].covered: input should be a valid boolean"),
    (lambda plan: plan.update(status="done"), "status: input should be"),
    (lambda plan: plan["objective"].pop("coverage"), "objective: has no coverage tier"),
])
def test_plans_are_read_with_strict_types(capsys, plans, tmp_path, edit, message):
    path = _edited(plans, tmp_path, edit)
    assert message in _invalid(capsys, "explain", str(path), "--need", "n-clean-yt", "--no-tradeoff")


def test_a_plan_file_is_bounded_like_a_day_file(capsys, plans, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested hundreds of levels deep" in _invalid(capsys, "explain", str(path), "--need", "n-clean-yt")
    path.write_text("[]")
    assert f"{path}: must hold a JSON object, a plan" in _invalid(capsys, "explain", str(path), "--need", "n")
    bom = tmp_path / "bom.json"
    bom.write_text("\ufeff" + (plans / "bundled.json").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = _run(capsys, "explain", str(bom), "--need", "n-clean-yt", "--no-tradeoff")
    assert code == 0 and "capacity_taken" in out, err
