"""Plans, explanations, advice and shortage reports as text for people at a terminal.

The solver and the analyses (``matching.analysis``) return typed models; these functions
only lay them out, so nothing below the command line depends on how a terminal shows them.
Every word comes from ``models.messages`` in the language asked (``lang``; default
``SANHU_LANG``, else English). Sentences a result carries (a recommendation's ``detail``, an
explanation's statements) are printed as they were written, in the language of the call that made them.
"""

from __future__ import annotations

from matching.cli.tables import table, width
from models import Advice, Explanation, Plan, Problem, ShortageReport
from models.messages import columns, join, label, language, message

__all__ = ["format_plan", "format_explanation", "format_advice", "format_shortages"]

_REASON_ORDER = ("no_skill_in_reach", "no_time_overlap", "limit", "capacity_taken", "unproven", "infeasible")
_LABEL_WIDTH = 17
"""Columns of the summary's labels (``status``, ``covered weight``)."""


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _street_level(problem: Problem) -> str:
    if "street" in problem.levels:
        return "street"
    return problem.levels[1] if len(problem.levels) > 1 else problem.levels[0]


def _row(name: str, value: object, indent: int = 2, columns: int = _LABEL_WIDTH) -> str:
    """``  name   value``: the label padded to ``columns`` terminal columns (wide characters count two)."""
    return " " * indent + name + " " * max(columns - width(name), 1) + str(value)


def format_plan(problem: Problem, plan: Plan, *, source: str = "", lang: str | None = None) -> str:
    """The table ``sanhu solve`` prints: needs, covered weight and share, cleared and clarified today, unmet by reason,
    and coverage per street, in ``lang``."""
    lang = language(lang)
    coverage = plan.objective.get("coverage")
    total_weight = sum(need.weight for need in problem.needs)
    kinds = {need.id: need.kind for need in problem.needs}
    cleared = sum(1 for n in plan.needs if n.covered and kinds[n.id] == "simple")
    clarified = sum(1 for n in plan.needs if n.covered and kinds[n.id] == "complex")
    unmet = plan.unmet_by_reason()
    title = message("summary.title", lang, source=message("summary.source", lang, source=source) if source else "",
                    date=message("summary.date", lang, date=problem.date) if problem.date else "")
    status = message("summary.status", lang, status=label("status", plan.status, lang),
                     seconds=plan.stats.build_s + plan.stats.solve_s, engine=plan.stats.engine,
                     parts=plan.stats.components)
    lines = [title, _row(message("summary.label.status", lang), status),
             _row(message("summary.label.needs", lang), len(problem.needs))]
    if coverage is not None:
        bound = (message("summary.bound", lang, bound=coverage.bound, gap=100 * (coverage.gap or 0))
                 if coverage.bound is not None else message("summary.no_bound", lang))
        lines.append(_row(message("summary.label.covered", lang), message(
            "summary.covered", lang, covered=coverage.value, total=total_weight,
            share=_share(coverage.value, total_weight), bound=bound)))
    lines.append(_row(message("summary.label.cleared", lang), cleared))
    lines.append(_row(message("summary.label.clarified", lang), clarified))
    lines.append(_row(message("summary.label.unmet", lang), sum(unmet.values())))
    reasons = [(label("code", code, lang), unmet[code]) for code in _REASON_ORDER if unmet.get(code)]
    columns_used = max([19, *(width(name) + 2 for name, _ in reasons)])
    lines += [_row(name, count, indent=4, columns=columns_used) for name, count in reasons]
    if "fairness" in plan.objective:
        lines.append(_row(label("tier", "fairness", lang),
                          message("summary.fairness", lang, value=100 * plan.objective["fairness"].value)))
    if "cost" in plan.objective:
        lines.append(_row(label("tier", "cost", lang), f"{plan.objective['cost'].value:.2f}"))
    if "balance" in plan.objective:
        lines.append(_row(label("tier", "balance", lang),
                          message("summary.balance", lang, value=100 * plan.objective["balance"].value)))
    level = _street_level(problem)
    names = {area.id: area.name or area.id for area in problem.areas}
    rows = [
        [names[a.id], str(a.needs), str(a.covered), f"{a.weight:g}", f"{a.covered_weight:g}", _share(a.covered_weight, a.weight)]
        for a in plan.areas if a.level == level and a.needs
    ]
    if rows:
        level_name = label("level", level, lang)
        lines += ["", message("summary.per_level", lang, level=level_name)]
        lines += table([level_name, *columns("summary.columns", lang)], rows)
    return "\n".join(lines)


def format_explanation(explanation: Explanation, *, lang: str | None = None) -> str:
    """The explanation as a few lines for a terminal, its labels in ``lang``."""
    lang = language(lang)
    reason = explanation.reason
    lines = [message("explain.head", lang, need=explanation.need, title=explanation.title,
                     outcome=label("outcome", explanation.outcome, lang),
                     reason=message("explain.head_reason", lang, reason=label("code", reason.code, lang))
                     if reason is not None else "")]
    lines += [f"  {statement}" for statement in explanation.statements]
    if explanation.pool:
        lines.append("  " + message("explain.pool", lang, items=join([
            message("explain.pool_item", lang, name=view.name, used=view.used, capacity=view.capacity,
                    tasks=view.tasks) for view in explanation.pool], lang)))
    if explanation.takers:
        lines.append("  " + message("explain.takers", lang, items=join([
            message("explain.taker", lang, need=taker.need, weight=taker.weight, amount=taker.amount,
                    resource=taker.resource) for taker in explanation.takers], lang)))
    return "\n".join(lines)


def format_advice(advice: Advice, *, lang: str | None = None) -> str:
    """The advice as a table for people at a terminal, then each recommendation's sentence."""
    lang = language(lang)
    lines = [message("advice.title", lang, coverage=advice.baseline_coverage,
                     proven=message("advice.proven" if advice.baseline_proven else "advice.unproven", lang),
                     tried=advice.tried, candidates=advice.candidates, seconds=advice.seconds)]
    if not advice.recommendations:
        return "\n".join([*lines, "  " + message("advice.none", lang)])
    rows = [[str(i),
             message("advice.add", lang, skill=r.skill, name=r.name) if r.kind == "add_resource"
             else message("advice.raise", lang, limit=label("field", r.limit, lang), name=r.name),
             label("kind", r.kind, lang),
             message("advice.adds", lang, amount=r.amount, unit=message(f"unit.{r.unit_label}", lang, n=r.amount)),
             f"{r.estimate:g}", f"{r.gain:g}", f"{r.gain_per_unit:.2f}", str(len(r.covers)),
             message("advice.yes" if r.proven else "advice.no", lang)] for i, r in enumerate(advice.recommendations, 1)]
    lines += table(columns("advice.columns", lang), rows, 4)
    return "\n".join([*lines, "", *(f"  {i}. {r.detail}" for i, r in enumerate(advice.recommendations, 1))])


def format_shortages(report: ShortageReport, *, lang: str | None = None) -> str:
    """Recurring shortages as a table for people at a terminal."""
    lang = language(lang)
    lines = [message("shortages.title", lang, days=report.days)]
    if not report.shortages:
        return "\n".join([*lines, "  " + message("shortages.none", lang)])
    rows = [[s.skill, message("shortages.area", lang, name=s.area_name or s.area, id=s.area), str(s.days),
             f"{s.unmet_weight:g}", str(s.needs)] for s in report.shortages]
    return "\n".join(lines + table(columns("shortages.columns", lang), rows, 2))
