"""The report: one self-contained HTML page of a day's plan, in Chinese or English.

``report_html(problem, plan, advice=None, lang="zh")`` returns the page: the headline numbers
(covered share, cleared today, clarified today, unmet by reason), coverage by street and by
community (tables and charts), a map of the needs by ``xy``, the unmet needs with their reasons,
resource and unit utilisation, and, given ``sanhu recommend``'s advice, its recommendations.

Everything is counted from the day and the plan (``matching.report.numbers``); nothing is solved
again. Every text from the day, the plan or the advice is escaped (``html.escape``); the charts
are inline SVG (``matching.report.charts``) and the style sheet is in the page, so it refers to
nothing outside itself and opens offline. Headline numbers carry their exact value for programs
(``data-number="covered_share" data-value="0.796610"``), rows of the tables the id they show
(``data-area``, ``data-need`` with ``data-reason``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from matching.report import charts
from matching.report.labels import LANGUAGES, label
from matching.report.numbers import (REASON_ORDER, Headline, ancestor_at, area_rows, headline, kind_use, level_below,
                                     need_places, unit_use, unmet_needs)
from models import Advice, InvalidProblem, Issue, Plan, Problem, verify_plan

__all__ = ["report_html", "advice_issues", "MAX_UNMET_ROWS"]

MAX_UNMET_ROWS = 1_000
"""The most unmet needs listed (by reason, then weight); the page says how many there are in all."""
_STYLE = """
:root{--ink:#1d2733;--muted:#5b6673;--line:#dde2e8;--band:#f5f7fa;--accent:#2e9e5b}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 "Noto Sans CJK SC","Source Han Sans SC",
"PingFang SC","Microsoft YaHei","Hiragino Sans GB","WenQuanYi Zen Hei",system-ui,sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 10px;padding-bottom:4px;
border-bottom:2px solid var(--line)}h3{font-size:16px;margin:20px 0 8px}
.meta{color:var(--muted);margin:0}.note{color:var(--muted);font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px}
.card{background:var(--band);border-radius:8px;padding:12px 14px}
.card .value{font-size:30px;font-weight:700;line-height:1.2}.card .label{font-weight:600}
.card ul{list-style:none;margin:4px 0 0;padding:0;font-size:14px}
.card li{display:flex;justify-content:space-between;gap:8px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap}
td.wrap{white-space:normal;min-width:12em}.table{overflow-x:auto}
th{background:var(--band);position:sticky;top:0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.scroll{max-height:34em;overflow:auto;border:1px solid var(--line);border-radius:6px}
figure{margin:12px 0}svg.chart{width:100%;height:auto;display:block;overflow:visible}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media print{.scroll{max-height:none;overflow:visible;border:0}th{position:static}}
"""
_SCROLL_ROWS = 25


class _Html(str):
    """Text that is already HTML (a cell with markup): written as it is."""


def _cell(value: str | _Html, css: str) -> str:
    text = value if isinstance(value, _Html) else escape(value)
    return f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>"


def _table(header: Sequence[str], rows: Sequence[tuple[dict[str, str], Sequence[str | _Html]]],
           numeric: Sequence[int] = (), wrap: Sequence[int] = ()) -> str:
    """A table; each row is (its data attributes, its cells). Columns ``numeric`` are set flush right, columns
    ``wrap`` (sentences) may wrap; long tables scroll on screen (not in print)."""
    css = ["n" if i in numeric else "wrap" if i in wrap else "" for i in range(len(header))]
    head = "".join(f'<th class="{kind}">{escape(text)}</th>' if kind else f"<th>{escape(text)}</th>"
                   for kind, text in zip(css, header))
    body = "".join(
        "<tr" + "".join(f' data-{key}="{escape(value)}"' for key, value in attributes.items()) + ">"
        + "".join(_cell(value, kind) for kind, value in zip(css, cells)) + "</tr>"
        for attributes, cells in rows)
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="{"scroll" if len(rows) > _SCROLL_ROWS else "table"}">{table}</div>'


def _amount(value: float) -> str:
    """An amount as people read it: ``1,234``, ``2.5``, ``0.75``."""
    return f"{round(value):,}" if abs(value - round(value)) < 0.005 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _swatch(colour: str) -> _Html:
    return _Html(f'<span class="swatch" style="background:{colour}"></span>')


def report_html(problem: Problem, plan: Plan, *, advice: Advice | None = None, lang: str = "zh",
                source: str | None = None) -> str:
    """The report page of ``plan`` for ``problem``, labelled in ``lang`` (``"zh"`` or ``"en"``).

    Parameters
    ----------
    problem, plan
        The day and its plan (``sanhu solve --out``); the plan is checked against the day first.
    advice
        Recommendations for this day (``sanhu recommend DAY --plan PLAN --out``), shown when given.
    source
        The day file's name, written under the title.

    Raises
    ------
    InvalidProblem
        When the plan is not a plan of the day (``models.verify_plan``), or the advice names a resource,
        unit or area the day does not have.
    MissingExtra
        When matplotlib (the ``report`` extra) is not installed.
    ValueError
        For a language other than those of ``matching.report.labels.LANGUAGES``.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    charts.require_matplotlib()
    verify_plan(problem, plan)
    if advice is not None and (issues := advice_issues(problem, advice)):
        raise InvalidProblem(issues, subject="the advice (is it advice for this day?)")

    def say(key: str) -> str:
        return label(key, lang)

    numbers = headline(problem, plan)
    sections = [_header(problem, plan, numbers, source, say), _headline(numbers, say), _coverage(problem, plan, say),
                _map(problem, plan, say), _unmet(problem, plan, say), _use(problem, plan, say)]
    if advice is not None:
        sections.append(_advice(problem, plan, advice, say))
    from matching.solve import version

    title = f"{say('page.title')} · {_root_name(problem)}" + (f" · {problem.date}" if problem.date else "")
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n<body><main>\n"
            + "\n".join(sections)
            + f"\n<footer>{escape(say('page.made_by').format(version=version()))}</footer>\n</main></body></html>\n")


