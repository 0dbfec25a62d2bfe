"""Plans and explanations in notebooks: ``_repr_html_`` shows the plan's own numbers, escaped, self-contained."""

from __future__ import annotations

import copy
import json
import warnings
from html.parser import HTMLParser

from checker import check_plan

from matching import example_day, explain, generate_day, solve
from matching.synthetic.examples import example_data
from models import Problem


class _Tables(HTMLParser):
    """The text of every table cell, table by table and row by row; every start tag and its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.items: list[str] = []
        self.tags: list[tuple[str, list]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th", "li"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "li":
            self.items.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _parsed(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    parser.close()
    assert "http" not in html and "src=" not in html and "<script" not in html  # nothing outside the page
    return parser


def test_a_plans_html_shows_its_headline_numbers_and_coverage_per_street():
    data = generate_day("demo", 3)
    plan = solve(Problem.from_data(data), time_limit=30, seed=0)
    check_plan(data, json.loads(plan.to_json()))
    parsed = _parsed(plan._repr_html_())
    headline = dict(parsed.tables[0])
    coverage = plan.objective["coverage"]
    assert headline["status"] == plan.status
    assert headline["covered weight"] == f"{coverage.value:g} (bound {coverage.bound:g}, gap {100 * coverage.gap:.2f}%)"
    covered = [need for need in plan.needs if need.covered]
    cleared = sum(need.outcome == "cleared_today" for need in covered)
    assert headline["needs covered"] == (f"{len(covered)} of {len(plan.needs)} ({cleared} cleared today, "
                                         f"{len(covered) - cleared} clarified today)")
    unmet = plan.unmet_by_reason()
    assert int(headline["unmet"]) == sum(unmet.values()) == len(plan.needs) - len(covered)
    assert {label[len("unmet: "):]: int(value) for label, value in headline.items()
            if label.startswith("unmet: ")} == dict(unmet)
    assert headline["cost"] == f"{plan.objective['cost'].value:g}"
    header, *rows = parsed.tables[1]
    assert header == ["street", "needs", "covered", "weight", "covered weight", "share"]
    streets = [area for area in plan.areas if area.level == "street" and area.needs]
    assert rows == [[area.id, str(area.needs), str(area.covered), f"{area.weight:g}", f"{area.covered_weight:g}",
                     f"{100 * area.covered_weight / area.weight:.1f}%"] for area in streets]


def test_an_infeasible_plan_shows_why_and_no_street_table_without_streets(small_day):
    data = copy.deepcopy(small_day)
    data["levels"] = ["city", "district", "community", "grid", "micro"]
    data["areas"][1]["level"] = "district"
    data["needs"].append({**data["needs"][0], "id": "n-handrail-2"})  # both need 志愿楼长 陈's 2 hours of 3
    for need in data["needs"]:
        need["required"] = True
    problem = Problem.from_data(data)
    plan = solve(problem, time_limit=30, seed=0)
    assert plan.status == "infeasible"
    check_plan(data, json.loads(plan.to_json()))
    parsed = _parsed(plan._repr_html_())
    assert len(parsed.tables) == 1
    headline = dict(parsed.tables[0])
    assert headline["status"] == "infeasible" and headline["infeasible"] == plan.core.detail
    assert headline["unmet"] == str(len(plan.needs))


def test_text_is_escaped_in_an_explanation():
    data = example_data()
    title = '<b onmouseover="x">维修 & "扶手"</b>'
    unmet_id = "n-legal"  # no resource has its skill
    next(need for need in data["needs"] if need["id"] == unmet_id)["title"] = title
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the skill nobody has
        problem = Problem.from_data(data)
    plan = solve(problem, time_limit=30, seed=0)
    check_plan(data, json.loads(plan.to_json()))
    explanation = explain(problem, plan, unmet_id, tradeoff=False)
    html = explanation._repr_html_()
    assert "<b " not in html and "&lt;b onmouseover=&quot;x&quot;&gt;" in html
    parsed = _parsed(html)
    headline = dict(parsed.tables[0])
    assert headline["need"] == f"{unmet_id} {title}"
    assert (headline["outcome"], headline["reason"]) == ("unmet", explanation.reason.code)
    assert parsed.items == list(explanation.statements)


def test_a_covered_needs_explanation_lists_what_serves_it():
    problem = example_day()
    plan = solve(problem, time_limit=30, seed=0)
    need = plan.covered()[0]
    explanation = explain(problem, plan, need, tradeoff=False)
    parsed = _parsed(explanation._repr_html_())
    assert dict(parsed.tables[0])["outcome"] == explanation.outcome
    header, *rows = parsed.tables[1]
    assert header == ["resource", "requirement", "amount", "cost"]
    assert rows == [[a.resource, str(a.requirement), f"{a.amount:g}", f"{a.cost:g}"]
                    for a in plan.assignments if a.need == need]
