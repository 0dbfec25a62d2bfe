"""Plans and explanations as small HTML tables, for notebooks (``_repr_html_``).

What a plan knows on its own is shown: its status, the covered weight with the proven bound and
gap, the needs covered (cleared today, clarified today), the unmet ones by reason code, the other
tiers' values, and the coverage per street when its areas have the level ``street`` (names of
areas, needs and resources belong to the day, which a plan does not hold: ids are shown). Every
text is escaped (``html.escape``); nothing refers to anything outside the page.

Plans and explanations are typed here by their base class, ``Output``: their own ``_repr_html_``
calls this module, which therefore imports neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from models.base import Output

__all__ = ["plan_html", "explanation_html", "STREET_LEVEL"]

STREET_LEVEL = "street"
"""The level whose areas' coverage a plan shows (as ``sanhu solve`` does for the default levels)."""
REASON_ORDER = ("no_skill_in_reach", "no_time_overlap", "limit", "capacity_taken", "unproven", "infeasible")
_RIGHT = ' style="text-align:right"'


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _headline(caption: str, rows: Sequence[tuple[str, str]], css: str) -> str:
    """A two-column table: a header cell and a value cell per row."""
    body = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in rows)
    return f'<table class="{css}"><caption>{escape(caption)}</caption>{body}</table>'


def _grid(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> str:
    """A table with a header row; the first column flush left, the others right."""
    head = "".join(f"<th{_RIGHT if i else ''}>{escape(text)}</th>" for i, text in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{_RIGHT if i else ''}>{escape(text)}</td>" for i, text in enumerate(row))
                   + "</tr>" for row in rows)
    return (f'<table class="{css}"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def plan_html(plan: Output) -> str:
    """A :class:`models.Plan`'s headline numbers and coverage per street, as HTML."""
    covered = [need for need in plan.needs if need.covered]
    cleared = sum(1 for need in covered if need.outcome == "cleared_today")
    rows = [("status", plan.status)]
    coverage = plan.objective.get("coverage")
    if coverage is not None:
        proof = (f"bound {coverage.bound:g}, gap {100 * (coverage.gap or 0):.2f}%" if coverage.bound is not None
                 else "no bound")
        rows.append(("covered weight", f"{coverage.value:g} ({proof})"))
    rows.append(("needs covered", f"{len(covered)} of {len(plan.needs)} "
                                  f"({cleared} cleared today, {len(covered) - cleared} clarified today)"))
    unmet = plan.unmet_by_reason()
    rows.append(("unmet", str(sum(unmet.values()))))
    rows += [(f"unmet: {code}", str(unmet[code])) for code in REASON_ORDER if unmet.get(code)]
    for tier, result in plan.objective.items():
        if tier != "coverage":
            rows.append((tier, f"{result.value:g}" + ("" if result.proven else " (not proven)")))
    if plan.core is not None:
        rows.append(("infeasible", plan.core.detail))
    rows.append(("solved", f"{plan.stats.build_s + plan.stats.solve_s:.2f} s, {plan.stats.engine}, "
                           f"{plan.stats.components} part{'s' if plan.stats.components != 1 else ''}"))
    parts = [_headline("sanhu plan", rows, "sanhu-plan")]
    streets = [area for area in plan.areas if area.level == STREET_LEVEL and area.needs]
    if streets:
        parts.append(_grid(f"coverage per {STREET_LEVEL}",
                           [STREET_LEVEL, "needs", "covered", "weight", "covered weight", "share"],
                           [[area.id, str(area.needs), str(area.covered), f"{area.weight:g}",
                             f"{area.covered_weight:g}", _share(area.covered_weight, area.weight)]
                            for area in streets], "sanhu-areas"))
    return f'<div class="sanhu">{"".join(parts)}</div>'


def explanation_html(explanation: Output) -> str:
    """A :class:`models.Explanation` as HTML: the need, its outcome and reason, the sentences, what serves it."""
    rows = [("need", f"{explanation.need} {explanation.title}".strip()), ("outcome", explanation.outcome)]
    if explanation.reason is not None:
        rows.append(("reason", explanation.reason.code))
    if explanation.tradeoff is not None:
        tradeoff = explanation.tradeoff
        rows.append(("covering it instead", f"gains {tradeoff.weight_gained:g}, gives up {tradeoff.weight_lost:g} "
                                            f"(net {tradeoff.net:g})"))
    parts = [_headline("sanhu explanation", rows, "sanhu-explanation")]
    if explanation.statements:
        parts.append("<ul>" + "".join(f"<li>{escape(statement)}</li>" for statement in explanation.statements)
                     + "</ul>")
    if explanation.served_by:
        parts.append(_grid("served by", ["resource", "requirement", "amount", "cost"],
                           [[served.resource, str(served.requirement), f"{served.amount:g}", f"{served.cost:g}"]
                            for served in explanation.served_by], "sanhu-served"))
    return f'<div class="sanhu">{"".join(parts)}</div>'