def advice_issues(problem: Problem, advice: Advice) -> list[Issue]:
    """Every recommendation naming a resource, unit or area the day does not have, with its path in the advice."""
    issues = []
    for position, recommendation in enumerate(advice.recommendations):
        for field, known in (("resource", problem.resource_index), ("unit", problem.unit_by_id),
                             ("area", problem.area_by_id)):
            value = getattr(recommendation, field)
            if value is not None and value not in known:
                issues.append(Issue(f"recommendations[{position}].{field}", f"unknown {field} {value!r}"))
    return issues


def _root_name(problem: Problem) -> str:
    root = next(area for area in problem.areas if area.parent is None)
    return root.name or root.id


def _header(problem: Problem, plan: Plan, numbers: Headline, source: str | None, say) -> str:
    coverage = plan.objective.get("coverage")
    status = say(f"status.{plan.status}")
    if coverage is not None and coverage.bound is not None:
        gap = f"{100 * (coverage.gap or 0):.2f}%"
        status += "; " + say("page.bound").format(bound=_amount(coverage.bound), gap=gap)
    elif coverage is not None:
        status += "; " + say("page.no_bound")
    facts = [(say("page.date"), str(problem.date) if problem.date else "-"), (say("page.status"), status),
             (say("page.solver"), f"{plan.stats.build_s + plan.stats.solve_s:.2f} s, {plan.stats.engine}")]
    if source:
        facts.insert(1, (say("page.source"), source))
    lines = "".join(f'<p class="meta">{escape(name)}: {escape(value)}</p>' for name, value in facts)
    core = ""
    if plan.core is not None:
        core = f'<p><strong>{escape(say("page.infeasible"))}</strong>: {escape(plan.core.detail)}</p>'
    return f"<header><h1>{escape(say('page.title'))} · {escape(_root_name(problem))}</h1>{lines}{core}</header>"


