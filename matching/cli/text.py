"""Plans, explanations, advice and shortage reports as text for people at a terminal.

The solver and the analyses (``matching.analysis``) return typed models; these functions
only lay them out, so nothing below the command line depends on how a terminal shows them.
"""

from __future__ import annotations

from matching.cli.tables import table
from models import Advice, Explanation, Plan, Problem, ShortageReport

__all__ = ["format_plan", "format_explanation", "format_advice", "format_shortages"]

_REASON_ORDER = ("no_skill_in_reach", "no_time_overlap", "limit", "capacity_taken", "unproven", "infeasible")


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _street_level(problem: Problem) -> str:
    if "street" in problem.levels:
        return "street"
    return problem.levels[1] if len(problem.levels) > 1 else problem.levels[0]


def format_plan(problem: Problem, plan: Plan, *, source: str = "") -> str:
    """The table ``sanhu solve`` prints: needs, covered weight and share, cleared and clarified today, unmet by reason,
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


def format_explanation(explanation: Explanation) -> str:
    """The explanation as a few lines for a terminal."""
    head = f"{explanation.need} {explanation.title}: {explanation.outcome}"
    if explanation.reason is not None:
        head += f" ({explanation.reason.code})"
    lines = [head, *(f"  {statement}" for statement in explanation.statements)]
    if explanation.pool:
        lines.append("  could serve it: " + ", ".join(
            f"{view.name} {view.used:g}/{view.capacity:g} used, {view.tasks} tasks" for view in explanation.pool))
    if explanation.takers:
        lines.append("  taken by: " + ", ".join(
            f"{taker.need} (weight {taker.weight:g}) {taker.amount:g} of {taker.resource}"
            for taker in explanation.takers))
    return "\n".join(lines)


def format_advice(advice: Advice) -> str:
    """The advice as a table for people at a terminal, then each recommendation's sentence."""
    lines = [(f"sanhu recommendations: baseline coverage {advice.baseline_coverage:g} "
              f"({'proven' if advice.baseline_proven else 'not proven'}); {advice.tried} of "
              f"{advice.candidates} candidates re-solved in {advice.seconds:.1f} s")]
    if not advice.recommendations:
        return "\n".join([*lines, "  no addition re-solved covers more weight"])
    rows = [[str(i), f"add {r.skill} @ {r.name}" if r.kind == "add_resource" else f"{r.limit} of {r.name}", r.kind,
             f"+{r.amount:g} {r.unit_label}", f"{r.estimate:g}", f"{r.gain:g}", f"{r.gain_per_unit:.2f}",
             str(len(r.covers)), "yes" if r.proven else "no"] for i, r in enumerate(advice.recommendations, 1)]
    lines += table(["#", "change", "kind", "adds", "estimate", "gain", "gain/unit", "needs", "proven"], rows, 4)
    return "\n".join([*lines, "", *(f"  {i}. {r.detail}" for i, r in enumerate(advice.recommendations, 1))])


def format_shortages(report: ShortageReport) -> str:
    """Recurring shortages as a table for people at a terminal."""
    lines = [f"sanhu shortages over {report.days} day{'s' if report.days != 1 else ''}"]
    if not report.shortages:
        return "\n".join([*lines, "  no recurring shortage"])
    rows = [[s.skill, f"{s.area_name or s.area} ({s.area})", str(s.days), f"{s.unmet_weight:g}", str(s.needs)]
            for s in report.shortages]
    return "\n".join(lines + table(["skill", "area", "days", "unmet weight", "needs"], rows, 2))
