"""The day as one graph for graph tools: areas, units, resources and needs, and every eligible pair.

:func:`day_graph` gives an undirected ``networkx.MultiGraph`` that GraphML holds as it is
(``sanhu graph DAY --out day.graphml`` writes it; Gephi, yEd and Cytoscape read it):

Nodes, keyed ``"area:ID"``, ``"unit:ID"``, ``"resource:ID"`` and ``"need:ID"``
    ``type`` (``area``, ``unit``, ``resource``, ``need``), ``label`` (name or title, else the id),
    and the record's fields as a day's table holds them (``models.tables.COLUMNS``): numbers as
    numbers, flags as flags, lists in the tables' notation (``skills`` ``repair;lead:housing``,
    ``available`` ``08:30-12:00;14:00-17:30``, ``requires`` ``repair*2@2;liaison@0.5``), an area's
    ``xy`` as ``x`` and ``y``; a field the record leaves unset is left out.
Edges, each with ``type``
    ``parent`` (an area and each child area), ``area`` (a unit, resource or need and the area it is
    in), ``member`` (a resource and its unit), and ``eligible``: one edge per eligible (need,
    requirement, resource) pair of the network (``matching.network.pairs``), keyed
    ``"requirement K"``, with ``requirement`` (0-based), ``skill``, ``amount`` and ``cost``.

Given a plan of the day, eligible edges get ``chosen`` (true for the plan's assignments), needs
``covered``, ``outcome`` and, when unmet, ``reason`` and ``detail``, resources ``used`` and
``tasks``, and areas ``needs``, ``covered_needs``, ``weight`` and ``covered_weight`` (their
subtree's). Every attribute is a string, integer, float or flag, the same type wherever its name
appears, as GraphML needs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from matching.network.pairs import Network, build_network
from matching.scaling import from_hundredths
from models import InvalidProblem, Issue, Plan, Problem, verify_plan, write_atomic
from models.cells import record_cells
from models.day import Record
from models.tables import COLUMNS

__all__ = ["day_graph", "graphml_bytes", "write_graphml"]


def day_graph(problem: Problem, plan: Plan | None = None, *, network: Network | None = None) -> nx.MultiGraph:
    """The day's areas, units, resources and needs as one graph, with the plan's choices when one is given.

    Parameters
    ----------
    problem : Problem
        The day.
    plan : Plan, optional
        A plan of the day: its assignments mark their eligible edges ``chosen``.
    network : Network, optional
        The day's network, when built already.

    Raises
    ------
    InvalidProblem
        When ``plan`` is not a plan of ``problem`` (``models.verify_plan``), or assigns a pair that
        is not eligible.

    Examples
    --------
    >>> from matching import day_graph, example_day
    >>> graph = day_graph(example_day())
    >>> graph.nodes["need:n-handrail"]["type"], graph.nodes["need:n-handrail"]["requires"]
    ('need', 'repair*2@2;tools')
    """
    network = build_network(problem) if network is None else network
    if plan is not None:
        verify_plan(problem, plan)
    graph = nx.MultiGraph()
    for table, kind in (("areas", "area"), ("units", "unit"), ("resources", "resource"), ("needs", "need")):
        for record in getattr(problem, table):
            graph.add_node(f"{kind}:{record.id}", type=kind, **_fields(record, COLUMNS[table], table))
    for area in problem.areas:
        if area.parent is not None:
            graph.add_edge(f"area:{area.parent}", f"area:{area.id}", key="parent", type="parent")
    for kind, records in (("unit", problem.units), ("resource", problem.resources), ("need", problem.needs)):
        for record in records:
            graph.add_edge(f"{kind}:{record.id}", f"area:{record.area}", key="area", type="area")
    for resource in problem.resources:
        if resource.unit is not None:
            graph.add_edge(f"resource:{resource.id}", f"unit:{resource.unit}", key="member", type="member")
    _add_pairs(graph, network)
    if plan is not None:
        _mark_plan(graph, plan)
    return graph


def _fields(record: Record, columns: Sequence[str], table: str) -> dict[str, Any]:
    """The record's set fields as scalars: numbers and flags as they are, lists in the tables' notation."""
    dump = record.model_dump(mode="json")
    cells = dict(zip(columns, record_cells(dump, columns, table, [])))  # the notation only; nothing is refused
    fields: dict[str, Any] = {}
    for column in columns:
        if column in ("x", "y"):
            value = None if dump.get("xy") is None else float(dump["xy"][column == "y"])
        else:
            value = dump.get(column)
            if isinstance(value, (list, tuple)):
                value = cells[column]
        if value is not None:
            fields[column] = value
    fields["label"] = dump.get("name") or dump.get("title") or record.id
    return fields


def _add_pairs(graph: nx.MultiGraph, network: Network) -> None:
    problem = network.problem
    for p in range(network.pairs):
        need = problem.needs[int(network.pair_need[p])]
        resource = problem.resources[int(network.pair_resource[p])]
        requirement = int(network.pair_slot[p] - network.first_slot[int(network.pair_need[p])])
        graph.add_edge(f"need:{need.id}", f"resource:{resource.id}", key=f"requirement {requirement}",
                       type="eligible", requirement=requirement, skill=need.requires[requirement].skill,
                       amount=from_hundredths(int(network.pair_amount[p])),
                       cost=from_hundredths(int(network.pair_cost[p])))


def _mark_plan(graph: nx.MultiGraph, plan: Plan) -> None:
    """The plan's choices on the graph; an assignment of a pair that is not eligible is refused."""
    issues = []
    for position, assignment in enumerate(plan.assignments):
        edge = (f"need:{assignment.need}", f"resource:{assignment.resource}", f"requirement {assignment.requirement}")
        if not graph.has_edge(*edge):
            issues.append(Issue(f"assignments[{position}]", f"resource {assignment.resource!r} is not eligible for "
                                f"requirement {assignment.requirement} of need {assignment.need!r} in this day"))
    if issues:
        raise InvalidProblem(issues, subject="the plan (is it a plan of this day?)")
    for *_, data in graph.edges(keys=True, data=True):
        if data["type"] == "eligible":
            data["chosen"] = False
    for assignment in plan.assignments:
        graph.edges[f"need:{assignment.need}", f"resource:{assignment.resource}",
                    f"requirement {assignment.requirement}"]["chosen"] = True
    for entry in plan.needs:
        node = graph.nodes[f"need:{entry.id}"]
        node.update(covered=entry.covered, outcome=entry.outcome)
        if entry.reason is not None:
            node.update(reason=entry.reason.code, detail=entry.reason.detail)
    for usage in plan.resources:
        graph.nodes[f"resource:{usage.id}"].update(used=float(usage.used), tasks=int(usage.tasks))
    for rollup in plan.areas:
        if f"area:{rollup.id}" in graph:
            graph.nodes[f"area:{rollup.id}"].update(needs=rollup.needs, covered_needs=rollup.covered,
                                                    weight=float(rollup.weight),
                                                    covered_weight=float(rollup.covered_weight))


def graphml_bytes(graph: nx.Graph) -> bytes:
    """The graph as a GraphML document (UTF-8)."""
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()


def write_graphml(graph: nx.Graph, path: str | Path) -> None:
    """Write the graph as GraphML atomically: readers see the old file or the whole new one."""
    write_atomic(path, graphml_bytes(graph))