def _figure(name: str, value: float, shown: str) -> str:
    return f'<div class="value" data-number="{name}" data-value="{value:.6f}">{escape(shown)}</div>'


def _headline(numbers: Headline, say) -> str:
    """The four cards: covered share, cleared today, clarified today, unmet by reason."""
    covered_note = (say("head.covered_weight").format(covered=_amount(numbers.covered_weight),
                                                      total=_amount(numbers.weight))
                    + f' · {say("head.needs_covered")} {numbers.covered:,} / {numbers.needs:,}')
    reasons = "".join(
        f'<li><span>{_swatch(charts.REASON_COLOURS[code])}{escape(say(f"reason.{code}"))}</span>'
        f'<span data-number="unmet.{code}" data-value="{numbers.unmet[code]}">{numbers.unmet[code]:,}</span></li>'
        for code in REASON_ORDER if code in numbers.unmet)
    cards = [
        (say("head.covered_share"), _figure("covered_share", numbers.covered_share, _share(numbers.covered_weight,
                                                                                            numbers.weight)),
         f'<div class="note" data-number="covered" data-value="{numbers.covered}">{escape(covered_note)}</div>'),
        (say("head.cleared"), _figure("cleared", numbers.cleared, f"{numbers.cleared:,}"),
         f'<div class="note">{escape(say("head.cleared_note"))}</div>'),
        (say("head.clarified"), _figure("clarified", numbers.clarified, f"{numbers.clarified:,}"),
         f'<div class="note">{escape(say("head.clarified_note"))}</div>'),
        (say("head.unmet"), _figure("unmet", numbers.unmet_total, f"{numbers.unmet_total:,}"),
         f'<div class="note">{escape(say("head.unmet_note"))}</div><ul>{reasons}</ul>'),
    ]
    body = "".join(f'<div class="card"><div class="label">{escape(title)}</div>{value}{note}</div>'
                   for title, value, note in cards)
    return f'<section id="headline"><h2>{escape(say("head.title"))}</h2><div class="cards">{body}</div></section>'


def _area_cells(area, names: dict[str, str]) -> list[str]:
    return [names[area.id], f"{area.needs:,}", f"{area.covered:,}", _amount(area.weight), _amount(area.covered_weight),
            _share(area.covered_weight, area.weight)]


def _coverage(problem: Problem, plan: Plan, say) -> str:
    """Coverage by street (chart and table) and by community (strip chart and table)."""
    street = level_below(problem, "street", 1)
    community = level_below(problem, "community", 2)
    street_name, community_name = say(f"level.{street}"), say(f"level.{community}")
    names = {area.id: area.name or area.id for area in problem.areas}
    streets = area_rows(plan, street)
    shown = sorted(streets, key=lambda a: a.covered_weight / a.weight if a.weight else 1)[:charts.MAX_ROWS]
    shown = [area for area in streets if area in shown]
    header = [street_name, say("col.needs"), say("col.covered"), say("col.weight"), say("col.covered_weight"),
              say("col.share")]
    parts = [f'<section id="coverage"><h2>{escape(say("cover.title").format(level=street_name))}</h2>']
    if streets:
        parts.append("<figure>" + charts.coverage_chart([names[a.id] for a in shown], [a.weight for a in shown],
                                                        [a.covered_weight for a in shown], say, street_name)
                     + "</figure>")
        parts.append(_table(header, [({"area": a.id}, _area_cells(a, names)) for a in streets], range(1, 6)))
    communities = area_rows(plan, community) if community != street else []
    if communities:
        parent = ancestor_at(problem, street)
        rows = {area.id: row for row, area in enumerate(shown)}
        points = [(rows[parent[a.id]], a.covered_weight / a.weight if a.weight else 1.0, a.weight)
                  for a in communities if parent.get(a.id) in rows]
        parts.append(f'<h3>{escape(say("cover.title").format(level=community_name))}</h3>')
        parts.append("<figure>" + charts.share_strip([names[a.id] for a in shown], points, say, community_name,
                                                     street_name) + "</figure>")
        community_rows = [({"area": a.id}, [names[a.id], names.get(parent.get(a.id) or "", "-"),
                                            *_area_cells(a, names)[1:]]) for a in communities]
        parts.append(_table([community_name, street_name, *header[1:]], community_rows, range(2, 7)))
    return "".join(parts) + "</section>"


