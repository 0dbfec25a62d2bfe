"""Whether a plan belongs to a day: checked before ``explain`` or ``recommend`` use it.

A plan read from a file may be of another day, or edited by hand. These checks are
about references and shape, not optimality: every need of the day exactly once and no
other, every assignment naming a need, requirement and resource of the day, a covered
need with exactly its ``count`` distinct resources per requirement and an unmet one with
none and with a reason, every resource of the day once in the usage, and a coverage tier.

A plan is typed here by its base class, ``Output`` (as ``models.io`` types a day by ``Record``):
the plan's own methods (``Plan.to_frames``) reach these checks, and ``models.plan`` imports
nothing that imports it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from models.errors import InvalidProblem, Issue
from models.base import Output
from models.problem import Problem

__all__ = ["plan_issues", "verify_plan"]


def verify_plan(problem: Problem, plan: Output) -> None:
    """Raise ``InvalidProblem`` (every problem, each with its path in the plan) unless ``plan`` (a
    :class:`models.Plan`) fits ``problem``."""
    issues = plan_issues(problem, plan)
    if issues:
        raise InvalidProblem(issues, subject="the plan (is it a plan of this day?)")


def plan_issues(problem: Problem, plan: Output) -> list[Issue]:
    """Every way in which ``plan`` (a :class:`models.Plan`) does not fit ``problem``, each with its path in the plan.

    A plan that shares no need with the day (of another day, surely) gets one issue saying so.
    """
    if plan.needs and problem.needs and not any(entry.id in problem.need_index for entry in plan.needs):
        return [Issue("needs", f"none of the plan's {len(plan.needs)} needs is a need of this day (the plan's "
                      f"first is {plan.needs[0].id!r}, the day's {problem.needs[0].id!r}): a plan of another day?")]
    issues = _listed_once("needs", [entry.id for entry in plan.needs], problem.need_index, "need")
    issues += _listed_once("resources", [entry.id for entry in plan.resources], problem.resource_index,
                           "resource")
    if "coverage" not in plan.objective:
        issues.append(Issue("objective", "has no coverage tier"))
    covered = {entry.id for entry in plan.needs if entry.covered}
    filled: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for position, assignment in enumerate(plan.assignments):
        path = f"assignments[{position}]"
        need = problem.need_index.get(assignment.need)
        if need is None:
            issues.append(Issue(f"{path}.need", f"unknown need {assignment.need!r}"))
            continue
        if assignment.resource not in problem.resource_index:
            issues.append(Issue(f"{path}.resource", f"unknown resource {assignment.resource!r}"))
        if assignment.requirement >= len(problem.needs[need].requires):
            issues.append(Issue(f"{path}.requirement", f"need {assignment.need!r} has "
                                f"{len(problem.needs[need].requires)} requirements, not {assignment.requirement + 1}"))
        elif assignment.need not in covered:
            issues.append(Issue(path, f"need {assignment.need!r} is not covered in the plan, yet assigned"))
        else:
            filled[assignment.need][assignment.requirement].append(assignment.resource)
    for position, entry in enumerate(plan.needs):
        if entry.id in problem.need_index:
            issues += _outcome_issues(problem, f"needs[{position}]", entry, filled.get(entry.id, {}))
    return issues


def _listed_once(name: str, ids: list[str], known, kind: str) -> list[Issue]:
    issues = []
    first: dict[str, int] = {}
    for position, entry in enumerate(ids):
        if entry not in known:
            issues.append(Issue(f"{name}[{position}].id", f"unknown {kind} {entry!r}"))
        elif entry in first:
            issues.append(Issue(f"{name}[{position}].id", f"{kind} {entry!r} appears twice (first at "
                                f"{name}[{first[entry]}])"))
        else:
            first[entry] = position
    missing = [entry for entry in known if entry not in first]
    if missing:
        shown = ", ".join(repr(entry) for entry in missing[:5]) + (f" and {len(missing) - 5} more"
                                                                    if len(missing) > 5 else "")
        issues.append(Issue(name, f"the day's {kind} {shown} {'is' if len(missing) == 1 else 'are'} missing"))
    return issues


def _outcome_issues(problem: Problem, path: str, entry, slots: dict[int, list[str]]) -> list[Issue]:
    record = problem.needs[problem.need_index[entry.id]]
    if not entry.covered:
        if entry.outcome != "unmet":
            return [Issue(f"{path}.outcome", f"an unmet need's outcome is 'unmet', not {entry.outcome!r}")]
        if entry.reason is None:
            return [Issue(f"{path}.reason", "an unmet need must have a reason")]
        return _reason_issues(problem, f"{path}.reason", entry.reason, len(record.requires))
    issues = []
    expected = "clarified_today" if record.kind == "complex" else "cleared_today"
    if entry.outcome != expected:
        issues.append(Issue(f"{path}.outcome", f"a covered {record.kind} need is {expected!r}, not {entry.outcome!r}"))
    if entry.reason is not None:
        issues.append(Issue(f"{path}.reason", "a covered need has no reason"))
    for k, requirement in enumerate(record.requires):
        given = slots.get(k, [])
        if len(given) != requirement.count or len(set(given)) != len(given):
            twice = [resource for resource, times in Counter(given).items() if times > 1]
            issues.append(Issue(path, f"covered, but requirement {k} has {len(set(given))} distinct resources "
                                f"assigned, not {requirement.count}" + (f" ({twice[0]!r} twice)" if twice else "")))
    return issues


def _reason_issues(problem: Problem, path: str, reason, requirements: int) -> list[Issue]:
    issues = []
    if reason.requirement is not None and not 0 <= reason.requirement < requirements:
        issues.append(Issue(f"{path}.requirement", f"the need has {requirements} requirements, "
                            f"not {reason.requirement + 1}"))
    for position, resource in enumerate(reason.resources or ()):
        if resource not in problem.resource_index:
            issues.append(Issue(f"{path}.resources[{position}]", f"unknown resource {resource!r}"))
    for position, need in enumerate(reason.needs or ()):
        if need not in problem.need_index:
            issues.append(Issue(f"{path}.needs[{position}]", f"unknown need {need!r}"))
    for position, limit in enumerate(reason.limits or ((reason.limit,) if reason.limit else ())):
        owners = problem.area_by_id if limit.kind == "max_outbound" else (
            problem.unit_by_id if limit.kind in ("daily_cap", "max_members") else problem.resource_index)
        if limit.id not in owners:
            issues.append(Issue(f"{path}.limits[{position}].id", f"unknown {limit.kind} owner {limit.id!r}"))
    return issues
