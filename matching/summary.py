"""A plan as a short table for people at a terminal."""

from __future__ import annotations

from matching.tables import table
from models import Plan, Problem

__all__ = ["summary"]

_REASON_ORDER = ("no_skill_in_reach", "no_time_overlap", "limit", "capacity_taken", "unproven", "infeasible")


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _street_level(problem: Problem) -> str:
    if "street" in problem.levels:
        return "street"
    return problem.levels[1] if len(problem.levels) > 1 else problem.levels[0]


def summary(problem: Problem, plan: Plan, *, source: str = "") -> str:
    """Needs, covered weight and share, cleared and clarified today, unmet by reason,
    and coverage per street."""
    coverage = plan.objective.get("coverage")
    total_weight = sum(need.weight for need in problem.needs)
    kinds = {need.id: need.kind for need in problem.needs}
    cleared = sum(1 for n in plan.needs if n.covered and kinds[n.id] == "simple")
    clarified = sum(1 for n in plan.needs if n.covered and kinds[n.id] == "complex")
    unmet = plan.unmet_by_reason()
    title = f"sanhu plan{' for ' + source if source else ''}{' (' + str(problem.date) + ')' if problem.date else ''}"
    lines = [title, f"  status           {plan.status}  ({plan.stats.build_s + plan.stats.solve_s:.2f} s, "
                    f"{plan.stats.engine}, {plan.stats.components} part{'s' if plan.stats.components != 1 else ''})"]
    lines.append(f"  needs            {len(problem.needs)}")
    if coverage is not None:
        covered = coverage.value
        bound = f"bound {coverage.bound:g}, gap {100 * (coverage.gap or 0):.2f}%" if coverage.bound is not None else "no bound"
        lines.append(f"  covered weight   {covered:g} of {total_weight:g} ({_share(covered, total_weight)}); {bound}")
    lines.append(f"  cleared today    {cleared}")
    lines.append(f"  clarified today  {clarified}")
    lines.append(f"  unmet            {sum(unmet.values())}")
    for code in _REASON_ORDER:
        if unmet.get(code):
            lines.append(f"    {code:<19}{unmet[code]}")
    if "fairness" in plan.objective:
        lines.append(f"  fairness         {100 * plan.objective['fairness'].value:.2f}% "
                     "(smallest covered share of an area)")
    if "cost" in plan.objective:
        lines.append(f"  cost             {plan.objective['cost'].value:.2f}")
    if "balance" in plan.objective:
        lines.append(f"  balance          {100 * plan.objective['balance'].value:.2f}% "
                     "(largest use of a resource's capacity)")
    level = _street_level(problem)
    names = {area.id: area.name or area.id for area in problem.areas}
    rows = [
        [names[a.id], str(a.needs), str(a.covered), f"{a.weight:g}", f"{a.covered_weight:g}", _share(a.covered_weight, a.weight)]
        for a in plan.areas if a.level == level and a.needs
    ]
    if rows:
        lines += ["", f"coverage per {level}"]
        lines += table([level, "needs", "covered", "weight", "covered weight", "share"], rows)
    return "\n".join(lines)