def _map(problem: Problem, plan: Plan, say) -> str:
    """The needs on the map: covered, or unmet coloured by reason."""
    places = need_places(problem)
    outcome = {entry.id: entry for entry in plan.needs}
    placed = [(places[need.id], outcome[need.id]) for need in problem.needs if places[need.id] is not None]
    head = f'<section id="map"><h2>{escape(say("map.title"))}</h2>'
    if not placed:
        return head + f'<p class="note">{escape(say("map.no_xy"))}</p></section>'
    codes = [None if entry.covered else (entry.reason.code if entry.reason else "unproven") for _, entry in placed]
    chart = charts.need_map([place for place, _ in placed], codes, _map_names(problem, plan, places), say)
    caption = f'<figcaption class="note">{escape(say("map.caption"))}</figcaption>'
    return head + f"<figure>{chart}{caption}</figure></section>"


def _map_names(problem: Problem, plan: Plan, places) -> list[tuple[str, float, float]]:
    """Names written on the map: the streets', or the communities' when fewer than two streets are placed."""
    for wanted, depth in (("street", 1), ("community", 2)):
        level = level_below(problem, wanted, depth)
        with_needs = {area.id for area in area_rows(plan, level)}
        named = [(area.name or area.id, *area.xy) for area in problem.areas
                 if area.level == level and area.xy is not None and area.id in with_needs]
        if 2 <= len(named) <= charts.MAX_ROWS:
            return named
    return []


def _unmet(problem: Problem, plan: Plan, say) -> str:
    """The unmet needs, each with its reason's short name and sentence."""
    unmet = unmet_needs(problem, plan)
    head = f'<section id="unmet"><h2>{escape(say("unmet.title"))}</h2>'
    if not unmet:
        return head + f'<p class="note">{escape(say("unmet.none"))}</p></section>'
    community = level_below(problem, "community", 2)
    street = level_below(problem, "street", 1)
    in_community, in_street = ancestor_at(problem, community), ancestor_at(problem, street)
    names = {area.id: area.name or area.id for area in problem.areas}
    rows = []
    for entry in unmet[:MAX_UNMET_ROWS]:
        need = problem.needs[problem.need_index[entry.id]]
        code = entry.reason.code if entry.reason else "unproven"
        place = in_community.get(need.area) or need.area
        rows.append(({"need": need.id, "reason": code}, [
            need.id, need.title or need.id, names[place], names.get(in_street.get(need.area) or "", "-"),
            say(f"need.{need.kind}") + (f" · {say('col.required')}" if need.required else ""), _amount(need.weight),
            _Html(_swatch(charts.REASON_COLOURS.get(code, "#777")) + escape(say(f"reason.{code}"))),
            entry.reason.detail if entry.reason else ""]))
    note = ""
    if len(unmet) > MAX_UNMET_ROWS:
        shown = say("page.shown").format(shown=f"{MAX_UNMET_ROWS:,}", total=f"{len(unmet):,}")
        note = f'<p class="note">{escape(shown)}</p>'
    header = [say("col.id"), say("col.title"), say(f"level.{community}"), say(f"level.{street}"), say("col.kind"),
              say("col.weight"), say("col.reason"), say("col.detail")]
    return head + note + _table(header, rows, (5,), (1, 7)) + "</section>"


