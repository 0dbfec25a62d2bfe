"""Hand-written hypothesis strategies for broken input: valid days (``strategies.days``) and their plans,
mutated the way hand-typed spreadsheets and careless services break them.

A case is a ``Case``: what to feed the command line (a JSON day file's text, a CSV folder's files, or a
plan file's text for ``explain``), with the mutations applied, named for the outcome counts. Mutations:

- ``drop``: a field or a whole record removed; ``duplicate``: a record twice (ids clash);
- ``retype``: a value of another JSON type (a number as text, a flag as ``"yes"``, a list as an object, null);
- ``extreme``: numbers at and past every bound (0, negatives, 1e308, 10^5000, NaN, a count of 2.5);
- ``text``: broken text (empty, surrounding spaces, lone surrogates, control characters, 200,000 characters,
  digits that are not ASCII, ``HH:MM`` with a newline);
- ``reference``: a reference to a record that does not exist, a reach or level that is not a level;
- ``tree``: a cycle of parents, a second root, a child not below its parent, a chain 300 levels deep;
- ``nest``: a value wrapped in lists 50 or 5,000 deep; ``huge``: a list made a thousand times longer;
- ``extra``: an unknown field; ``top``: the whole file not an object;
- CSV only: ``cell`` (a cell with a bad number, ``1_000``, a flag ``yes``), ``row`` (more cells than the header),
  ``bytes`` (not UTF-8, a NUL);
- plans: a need dropped or doubled, an assignment to an unknown resource, requirement or need, a need marked
  covered without its assignments, a value retyped, a plan of another day.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from hypothesis import strategies as st
from strategies import days

__all__ = ["Case", "day_cases", "csv_cases", "plan_edits", "nested", "MUTATIONS", "PLAN_EDITS"]

MUTATIONS = ("drop", "duplicate", "retype", "extreme", "text", "reference", "tree", "nest", "huge", "extra",
             "top", "none")
TABLES = ("areas", "units", "resources", "needs", "arcs")
EXTREMES = [0, -1, -0.005, 0.004, 1e9, 1e9 + 1, 1e308, -1e308, 2**63, 10**400, 2.5, 1e-300, True, False]
TEXTS = ["", " ", " padded ", "n\ud800", "\udfff", "tab\there", "nul\x00", "x" * 200_000, "٣", "08:00\n",
         "\u202eevil", "😀", "a" * 1_000_001]
RETYPES = ["4", "yes", "true", "1_0", None, [], {}, [1, 2], {"a": 1}, 3, 2.5, "null"]
NEST = "<nested {} deep>"


def nested(text: str) -> str:
    """``text`` with every ``NEST`` marker made a string inside that many lists."""
    for depth in (50, 5000):
        text = text.replace(json.dumps(NEST.format(depth)), "[" * depth + '"x"' + "]" * depth)
    return text


@dataclass
class Case:
    """One broken input: ``kind`` is ``json``, ``csv`` or ``plan``; ``mutations`` what was done to it."""

    kind: str
    day: dict | None
    text: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    mutations: list[str] = field(default_factory=list)


def _paths(value, prefix=()):
    """Every (path, value) inside a JSON value, containers included."""
    yield prefix, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _set(data, path, value):
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _drop(data, path):
    target = data
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]


@st.composite
def _mutation(draw, day: dict) -> str:
    """Apply one mutation to ``day`` in place; returns its name (``none`` when an earlier mutation left the day
    without the shape this one needs)."""
    try:
        return draw(_shaped_mutation(day))
    except (TypeError, KeyError, IndexError, AttributeError):
        return "none"


@st.composite
def _shaped_mutation(draw, day: dict) -> str:
    kind = draw(st.sampled_from(MUTATIONS[:-2]))
    leaves = [(path, value) for path, value in _paths(day) if path]
    if kind in ("drop", "retype", "extreme", "text", "nest") and not leaves:
        return "none"
    if kind == "drop":
        _drop(day, draw(st.sampled_from([path for path, _ in leaves])))
    elif kind == "duplicate":
        table = draw(st.sampled_from([t for t in TABLES if day.get(t)] or ["areas"]))
        if day.get(table):
            day[table].append(copy.deepcopy(draw(st.sampled_from(day[table]))))
    elif kind in ("retype", "extreme", "text"):
        path = draw(st.sampled_from([path for path, _ in leaves]))
        pool = {"retype": RETYPES, "extreme": EXTREMES, "text": TEXTS}[kind]
        _set(day, path, copy.deepcopy(draw(st.sampled_from(pool))))
    elif kind == "reference":
        path = draw(st.sampled_from([path for path, value in leaves if path[-1] in
                                     ("area", "parent", "unit", "reach", "level", "need", "resource", "skill")]
                                    or [("needs",)]))
        if path != ("needs",):
            _set(day, path, draw(st.sampled_from(["nowhere", "r-ghost", "n-ghost", "planet"])))
    elif kind == "tree":
        _tree(day, draw(st.sampled_from(["cycle", "second-root", "not-below", "deep"])))
    elif kind == "nest":  # written into the text by ``nested``: json.dumps cannot write 5,000 levels
        _set(day, draw(st.sampled_from([path for path, _ in leaves])), NEST.format(draw(st.sampled_from([50, 5000]))))
    elif kind == "huge":  # a thousand times longer, once (a second time would make a file of hundreds of MB)
        table = draw(st.sampled_from([t for t in ("needs", "resources") if isinstance(day.get(t), list)] or ["none"]))
        if table != "none" and len(day[table]) < 100:
            day[table] = day[table] * 1000
    elif kind == "extra":
        target = draw(st.sampled_from([value for _, value in _paths(day) if isinstance(value, dict)]))
        target[draw(st.sampled_from(["colour", "\ud800", "", "weight "]))] = 1
    return kind


def _tree(day: dict, how: str) -> None:
    areas = day["areas"]
    if how == "cycle" and len(areas) > 2:
        areas[1]["parent"], areas[2]["parent"] = areas[2]["id"], areas[1]["id"]
    elif how == "second-root" and len(areas) > 1:
        areas[-1].pop("parent", None)
        areas[-1]["parent"] = None
    elif how == "not-below" and len(areas) > 1:
        areas[-1]["level"] = areas[0]["level"]
    elif how == "deep":
        levels = [f"l{i}" for i in range(300)]
        day["levels"] = day.get("levels", []) + levels
        parent = areas[-1]["id"]
        for i, level in enumerate(levels):
            areas.append({"id": f"deep{i}", "level": level, "parent": parent})
            parent = f"deep{i}"


@st.composite
def day_cases(draw) -> Case:
    """A JSON day file: a valid small day with one to three mutations (sometimes none), as text."""
    day = draw(days(max_needs=4, max_resources=4))
    case = Case("json", copy.deepcopy(day))
    for _ in range(draw(st.integers(0, 3))):
        case.mutations.append(draw(_mutation(day)))
    if draw(st.integers(0, 19)) == 0:
        day = draw(st.sampled_from([[], None, 42, "day", [day]]))
        case.mutations.append("top")
    case.day = day
    case.text = nested(json.dumps(day, ensure_ascii=draw(st.booleans()), allow_nan=True))
    if draw(st.integers(0, 9)) == 0:
        case.text = "\ufeff" + case.text  # a byte-order mark is allowed
    return case


@st.composite
def csv_cases(draw) -> Case:
    """A CSV folder: a valid small day written by the README's rules, then a cell, row or byte broken."""
    from csv_days import write_files

    day = draw(days(max_needs=4, max_resources=4))
    case = Case("csv", copy.deepcopy(day))
    if draw(st.booleans()):
        case.mutations.append(draw(_mutation(day)))
    files = write_files(day)
    name = draw(st.sampled_from(sorted(files)))
    how = draw(st.sampled_from(["cell", "row", "bytes", "none"]))
    lines = files[name].decode("utf-8", "replace").split("\n")
    if how == "cell" and name.endswith(".csv") and len(lines) > 1:
        row = draw(st.integers(1, max(len(lines) - 2, 1)))
        cells = lines[row].split(",")
        cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(["1_000", "yes", "1,5", "-", "NaN", "inf",
                                                                             "9" * 200, '"unterminated']))
        lines[row] = ",".join(cells)
        files[name] = "\n".join(lines).encode("utf-8")
    elif how == "row" and name.endswith(".csv") and len(lines) > 1:
        lines[1] += ",extra,cells"
        files[name] = "\n".join(lines).encode("utf-8")
    elif how == "bytes":
        files[name] = files[name][:5] + draw(st.sampled_from([b"\xff\xfe", b"\x00", b"\xed\xa0\x80"])) + files[name][5:]
    case.mutations.append(how)
    case.day, case.files = day, files
    return case


