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

Every word of the page is an entry of the message catalogue, ``models.messages``: the page's own headings
and columns (``report.*``), and the words for reason codes, statuses, levels, limits and units that the
terminal summary and advice table use too. The sentences about one need (``reason.detail``) and one
recommendation are the plan's and the advice's own, in the language they were made in: a plan solved with
``lang="zh"`` shows Chinese sentences on a page of either language.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from matching.report import charts
from matching.report.numbers import (REASON_ORDER, Headline, ancestor_at, area_rows, headline, kind_use, level_below,
                                     need_places, unit_use, unmet_needs)
from models import Advice, InvalidProblem, Issue, Plan, Problem, verify_plan
from models.messages import columns, label, language, message

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
h2::first-letter,h3::first-letter,.card .label::first-letter{text-transform:uppercase}
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
    """The report page of ``plan`` for ``problem``, labelled in ``lang`` (one of ``models.messages.LANGUAGES``).

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
    models.messages.UnknownLanguage
        For a language sanhu does not write (a ``ValueError``).
    """
    lang = language(lang)
    charts.require_matplotlib()
    verify_plan(problem, plan)
    if advice is not None and (issues := advice_issues(problem, advice)):
        raise InvalidProblem(issues, subject="the advice (is it advice for this day?)")
    numbers = headline(problem, plan)
    sections = [_header(problem, plan, source, lang), _headline(numbers, lang), _coverage(problem, plan, lang),
                _map(problem, plan, lang), _unmet(problem, plan, lang), _use(problem, plan, lang)]
    if advice is not None:
        sections.append(_advice(problem, plan, advice, lang))
    from matching.solve import version

    title = f"{message('report.page.title', lang)} · {_root_name(problem)}" + (
        f" · {problem.date}" if problem.date else "")
    footer = message("report.page.made_by", lang, version=version())
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n<body><main>\n"
            + "\n".join(sections)
            + f"\n<footer>{escape(footer)}</footer>\n</main></body></html>\n")


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


def _header(problem: Problem, plan: Plan, source: str | None, lang: str) -> str:
    coverage = plan.objective.get("coverage")
    status = label("status", plan.status, lang)
    if coverage is not None and coverage.bound is not None:
        status += "; " + message("summary.bound", lang, bound=coverage.bound, gap=100 * (coverage.gap or 0))
    elif coverage is not None:
        status += "; " + message("summary.no_bound", lang)
    facts = [(message("report.page.date", lang), str(problem.date) if problem.date else "-"),
             (message("report.page.status", lang), status),
             (message("report.page.solver", lang),
              f"{plan.stats.build_s + plan.stats.solve_s:.2f} s, {plan.stats.engine}")]
    if source:
        facts.insert(1, (message("report.page.source", lang), source))
    lines = "".join(f'<p class="meta">{escape(name)}: {escape(value)}</p>' for name, value in facts)
    core = ""
    if plan.core is not None:
        core = f'<p><strong>{escape(message("report.page.infeasible", lang))}</strong>: {escape(plan.core.detail)}</p>'
    title = message("report.page.title", lang)
    return f"<header><h1>{escape(title)} · {escape(_root_name(problem))}</h1>{lines}{core}</header>"


def _figure(name: str, value: float, shown: str) -> str:
    return f'<div class="value" data-number="{name}" data-value="{value:.6f}">{escape(shown)}</div>'


def _headline(numbers: Headline, lang: str) -> str:
    """The four cards: covered share, cleared today, clarified today, unmet by reason."""
    covered_note = (message("report.head.covered_weight", lang, covered=_amount(numbers.covered_weight),
                            total=_amount(numbers.weight))
                    + f' · {message("report.head.needs_covered", lang)} {numbers.covered:,} / {numbers.needs:,}')
    reasons = "".join(
        f'<li><span>{_swatch(charts.REASON_COLOURS[code])}{escape(label("code", code, lang))}</span>'
        f'<span data-number="unmet.{code}" data-value="{numbers.unmet[code]}">{numbers.unmet[code]:,}</span></li>'
        for code in REASON_ORDER if code in numbers.unmet)
    cards = [
        (message("report.head.covered_share", lang),
         _figure("covered_share", numbers.covered_share, _share(numbers.covered_weight, numbers.weight)),
         f'<div class="note" data-number="covered" data-value="{numbers.covered}">{escape(covered_note)}</div>'),
        (message("summary.label.cleared", lang), _figure("cleared", numbers.cleared, f"{numbers.cleared:,}"),
         f'<div class="note">{escape(message("report.head.cleared_note", lang))}</div>'),
        (message("summary.label.clarified", lang), _figure("clarified", numbers.clarified, f"{numbers.clarified:,}"),
         f'<div class="note">{escape(message("report.head.clarified_note", lang))}</div>'),
        (message("summary.label.unmet", lang), _figure("unmet", numbers.unmet_total, f"{numbers.unmet_total:,}"),
         f'<div class="note">{escape(message("report.head.unmet_note", lang))}</div><ul>{reasons}</ul>'),
    ]
    body = "".join(f'<div class="card"><div class="label">{escape(title)}</div>{value}{note}</div>'
                   for title, value, note in cards)
    head = escape(message("report.head.title", lang))
    return f'<section id="headline"><h2>{head}</h2><div class="cards">{body}</div></section>'