def _use(problem: Problem, plan: Plan, say) -> str:
    """Resources by kind (chart and table) and resident units against their caps (table)."""
    kinds = kind_use(problem, plan)
    names = [say(f"kind.{row.kind}") + ("" if row.measure == "hours" else f" ({say(f'measure.{row.measure}')})")
             for row in kinds]
    usage = {entry.id: entry for entry in plan.resources}
    shares = [usage[resource.id].used / resource.capacity if resource.id in usage else 0.0
              for resource in problem.resources]
    chart = charts.use_chart([(name, row.used, row.capacity) for name, row in zip(names, kinds)], shares, say)
    header = [say("col.kind"), say("col.resources"), say("col.in_use"), say("col.full"), say("col.used"),
              say("col.capacity"), say("col.measure"), say("col.used_share")]
    rows = [({"kind": row.kind}, [name, f"{row.resources:,}", f"{row.in_use:,}", f"{row.full:,}", _amount(row.used),
                                  _amount(row.capacity), say(f"measure.{row.measure}"), _share(row.used, row.capacity)])
            for name, row in zip(names, kinds)]
    parts = [f'<section id="utilisation"><h2>{escape(say("use.title"))}</h2><figure>{chart}</figure>',
             _table(header, rows, range(1, 6)), f'<h3>{escape(say("use.units_title"))}</h3>']
    units = unit_use(problem, plan)
    if not units:
        parts.append(f'<p class="note">{escape(say("use.no_units"))}</p>')
    else:
        unit_rows = [({"unit": unit.id}, [
            unit.name, f"{unit.resources:,}",
            f"{_amount(unit.used)} / {_amount(unit.daily_cap)}" if unit.daily_cap is not None else _amount(unit.used),
            f"{unit.members:,} / {unit.max_members:,}" if unit.max_members is not None else f"{unit.members:,}"])
            for unit in units]
        parts.append(_table([say("col.name"), say("col.resources"), say("col.daily_cap"), say("col.members")],
                            unit_rows, (1, 2, 3)))
    return "".join(parts) + "</section>"


def _advice(problem: Problem, plan: Plan, advice: Advice, say) -> str:
    """The recommendations as ``sanhu recommend`` confirmed them, best gain first."""
    summary = say("advice.summary").format(candidates=f"{advice.candidates:,}", tried=f"{advice.tried:,}",
                                           seconds=f"{advice.seconds:.1f}")
    parts = [f'<section id="advice"><h2>{escape(say("advice.title"))}</h2>', f'<p class="note">{escape(summary)}</p>']
    coverage = plan.objective.get("coverage")
    if coverage is not None and abs(coverage.value - advice.baseline_coverage) > 0.005:
        other = say("advice.baseline").format(advice=_amount(advice.baseline_coverage), plan=_amount(coverage.value))
        parts.append(f'<p class="note">{escape(other)}</p>')
    if not advice.recommendations:
        return "".join(parts) + f'<p>{escape(say("advice.none"))}</p></section>'
    names = {area.id: area.name or area.id for area in problem.areas}
    rows = []
    for rank, item in enumerate(advice.recommendations, 1):
        if item.kind == "add_resource":
            change = say("advice.add").format(skill=item.skill or "", area=names.get(item.area or "", item.name))
        else:
            change = f"{item.name or item.resource or item.unit}: {say(f'limit.{item.limit}')}"
        rows.append(({"kind": item.kind}, [
            str(rank), change, say(f"advice.{item.kind}"),
            f"+{_amount(item.amount)} {say(f'amount.{item.unit_label}')}",
            f"+{_amount(item.gain)}", f"{len(item.covers):,}", say("yes" if item.proven else "no"), item.detail]))
    header = [say("col.rank"), say("col.change"), say("col.kind"), say("col.adds"), say("col.gain"), say("col.needs"),
              say("col.proven"), say("col.detail")]
    return "".join(parts) + _table(header, rows, (0, 4, 5), (1, 7)) + "</section>"
