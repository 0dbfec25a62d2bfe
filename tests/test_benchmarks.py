"""The benchmarks' own pieces: a GAP instance as a day, and the tiers runner end to end (tiny)."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root holds ``benchmarks``

from checker import check_plan  # noqa: E402

from benchmarks.gap import GapInstanceError, gap_day  # noqa: E402
from benchmarks.report import write_json  # noqa: E402
from benchmarks.tiers import run_tiers  # noqa: E402
from matching import solve  # noqa: E402
from models import Problem  # noqa: E402

# 2 agents, 3 jobs: costs c[i][j], amounts a[i][j], capacities b[i]. The cheapest choice per job
# (job 0 → agent 0, job 1 → agent 1, job 2 → agent 0, cost 7) needs 4 of agent 0's 3. By hand: agent 0
# holds one job at most (amounts 2); with job 0 there, jobs 1 and 2 need 3 + 2 > 4 of agent 1; with
# job 1 there, cost 5 + 3 + 6 = 14; with job 2 there, jobs 0 and 1 take 1 + 3 = 4 of agent 1, cost 4 + 3 + 2 = 9.
TINY = """2 3
1 5 4
3 2 6
2 2 2
1 3 2
3 4
"""
COSTS = [[1, 5, 4], [3, 2, 6]]
AMOUNTS = [[2, 2, 2], [1, 3, 2]]
CAPACITIES = [3, 4]
OPTIMUM = 9


def _brute_force() -> int:
    best = None
    for agents in itertools.product(range(2), repeat=3):
        load = [sum(AMOUNTS[i][j] for j, a in enumerate(agents) if a == i) for i in range(2)]
        if all(load[i] <= CAPACITIES[i] for i in range(2)):
            cost = sum(COSTS[a][j] for j, a in enumerate(agents))
            best = cost if best is None else min(best, cost)
    return best


def test_gap_day_solves_to_the_hand_computed_optimum(tmp_path):
    instance = tmp_path / "tiny"
    instance.write_text(TINY)
    day = gap_day(instance)
    assert len(day["needs"]) == 3 and len(day["resources"]) == 2 and len(day["arcs"]) == 6
    assert all(need["required"] for need in day["needs"])
    problem = Problem.from_data(day)
    plan = solve(problem, time_limit=10)
    check_plan(day, plan.model_dump(mode="json"))
    assert _brute_force() == OPTIMUM
    assert plan.status == "optimal"
    assert plan.objective["cost"].value == OPTIMUM
    assert {(a.need, a.resource) for a in plan.assignments} == {
        ("job-0", "agent-1"), ("job-1", "agent-1"), ("job-2", "agent-0")}


@pytest.mark.parametrize("text, message", [
    ("2 3\n1 5 4\n3 2 6\n2 2 2\n1 3 2\n3\n", "need 16 numbers, the file has 15"),
    ("2 3\n1 5 4\n3 2 6\n2 2 2.005\n1 3 2\n3 4\n", r"a\[0\]\[2\] = 2.005 is not exact to 0.01"),
    ("2 3\n1 5 4\n3 2 6\n2 2 2\n1 3 2\n1 0.5\n", "job 1 fits no agent's capacity"),
    ("2 3\n1 5 x\n3 2 6\n2 2 2\n1 3 2\n3 4\n", "not a number: 'x'"),
])
def test_gap_day_reports_what_it_cannot_state(tmp_path, text, message):
    instance = tmp_path / "bad"
    instance.write_text(text)
    with pytest.raises(GapInstanceError, match=message):
        gap_day(instance)


def test_tiers_runner_on_the_demo_tier(tmp_path):
    out = tmp_path / "demo.json"
    results = run_tiers(["demo"], [0], 2.0, ["greedy"], out=str(out), max_memory_mib=4096)
    written = json.loads(out.read_text())
    assert written["days"] == results["days"]
    runs = results["days"][0]["runs"]
    assert set(runs) == {"sanhu", "greedy"}
    assert runs["sanhu"]["status"] in ("optimal", "feasible")
    assert runs["greedy"]["status"] == "heuristic"
    assert runs["greedy"]["coverage"] <= runs["sanhu"]["coverage_bound"]
    assert runs["sanhu"]["peak_mib"] > 0 and runs["sanhu"]["wall_s"] >= 0
    assert runs["greedy"]["wall_ratio"] is not None
    assert results["medians"]["demo"]["sanhu"]["runs"] == 1


def test_write_json_replaces_the_whole_file(tmp_path):
    path = tmp_path / "out.json"
    write_json(path, {"a": 1})
    write_json(path, {"b": [1, 2]})
    assert json.loads(path.read_text()) == {"b": [1, 2]}
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_dask_check_finds_the_same_plan_on_a_demo_day(tmp_path):
    pytest.importorskip("distributed")
    from benchmarks.__main__ import main
    from benchmarks.dask_check import solve_both
    from matching.synthetic.generate import generate_day

    day = generate_day("demo", 2)
    local, _, remote, _ = solve_both(Problem.from_data(day), time_limit=20, seed=2)
    for plan in (local, remote):
        check_plan(day, plan.model_dump(mode="json"))
    assert local.assignments == remote.assignments

    out = tmp_path / "dask.json"
    assert main(["dask", "--tier", "demo", "--seed", "2", "--time-limit", "20", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["same_plan"] is True and result["differing_assignments"] == 0
    assert [run["status"] for run in result["runs"]] == ["optimal", "optimal"]
    assert result["runs"][0]["coverage"] == result["runs"][1]["coverage"] > 0


def test_race_benchmark_times_the_race_and_each_engine_on_a_day_s_parts(tmp_path, capsys):
    from benchmarks.__main__ import main

    out = tmp_path / "race.json"
    assert main(["race", "--families", "plain", "--sizes", "30", "--seeds", "1", "--delays", "0.02,0",
                 "--repeats", "1", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["parts"] and result["delays"] == [0.02, 0.0]
    for part in result["parts"]:
        assert {run["status"] for run in part["alone"].values()} == {"optimal"}
        for run in part["race"].values():
            assert run["status"] == "optimal" and run["winner"].split("/")[0] in ("highs", "scip")
            assert run["ratio"] == round(run["wall_s"] / min(r["wall_s"] for r in part["alone"].values()), 2)
    assert "Worst race / faster engine" in capsys.readouterr().out
    assert main(["race", "--families", "plain", "--delays", "x"]) == 2


def test_heuristics_benchmark_times_highs_under_each_setting_on_a_day_s_parts(tmp_path, capsys):
    from benchmarks.__main__ import main
    from benchmarks.heuristics import SETTINGS

    out = tmp_path / "heuristics.json"
    assert main(["heuristics", "--families", "plain", "--sizes", "30", "--seeds", "3", "--repeats", "1",
                 "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["parts"]
    for part in result["parts"]:
        assert list(part["runs"]) == list(SETTINGS)
        assert {run["status"] for run in part["runs"].values()} == {"optimal"}
        assert len({tuple(run["values"]) for run in part["runs"].values()}) == 1  # every setting proves the optimum
        assert part["runs"]["on"]["ratio"] == 1.0
    assert "no-jump / on" in capsys.readouterr().out
    assert main(["heuristics", "--families", "nowhere"]) == 2


def test_a_proof_near_a_quick_one_is_repeated_as_the_quick_one_was():
    from benchmarks.corpus import NEAR, QUICK, _compared_with_a_quick_run

    quick = 0.8 * QUICK
    runs = {"auto": {"status": "optimal", "wall_s": quick * (NEAR - 0.1)},
            "scip": {"status": "optimal", "wall_s": quick, "repeats": [quick] * 5},
            "highs": {"status": "optimal", "wall_s": quick * (NEAR + 0.1)},
            "cp-sat-1": {"status": "feasible", "wall_s": quick * 1.1}}
    assert _compared_with_a_quick_run(runs) == ["auto"]
    assert _compared_with_a_quick_run({"auto": runs["auto"], "highs": runs["highs"]}) == []


def test_families_benchmark_annotates_each_day_against_its_best_single_engine(tmp_path):
    from benchmarks.__main__ import main

    out = tmp_path / "families.json"
    assert main(["families", "--families", "plain", "--sizes", "30", "--seeds", "1", "--tiers",
                 "--configurations", "auto,highs", "--out", str(out)]) == 0
    (day,) = json.loads(out.read_text(encoding="utf-8"))["days"]
    runs = day["runs"]
    assert {run["status"] for run in runs.values()} == {"optimal"}
    assert all(len(run["repeats"]) == 5 for run in runs.values())  # a 30-need day is proven in well under 1 s
    assert day["best"] == "highs" and day["ratio"] == runs["auto"]["wall_s"] / runs["highs"]["wall_s"]