def _area_cells(area, names: dict[str, str]) -> list[str]:
    return [names[area.id], f"{area.needs:,}", f"{area.covered:,}", _amount(area.weight), _amount(area.covered_weight),
            _share(area.covered_weight, area.weight)]


def _coverage(problem: Problem, plan: Plan, lang: str) -> str:
    """Coverage by street (chart and table) and by community (strip chart and table)."""
    street = level_below(problem, "street", 1)
    community = level_below(problem, "community", 2)
    street_name, community_name = label("level", street, lang), label("level", community, lang)
    names = {area.id: area.name or area.id for area in problem.areas}
    streets = area_rows(plan, street)
    shown = sorted(streets, key=lambda a: a.covered_weight / a.weight if a.weight else 1)[:charts.MAX_ROWS]
    shown = [area for area in streets if area in shown]
    header = [street_name, *columns("summary.columns", lang)]
    parts = [f'<section id="coverage"><h2>{escape(message("summary.per_level", lang, level=street_name))}</h2>']
    if streets:
        parts.append("<figure>" + charts.coverage_chart([names[a.id] for a in shown], [a.weight for a in shown],
                                                        [a.covered_weight for a in shown], lang, street_name)
                     + "</figure>")
        parts.append(_table(header, [({"area": a.id}, _area_cells(a, names)) for a in streets], range(1, 6)))
    communities = area_rows(plan, community) if community != street else []
    if communities:
        parent = ancestor_at(problem, street)
        rows = {area.id: row for row, area in enumerate(shown)}
        points = [(rows[parent[a.id]], a.covered_weight / a.weight if a.weight else 1.0, a.weight)
                  for a in communities if parent.get(a.id) in rows]
        parts.append(f'<h3>{escape(message("summary.per_level", lang, level=community_name))}</h3>')
        parts.append("<figure>" + charts.share_strip([names[a.id] for a in shown], points, lang, community_name,
                                                     street_name) + "</figure>")
        community_rows = [({"area": a.id}, [names[a.id], names.get(parent.get(a.id) or "", "-"),
                                            *_area_cells(a, names)[1:]]) for a in communities]
        parts.append(_table([community_name, street_name, *header[1:]], community_rows, range(2, 7)))
    return "".join(parts) + "</section>"


def _map(problem: Problem, plan: Plan, lang: str) -> str:
    """The needs on the map: covered, or unmet coloured by reason."""
    places = need_places(problem)
    outcome = {entry.id: entry for entry in plan.needs}
    placed = [(places[need.id], outcome[need.id]) for need in problem.needs if places[need.id] is not None]
    head = f'<section id="map"><h2>{escape(message("report.map.title", lang))}</h2>'
    if not placed:
        return head + f'<p class="note">{escape(message("report.map.no_xy", lang))}</p></section>'
    codes = [None if entry.covered else (entry.reason.code if entry.reason else "unproven") for _, entry in placed]
    chart = charts.need_map([place for place, _ in placed], codes, _map_names(problem, plan, places), lang)
    caption = f'<figcaption class="note">{escape(message("report.map.caption", lang))}</figcaption>'
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


def _unmet(problem: Problem, plan: Plan, lang: str) -> str:
    """The unmet needs, each with its reason's short name and the plan's sentence for it (``reason.detail``)."""
    unmet = unmet_needs(problem, plan)
    head = f'<section id="unmet"><h2>{escape(message("report.unmet.title", lang))}</h2>'
    if not unmet:
        return head + f'<p class="note">{escape(message("report.unmet.none", lang))}</p></section>'
    community = level_below(problem, "community", 2)
    street = level_below(problem, "street", 1)
    in_community, in_street = ancestor_at(problem, community), ancestor_at(problem, street)
    names = {area.id: area.name or area.id for area in problem.areas}
    rows = []
    for entry in unmet[:MAX_UNMET_ROWS]:
        need = problem.needs[problem.need_index[entry.id]]
        code = entry.reason.code if entry.reason else "unproven"
        place = in_community.get(need.area) or need.area
        kind = label("report.need", need.kind, lang)
        rows.append(({"need": need.id, "reason": code}, [
            need.id, need.title or need.id, names[place], names.get(in_street.get(need.area) or "", "-"),
            message("reason.required", lang, title=kind) if need.required else kind, _amount(need.weight),
            _Html(_swatch(charts.REASON_COLOURS.get(code, "#777")) + escape(label("code", code, lang))),
            entry.reason.detail if entry.reason else ""]))
    note = ""
    if len(unmet) > MAX_UNMET_ROWS:
        shown = message("report.page.shown", lang, shown=f"{MAX_UNMET_ROWS:,}", total=f"{len(unmet):,}")
        note = f'<p class="note">{escape(shown)}</p>'
    header = [message("report.col.id", lang), message("report.col.title", lang), label("level", community, lang),
              label("level", street, lang), message("report.col.kind", lang), message("report.col.weight", lang),
              message("report.col.reason", lang), message("report.col.detail", lang)]
    return head + note + _table(header, rows, (5,), (1, 7)) + "</section>"