PLAN_EDITS = ("drop-need", "double-need", "ghost-resource", "ghost-need", "bad-requirement", "fake-cover",
              "retype", "other-day", "none")


@st.composite
def plan_edits(draw, plan: dict, other: dict) -> tuple[str, dict]:
    """A plan edited by hand (``other``: a plan of another day): the edit's name and the plan."""
    plan = copy.deepcopy(plan)
    how = draw(st.sampled_from(PLAN_EDITS))
    assignments, needs = plan["assignments"], plan["needs"]
    if how == "drop-need" and needs:
        needs.pop(draw(st.integers(0, len(needs) - 1)))
    elif how == "double-need" and needs:
        needs.append(copy.deepcopy(draw(st.sampled_from(needs))))
    elif how in ("ghost-resource", "ghost-need", "bad-requirement") and assignments:
        row = draw(st.sampled_from(assignments))
        row.update({"ghost-resource": {"resource": "r-ghost"}, "ghost-need": {"need": "n-ghost"},
                    "bad-requirement": {"requirement": 7}}[how])
    elif how == "fake-cover" and any(not need["covered"] for need in needs):
        need = draw(st.sampled_from([need for need in needs if not need["covered"]]))
        need.update(covered=True, outcome="cleared_today", reason=None)
    elif how == "retype":
        path = draw(st.sampled_from([path for path, _ in _paths(plan) if path]))
        _set(plan, path, copy.deepcopy(draw(st.sampled_from(RETYPES))))
    elif how == "other-day":
        plan = copy.deepcopy(other)
    return how, plan
