"""Cross-reference checks of a day: every problem found, each with its path.

The checks run on records that already passed their own schema, each paired
with its index in the day file so that paths point at the original entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from models.day import Arc, Area, Need, Resource, Settings, Unit
from models.errors import Issue

__all__ = ["DayParts", "reference_issues", "record_issues"]

@dataclass
class DayParts:
    """The records of a day, each with its index in the file."""

    levels: tuple[str, ...]
    areas: list[tuple[int, Area]] = field(default_factory=list)
    units: list[tuple[int, Unit]] = field(default_factory=list)
    resources: list[tuple[int, Resource]] = field(default_factory=list)
    needs: list[tuple[int, Need]] = field(default_factory=list)
    arcs: list[tuple[int, Arc]] = field(default_factory=list)
    settings: Settings | None = None
    failed_ids: dict[str, set[str]] = field(default_factory=dict)
    """Ids of records that failed their own schema, per list: known, but not checked further."""

    def ids(self, name: str) -> set[str]:
        """Ids of the list ``name``, counting records that failed their schema."""
        parsed = {record.id for _, record in getattr(self, name)}
        return parsed | self.failed_ids.get(name, set())


def reference_issues(parts: DayParts) -> tuple[list[Issue], list[Issue]]:
    """Check every reference of a day.

    Returns
    -------
    (errors, warnings)
        Errors make the day invalid; warnings (a skill no resource has) do not.
    """
    errors: list[Issue] = []
    errors += _level_issues(parts.levels)
    for name in ("areas", "units", "resources", "needs"):
        errors += _duplicate_ids(name, getattr(parts, name))
    area_ids = parts.ids("areas")
    if not parts.failed_ids.get("areas"):
        errors += _tree_issues(parts.areas, parts.levels)
    errors += _unit_issues(parts.units, area_ids)
    errors += _resource_issues(parts.resources, area_ids, parts.ids("units"), parts.levels)
    errors += _need_issues(parts.needs, area_ids)
    errors += _arc_issues(parts.arcs, parts.ids("needs"), parts.ids("resources"))
    if parts.settings is not None and parts.settings.fairness_level is not None:
        if parts.settings.fairness_level not in parts.levels:
            errors.append(_not_a_level("settings.fairness_level", parts.settings.fairness_level, parts.levels))
    return errors, _skill_warnings(parts.needs, parts.resources) + _arc_warnings(parts)


def record_issues(record: Unit | Resource | Need, path: str, *, area_ids: set[str], unit_ids: set[str],
                  levels: Sequence[str]) -> list[Issue]:
    """The reference problems of one unit, resource or need checked against a day's ids, its fields
    under ``path`` (``"need"`` gives ``need.area``): for records that arrive one at a time."""
    if isinstance(record, Unit):
        found, name = _unit_issues([(0, record)], area_ids), "units"
    elif isinstance(record, Resource):
        found, name = _resource_issues([(0, record)], area_ids, unit_ids, levels), "resources"
    else:
        found, name = _need_issues([(0, record)], area_ids), "needs"
    return [Issue(path + issue.path[len(f"{name}[0]"):], issue.message) for issue in found]


def _not_a_level(path: str, value: str, levels: Sequence[str]) -> Issue:
    known = f"levels are {', '.join(levels)}" if levels else "no levels are named"
    return Issue(path, f"{value!r} is not a level ({known})")


def _level_issues(levels: Sequence[str]) -> list[Issue]:
    issues = []
    if not levels:
        issues.append(Issue("levels", "must name at least one level"))
    seen: set[str] = set()
    for position, level in enumerate(levels):
        if level in seen:
            issues.append(Issue(f"levels[{position}]", f"level {level!r} appears more than once"))
        seen.add(level)
    return issues


def _duplicate_ids(name: str, records: Iterable[tuple[int, object]]) -> list[Issue]:
    first: dict[str, int] = {}
    issues = []
    for index, record in records:
        record_id = record.id  # type: ignore[attr-defined]
        if record_id in first:
            issues.append(Issue(f"{name}[{index}].id", f"duplicate id {record_id!r} (first at {name}[{first[record_id]}])"))
        else:
            first[record_id] = index
    return issues


def _tree_issues(areas: list[tuple[int, Area]], levels: Sequence[str]) -> list[Issue]:
    issues = []
    by_id = {area.id: (index, area) for index, area in reversed(areas)}
    level_index = {level: position for position, level in enumerate(levels)}
    roots = [(index, area) for index, area in areas if area.parent is None]
    if areas and not roots:
        issues.append(Issue("areas", "there is no root area (one area must have parent null)"))
    for index, area in roots[1:]:
        issues.append(Issue(f"areas[{index}].parent", f"a second root {area.id!r}; the root is {roots[0][1].id!r} (areas[{roots[0][0]}])"))
    for index, area in areas:
        if area.level not in level_index:
            issues.append(_not_a_level(f"areas[{index}].level", area.level, levels))
        if area.parent is None:
            continue
        if area.parent not in by_id:
            issues.append(Issue(f"areas[{index}].parent", f"unknown area {area.parent!r}"))
            continue
        parent = by_id[area.parent][1]
        if area.level in level_index and parent.level in level_index:
            if level_index[area.level] <= level_index[parent.level]:
                issues.append(Issue(
                    f"areas[{index}].level",
                    f"{area.level!r} is not below its parent {parent.id!r} ({parent.level!r})",
                ))
    issues += _cycle_issues(by_id)
    return issues


def _cycle_issues(by_id: dict[str, tuple[int, Area]]) -> list[Issue]:
    issues = []
    settled: set[str] = set()
    for area_id in by_id:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = area_id
        while current is not None and current in by_id and current not in settled:
            if current in on_chain:
                loop = chain[chain.index(current):] + [current]
                index = by_id[current][0]
                issues.append(Issue(f"areas[{index}].parent", "cycle " + " -> ".join(repr(a) for a in loop)))
                break
            chain.append(current)
            on_chain.add(current)
            current = by_id[current][1].parent
        settled.update(chain)
    return issues


def _unknown(path: str, kind: str, value: str, known: set[str]) -> list[Issue]:
    return [] if value in known else [Issue(path, f"unknown {kind} {value!r}")]


def _unit_issues(units: list[tuple[int, Unit]], area_ids: set[str]) -> list[Issue]:
    issues = []
    for index, unit in units:
        issues += _unknown(f"units[{index}].area", "area", unit.area, area_ids)
        for position, area in enumerate(unit.partner_areas):
            issues += _unknown(f"units[{index}].partner_areas[{position}]", "area", area, area_ids)
    return issues


def _resource_issues(
    resources: list[tuple[int, Resource]], area_ids: set[str], unit_ids: set[str], levels: Sequence[str]
) -> list[Issue]:
    issues = []
    for index, resource in resources:
        path = f"resources[{index}]"
        issues += _unknown(f"{path}.area", "area", resource.area, area_ids)
        if resource.reach is not None and resource.reach not in levels:
            issues.append(_not_a_level(f"{path}.reach", resource.reach, levels))
        for position, area in enumerate(resource.extra_areas):
            issues += _unknown(f"{path}.extra_areas[{position}]", "area", area, area_ids)
        if resource.unit is not None:
            issues += _unknown(f"{path}.unit", "unit", resource.unit, unit_ids)
    return issues


def _need_issues(needs: list[tuple[int, Need]], area_ids: set[str]) -> list[Issue]:
    issues = []
    for index, need in needs:
        issues += _unknown(f"needs[{index}].area", "area", need.area, area_ids)
    return issues


def _arc_issues(arcs: list[tuple[int, Arc]], need_ids: set[str], resource_ids: set[str]) -> list[Issue]:
    issues = []
    first: dict[tuple[str, str], int] = {}
    for index, arc in arcs:
        issues += _unknown(f"arcs[{index}].need", "need", arc.need, need_ids)
        issues += _unknown(f"arcs[{index}].resource", "resource", arc.resource, resource_ids)
        pair = (arc.need, arc.resource)
        if pair in first:
            issues.append(Issue(f"arcs[{index}]", f"duplicate arc for need {arc.need!r} and resource {arc.resource!r} (first at arcs[{first[pair]}])"))
        else:
            first[pair] = index
    return issues


def _skill_warnings(needs: list[tuple[int, Need]], resources: list[tuple[int, Resource]]) -> list[Issue]:
    known = {skill for _, resource in resources for skill in resource.skills}
    warnings = []
    for index, need in needs:
        for position, requirement in enumerate(need.requires):
            if requirement.skill not in known:
                warnings.append(Issue(
                    f"needs[{index}].requires[{position}].skill",
                    f"no resource has skill {requirement.skill!r} anywhere",
                ))
    return warnings


def _arc_warnings(parts: DayParts) -> list[Issue]:
    """Arcs whose resource has none of the skills their need requires: they can never be used."""
    needs = {need.id: need for _, need in parts.needs}
    resources = {resource.id: resource for _, resource in parts.resources}
    warnings = []
    for index, arc in parts.arcs:
        if arc.need in needs and arc.resource in resources:
            wanted = {requirement.skill for requirement in needs[arc.need].requires}
            if not wanted & set(resources[arc.resource].skills):
                warnings.append(Issue(f"arcs[{index}]", f"resource {arc.resource!r} has none of the skills "
                                      f"need {arc.need!r} requires; the arc can never be used"))
    return warnings