def _measure(measure: str, lang: str) -> str:
    """The unit a resource of ``measure`` is counted in: the catalogue's ``unit.hours`` or ``unit.uses``."""
    return message(_MEASURE_UNITS[measure], lang, n=2) if measure in _MEASURE_UNITS else measure


_MEASURE_UNITS = {"hours": "unit.hours", "count": "unit.uses"}


def _use(problem: Problem, plan: Plan, lang: str) -> str:
    """Resources by kind (chart and table) and resident units against their caps (table)."""
    kinds = kind_use(problem, plan)
    names = [label("report.resource", row.kind, lang) + ("" if row.measure == "hours"
                                                          else f" ({_measure(row.measure, lang)})") for row in kinds]
    usage = {entry.id: entry for entry in plan.resources}
    shares = [usage[resource.id].used / resource.capacity if resource.id in usage else 0.0
              for resource in problem.resources]
    chart = charts.use_chart([(name, row.used, row.capacity) for name, row in zip(names, kinds)], shares, lang)
    header = [message("report.col.kind", lang), message("report.col.resources", lang),
              message("report.col.in_use", lang), message("report.col.full", lang), message("report.col.used", lang),
              label("field", "capacity", lang), message("report.col.measure", lang),
              message("report.col.used_share", lang)]
    rows = [({"kind": row.kind}, [name, f"{row.resources:,}", f"{row.in_use:,}", f"{row.full:,}", _amount(row.used),
                                  _amount(row.capacity), _measure(row.measure, lang), _share(row.used, row.capacity)])
            for name, row in zip(names, kinds)]
    parts = [f'<section id="utilisation"><h2>{escape(message("report.use.title", lang))}</h2><figure>{chart}</figure>',
             _table(header, rows, range(1, 6)), f'<h3>{escape(message("report.use.units_title", lang))}</h3>']
    units = unit_use(problem, plan)
    if not units:
        parts.append(f'<p class="note">{escape(message("report.use.no_units", lang))}</p>')
    else:
        unit_rows = [({"unit": unit.id}, [
            unit.name, f"{unit.resources:,}",
            f"{_amount(unit.used)} / {_amount(unit.daily_cap)}" if unit.daily_cap is not None else _amount(unit.used),
            f"{unit.members:,} / {unit.max_members:,}" if unit.max_members is not None else f"{unit.members:,}"])
            for unit in units]
        header = [message("report.col.name", lang), message("report.col.resources", lang),
                  message("report.col.daily_cap", lang), message("report.col.members", lang)]
        parts.append(_table(header, unit_rows, (1, 2, 3)))
    return "".join(parts) + "</section>"


def _advice(problem: Problem, plan: Plan, advice: Advice, lang: str) -> str:
    """The recommendations as ``sanhu recommend`` confirmed them, best gain first, in the words its table uses
    at a terminal (``sanhu recommend``)."""
    summary = message("report.advice.summary", lang, candidates=f"{advice.candidates:,}", tried=f"{advice.tried:,}",
                      seconds=f"{advice.seconds:.1f}")
    parts = [f'<section id="advice"><h2>{escape(message("report.advice.title", lang))}</h2>',
             f'<p class="note">{escape(summary)}</p>']
    coverage = plan.objective.get("coverage")
    if coverage is not None and abs(coverage.value - advice.baseline_coverage) > 0.005:
        other = message("report.advice.baseline", lang, advice=_amount(advice.baseline_coverage),
                        plan=_amount(coverage.value))
        parts.append(f'<p class="note">{escape(other)}</p>')
    if not advice.recommendations:
        return "".join(parts) + f'<p>{escape(message("advice.none", lang))}</p></section>'
    names = {area.id: area.name or area.id for area in problem.areas}
    rows = []
    for rank, item in enumerate(advice.recommendations, 1):
        if item.kind == "add_resource":
            change = message("advice.add", lang, skill=item.skill or "", name=names.get(item.area or "", item.name))
        else:
            change = message("advice.raise", lang, limit=label("field", item.limit or "", lang),
                             name=item.name or item.resource or item.unit)
        unit = message(f"unit.{item.unit_label}", lang, n=item.amount)
        rows.append(({"kind": item.kind}, [
            str(rank), change, label("kind", item.kind, lang),
            message("advice.adds", lang, amount=item.amount, unit=unit),
            f"+{_amount(item.gain)}", f"{len(item.covers):,}",
            message("advice.yes" if item.proven else "advice.no", lang), item.detail]))
    header = [message("report.col.rank", lang), message("report.col.change", lang), message("report.col.kind", lang),
              message("report.col.adds", lang), message("report.col.gain", lang), message("report.col.needs", lang),
              message("report.col.proven", lang), message("report.col.detail", lang)]
    return "".join(parts) + _table(header, rows, (0, 4, 5), (1, 7)) + "</section>"
