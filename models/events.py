"""The day as it changes: each event of re-planning (SPEC §4) applied to a ``Problem``, validated on its own.

Every function returns a new ``Problem`` and leaves its argument as it was; a bad event raises
``InvalidProblem`` naming each bad field under the event's own path (``need.area``,
``changes.capacity``), like a bad day file. Only the record the event brings is checked, against the
day's ids and levels (the rest of the day is valid already), so an event costs microseconds on a
city-sized day rather than a re-validation of the whole day.

``pinned`` turns a need whose work has been dispatched into one that must be covered and may use
only the resources it has now (as arcs, with the amounts and costs of the moment), so that time
passing (``advanced``) or a resource's changes cannot take its dispatched work away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from models.checks import record_issues
from models.day import Arc, Need, Resource, Unit
from models.errors import InvalidProblem, Issue
from models.problem import Problem
from models.schema_issues import issues_from_validation_error
from models.types import Clock, minutes

__all__ = ["added_need", "removed_need", "added_resource", "changed_resource", "changed_unit", "pinned", "released",
           "advanced", "clock", "hhmm"]


def _refuse(issues: list[Issue]) -> None:
    if issues:
        raise InvalidProblem(issues, subject="the event")


def _parsed(model: type[BaseModel], data: Any, path: str) -> Any:
    """``data`` validated as ``model`` (a record already of that type is taken as it is)."""
    if isinstance(data, model):
        return data
    if not isinstance(data, Mapping):
        _refuse([Issue(path, f"must be an object, got {type(data).__name__}")])
    try:
        return model.model_validate(dict(data))
    except ValidationError as error:
        _refuse(issues_from_validation_error(error, prefix=(path,)))


def _references(problem: Problem, record: Unit | Resource | Need, path: str) -> list[Issue]:
    return record_issues(record, path, area_ids=set(problem.area_by_id), unit_ids=set(problem.unit_by_id),
                         levels=problem.levels)


def added_need(problem: Problem, data: Any, arcs: Iterable[Any] = ()) -> Problem:
    """The day with one more need, and its arcs (``{"resource", "amount"?, "cost"?}``) if it brings any."""
    need = _parsed(Need, data, "need")
    issues = _references(problem, need, "need")
    if need.id in problem.need_index:
        issues.append(Issue("need.id", f"need {need.id!r} exists already"))
    new_arcs = []
    for position, arc in enumerate(arcs):
        entry = {**dict(arc), "need": need.id} if isinstance(arc, Mapping) else arc
        parsed = _parsed(Arc, entry, f"arcs[{position}]")
        if parsed.resource not in problem.resource_index:
            issues.append(Issue(f"arcs[{position}].resource", f"unknown resource {parsed.resource!r}"))
        new_arcs.append(parsed)
    _refuse(issues)
    return problem.model_copy(update={"needs": (*problem.needs, need), "arcs": (*problem.arcs, *new_arcs)})


def removed_need(problem: Problem, need_id: str) -> Problem:
    """The day without need ``need_id`` and its arcs."""
    if need_id not in problem.need_index:
        _refuse([Issue("need", f"unknown need {need_id!r}")])
    return problem.model_copy(update={"needs": tuple(n for n in problem.needs if n.id != need_id),
                                      "arcs": tuple(a for a in problem.arcs if a.need != need_id)})


def added_resource(problem: Problem, data: Any) -> Problem:
    """The day with one more resource."""
    resource = _parsed(Resource, data, "resource")
    issues = _references(problem, resource, "resource")
    if resource.id in problem.resource_index:
        issues.append(Issue("resource.id", f"resource {resource.id!r} exists already"))
    _refuse(issues)
    return problem.model_copy(update={"resources": (*problem.resources, resource)})


def changed_resource(problem: Problem, resource_id: str, changes: Mapping[str, Any]) -> Problem:
    """The day with resource ``resource_id``'s fields ``changes`` replaced (its id stays)."""
    if resource_id not in problem.resource_index:
        _refuse([Issue("resource", f"unknown resource {resource_id!r}")])
    if "id" in changes:
        _refuse([Issue("changes.id", "a resource's id cannot change")])
    position = problem.resource_index[resource_id]
    merged = {**problem.resources[position].model_dump(), **dict(changes)}
    resource = _parsed(Resource, merged, "changes")
    _refuse(_references(problem, resource, "changes"))
    resources = list(problem.resources)
    resources[position] = resource
    return problem.model_copy(update={"resources": tuple(resources)})


def changed_unit(problem: Problem, unit_id: str, changes: Mapping[str, Any]) -> Problem:
    """The day with unit ``unit_id``'s fields ``changes`` replaced (its id stays)."""
    units = {unit.id: position for position, unit in enumerate(problem.units)}
    if unit_id not in units:
        _refuse([Issue("unit", f"unknown unit {unit_id!r}")])
    if "id" in changes:
        _refuse([Issue("changes.id", "a unit's id cannot change")])
    merged = {**problem.units[units[unit_id]].model_dump(), **dict(changes)}
    unit = _parsed(Unit, merged, "changes")
    _refuse(_references(problem, unit, "changes"))
    updated = list(problem.units)
    updated[units[unit_id]] = unit
    return problem.model_copy(update={"units": tuple(updated)})


def pinned(problem: Problem, need_id: str, arcs: Iterable[tuple[str, float, float]]) -> Problem:
    """The day with need ``need_id`` required and limited to the arcs ``(resource, amount, cost)``."""
    position = problem.need_index[need_id]
    needs = list(problem.needs)
    needs[position] = needs[position].model_copy(update={"required": True})
    kept = tuple(arc for arc in problem.arcs if arc.need != need_id)
    new = tuple(Arc(need=need_id, resource=resource, amount=amount, cost=cost) for resource, amount, cost in arcs)
    return problem.model_copy(update={"needs": tuple(needs), "arcs": kept + new})


_CLOCK = TypeAdapter(Clock)


def released(problem: Problem, need_ids: Iterable[str]) -> Problem:
    """The day with the needs ``need_ids`` no longer required."""
    ids = set(need_ids)
    unknown = sorted(ids - set(problem.need_index))
    if unknown:
        _refuse([Issue("needs", f"unknown need {unknown[0]!r}")])
    needs = tuple(n.model_copy(update={"required": False}) if n.id in ids else n for n in problem.needs)
    return problem.model_copy(update={"needs": needs})


def clock(now: Any, path: str = "now") -> int:
    """An ``"HH:MM"`` time of day as minutes after midnight (``InvalidProblem`` naming ``path`` if bad)."""
    try:
        return minutes(_CLOCK.validate_python(now))
    except ValidationError as error:
        _refuse(issues_from_validation_error(error, prefix=(path,)))
    raise AssertionError("unreachable")


def advanced(problem: Problem, now: str) -> Problem:
    """The day at time ``now``: every resource's availability cut to what is left of it (a resource with
    nothing left keeps an empty list, and serves nobody more). Pinned needs keep their arcs, which no
    window limits."""
    start = clock(now)
    resources = []
    for resource in problem.resources:
        left = [(max(begin, start), end) for begin, end in resource.windows() if end > start]
        windows = tuple((hhmm(begin), hhmm(end)) for begin, end in left if end > begin)
        resources.append(resource.model_copy(update={"available": windows}))
    return problem.model_copy(update={"resources": tuple(resources)})


def hhmm(value: int) -> str:
    """Minutes after midnight as ``"HH:MM"``."""
    return f"{value // 60:02d}:{value % 60:02d}"
