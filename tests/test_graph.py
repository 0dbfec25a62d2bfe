"""``sanhu graph DAY [--plan PLAN] --out FILE.graphml``: the day as a graph, read back with networkx.

Counts are taken from the day dict and the network; every eligible edge is judged again by the
independent checker's eligibility, and the chosen edges are exactly the plan's assignments.
"""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest
from checker import check_plan
from day_index import DayIndex

from matching import build_network, day_graph, example_day, generate_day, solve
from matching.cli.commands import main
from models import InvalidProblem, Problem

SCALARS = (str, int, float, bool)


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _graph(path) -> nx.MultiGraph:
    return nx.read_graphml(path, force_multigraph=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A generated day, its plan from ``sanhu solve``, and its graph from ``sanhu graph --plan``."""
    folder = tmp_path_factory.mktemp("graph")
    day = generate_day("demo", 4)
    (folder / "day.json").write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    assert main(["solve", str(folder / "day.json"), "--out", str(folder / "plan.json"), "--time-limit", "30"]) == 0
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    check_plan(day, plan)
    assert main(["graph", str(folder / "day.json"), "--plan", str(folder / "plan.json"),
                 "--out", str(folder / "day.graphml")]) == 0
    return folder, day, plan, _graph(folder / "day.graphml")


def test_nodes_and_edges_are_the_days_and_the_networks(demo):
    _, day, _, graph = demo
    types = Counter(data["type"] for _, data in graph.nodes(data=True))
    assert types == Counter({"area": len(day["areas"]), "unit": len(day.get("units", [])),
                             "resource": len(day["resources"]), "need": len(day["needs"])})
    edges = Counter(data["type"] for *_, data in graph.edges(keys=True, data=True))
    network = build_network(Problem.from_data(day))
    assert edges == Counter({
        "parent": len(day["areas"]) - 1,
        "area": len(day.get("units", [])) + len(day["resources"]) + len(day["needs"]),
        "member": sum(1 for resource in day["resources"] if resource.get("unit")),
        "eligible": network.pairs,
    })
    index = DayIndex(day)
    for area in day["areas"]:
        if area.get("parent"):
            assert graph.has_edge(f"area:{area['parent']}", f"area:{area['id']}")
    for need, resource, _, data in graph.edges(keys=True, data=True):
        if data["type"] == "eligible":
            need, resource = sorted((need, resource))  # need:... before resource:...
            need_id, resource_id = need.removeprefix("need:"), resource.removeprefix("resource:")
            assert index.eligible(need_id, data["requirement"], resource_id)
            assert data["skill"] == index.requirement(need_id, data["requirement"])["skill"]
            assert data["amount"] == index.pair_amount(need_id, data["requirement"], resource_id)
            assert data["cost"] == index.cost(need_id, resource_id, data["amount"])


def test_chosen_edges_are_the_plans_assignments(demo):
    _, _, plan, graph = demo
    chosen = set()
    for u, v, _, data in graph.edges(keys=True, data=True):
        if data["type"] == "eligible" and data["chosen"]:
            need, resource = sorted((u, v))
            chosen.add((need.removeprefix("need:"), data["requirement"], resource.removeprefix("resource:")))
    assert chosen == {(a["need"], a["requirement"], a["resource"]) for a in plan["assignments"]}
    assert len(chosen) == len(plan["assignments"])
    outcomes = {entry["id"]: entry for entry in plan["needs"]}
    for node, data in graph.nodes(data=True):
        if data["type"] == "need":
            entry = outcomes[data["id"]]
            assert (data["covered"], data["outcome"]) == (entry["covered"], entry["outcome"])
            assert data.get("reason") == (entry["reason"] or {}).get("code")


def test_attributes_are_scalars_of_one_type_per_name(demo):
    folder, day, _, graph = demo
    seen: dict[str, set[type]] = {}
    for _, data in [*graph.nodes(data=True), *((None, data) for *_, data in graph.edges(keys=True, data=True))]:
        for name, value in data.items():
            assert isinstance(value, SCALARS), (name, value)
            seen.setdefault(name, set()).add(type(value))
    assert all(len(kinds) == 1 for kinds in seen.values()), seen
    need = day["needs"][0]
    node = graph.nodes[f"need:{need['id']}"]
    assert node["title"] == node["label"] == need["title"]  # Chinese intact
    assert "沙坪街道" in (folder / "day.graphml").read_text(encoding="utf-8")


def test_without_a_plan_nothing_is_chosen(tmp_path, capsys):
    code, out, _ = _run(capsys, "graph", "--out", tmp_path / "day.graphml", tmp_path / "missing.json")
    assert code == 2 and not (tmp_path / "day.graphml").exists()
    example_day().save(tmp_path / "day.json")
    code, out, _ = _run(capsys, "graph", tmp_path / "day.json", "--out", tmp_path / "day.graphml")
    assert code == 0 and "day.graphml" in out
    graph = _graph(tmp_path / "day.graphml")
    assert not any("chosen" in data for *_, data in graph.edges(keys=True, data=True))
    day = example_day()
    assert graph.nodes["resource:v-chen"]["skills"] == ";".join(day.resources[day.resource_index["v-chen"]].skills)
    assert graph.nodes["area:sp"]["parent"] == "hs"


def test_a_plan_of_another_day_or_an_ineligible_assignment_is_refused(tmp_path, capsys):
    day = example_day()
    plan = solve(day, time_limit=30, seed=0)
    other = Problem.from_data(generate_day("demo", 1))
    (tmp_path / "plan.json").write_text(plan.to_json(), encoding="utf-8")
    other.save(tmp_path / "other.json")
    code, _, err = _run(capsys, "graph", tmp_path / "other.json", "--plan", tmp_path / "plan.json",
                        "--out", tmp_path / "g.graphml")
    assert code == 2 and "is it a plan of this day" in err and not (tmp_path / "g.graphml").exists()
    first = plan.assignments[0]
    network = build_network(day)
    eligible = {(int(network.pair_need[p]), int(network.pair_resource[p])) for p in range(network.pairs)}
    stranger = next(r.id for i, r in enumerate(day.resources)
                    if (day.need_index[first.need], i) not in eligible
                    and r.id not in {a.resource for a in plan.assignments if a.need == first.need})
    edited = plan.model_copy(update={"assignments": (first.model_copy(update={"resource": stranger}),
                                                     *plan.assignments[1:])})
    with pytest.raises(InvalidProblem, match=r"assignments\[0\]: resource .* is not eligible"):
        day_graph(day, edited)
