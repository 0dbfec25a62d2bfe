"""The report page (``sanhu report``): its numbers are the plan's, nothing refers outside it, names are escaped,
both languages are whole, bad input exits 2, and a real browser draws it without errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import typing
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from checker import check_plan

from matching import generate_day, solve
from matching.cli.commands import main
from matching.report.page import report_html
from matching.synthetic.examples import example_data
from models import MissingExtra, Problem
from models.advice import LimitName, RecommendationKind, UnitLabel
from models.messages import ENVIRONMENT, LANGUAGES, MESSAGES, UnknownLanguage, message
from models.plan import ReasonCode, Status
from models.types import NeedKind, ResourceKind

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
EXTERNAL = re.compile(r"^\s*(?!data:)(?:[a-z][a-z0-9+.-]*:|//)", re.I)
"""A reference that leaves the page: any scheme but ``data:`` (``http:``, ``https:``, ``file:``...) or ``//host``."""
CJK = re.compile(r"[\u4e00-\u9fff]")


class Page(HTMLParser):
    """What a test reads from a report page: its numbers, rows, references, tags and text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.numbers: dict[str, float] = {}
        self.rows: dict[str, list[dict[str, str]]] = {}
        self.references: list[str] = []
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []
        self.lang = ""
        self._section = ""
        self.feed(text)
        self.close()
        styles = re.findall(r"<style[^>]*>(.*?)</style>", text, flags=re.S) + re.findall(r'style="([^"]*)"', text)
        self.references += [url for style in styles for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", style)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags[tag] += 1
        if tag == "html":
            self.lang = attributes.get("lang", "")
        if tag == "section":
            self._section = attributes.get("id", "")
        for name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
            if name in attributes:
                self.references.append(attributes[name])
        if "data-number" in attributes:
            self.numbers[attributes["data-number"]] = float(attributes["data-value"])
        if tag == "tr" and any(name.startswith("data-") for name in attributes):
            self.rows.setdefault(self._section, []).append(attributes)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _plan(day: dict, **options) -> tuple[Problem, object]:
    problem = Problem.from_data(day)
    plan = solve(problem, **options)
    check_plan(day, json.loads(plan.to_json()))
    return problem, plan


def _expected(day: dict, plan: dict) -> dict[str, float]:
    """The headline numbers, from the day and the plan as plain JSON."""
    weight = {need["id"]: need.get("weight", 1) for need in day["needs"]}
    kind = {need["id"]: need.get("kind", "simple") for need in day["needs"]}
    covered = [need["id"] for need in plan["needs"] if need["covered"]]
    unmet = Counter(need["reason"]["code"] for need in plan["needs"] if not need["covered"])
    numbers = {"covered_share": round(sum(weight[n] for n in covered) / sum(weight.values()), 6),
               "covered": len(covered), "cleared": sum(kind[n] == "simple" for n in covered),
               "clarified": sum(kind[n] == "complex" for n in covered), "unmet": sum(unmet.values())}
    return numbers | {f"unmet.{code}": count for code, count in unmet.items()}


def _check_page(text: str, day: dict, plan: dict, lang: str, *, names_quote_urls: bool = False) -> Page:
    page = Page(text)
    assert page.numbers == pytest.approx(_expected(day, plan), abs=1e-6)
    unmet = {need["id"]: need["reason"]["code"] for need in plan["needs"] if not need["covered"]}
    assert {row["data-need"]: row["data-reason"] for row in page.rows.get("unmet", [])} == unmet
    streets = {area["id"] for area in day["areas"] if area["level"] == "street"}
    with_needs = {area["id"] for area in plan["areas"] if area["needs"]}
    assert {row["data-area"] for row in page.rows["coverage"]} >= streets & with_needs
    assert not [reference for reference in page.references if EXTERNAL.match(reference)], page.references
    assert names_quote_urls or ("http:" not in text and "https:" not in text)
    assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["img"] == 0
    assert page.tags["svg"] >= 4  # streets, communities, map, utilisation
    assert page.lang == {"zh": "zh-CN", "en": "en"}[lang]
    words = " ".join(page.text)
    for key in ("summary.label.cleared", "summary.label.clarified", "summary.label.unmet", "report.map.title",
                "report.use.title"):
        assert message(key, lang) in words
    return page


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("seed", [1, 2])
def test_report_of_a_generated_day_shows_the_plans_numbers(seed, lang):
    day = generate_day("demo", seed)
    problem, plan = _plan(day, time_limit=60)
    text = report_html(problem, plan, lang=lang)
    _check_page(text, day, json.loads(plan.to_json()), lang)
    assert text == report_html(problem, plan, lang=lang)  # the same page every time


def test_report_of_the_example_day_with_advice_through_the_command_line(capsys, tmp_path):
    plan_file, advice_file, html = tmp_path / "plan.json", tmp_path / "advice.json", tmp_path / "report.html"
    assert main(["solve", "--out", str(plan_file)]) == 0
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    check_plan(example_data(), plan)
    day_file = tmp_path / "day.json"
    day_file.write_text(json.dumps(example_data(), ensure_ascii=False), encoding="utf-8")
    assert main(["recommend", str(day_file), "--plan", str(plan_file), "--top", "3", "--time-limit", "20",
                 "--out", str(advice_file)]) == 0
    capsys.readouterr()
    for lang in LANGUAGES:
        code = main(["report", str(plan_file), "--advice", str(advice_file), "--html", str(html), "--lang", lang])
        out, err = capsys.readouterr()
        assert code == 0, err
        said = {"en": f"wrote the report of {plan_file} (bundled example day) to {html}: {html.stat().st_size:,} bytes",
                "zh": f"已将{plan_file}（内置示例日）的报告写入{html}：{html.stat().st_size:,}字节"}
        assert out == said[lang] + "\n", out
        page = _check_page(html.read_text(encoding="utf-8"), example_data(), plan, lang)
        advice = json.loads(advice_file.read_text(encoding="utf-8"))
        assert [row["data-kind"] for row in page.rows["advice"]] == [r["kind"] for r in advice["recommendations"]]
        assert "沙坪街道" in " ".join(page.text)
    assert not list(tmp_path.glob(".report.html.*"))  # written through a temporary file, none left
    assert main(["report", str(plan_file), "--html", str(html)]) == 0  # default zh
    assert '<html lang="zh-CN">' in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["--lang", ENVIRONMENT])
def test_a_plan_solved_in_chinese_gives_chinese_reason_sentences_on_the_page(how, capsys, tmp_path, monkeypatch):
    """The page shows each unmet need's ``reason.detail`` as the plan holds it: solved in Chinese (``--lang zh``
    or ``SANHU_LANG=zh``), the sentences are Chinese, on the Chinese page and beside the English page's labels."""
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    plan_file, html = tmp_path / "plan.json", tmp_path / "report.html"
    if how == ENVIRONMENT:
        monkeypatch.setenv(ENVIRONMENT, "zh")
        assert main(["solve", "--out", str(plan_file)]) == 0
        monkeypatch.delenv(ENVIRONMENT)
    else:
        assert main(["solve", "--lang", "zh", "--out", str(plan_file)]) == 0
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    check_plan(example_data(), plan)
    details = {need["id"]: need["reason"]["detail"] for need in plan["needs"] if not need["covered"]}
    assert details and all(CJK.search(detail) for detail in details.values()), details
    capsys.readouterr()
    for lang in LANGUAGES:
        assert main(["report", str(plan_file), "--html", str(html), "--lang", lang]) == 0
        page = _check_page(html.read_text(encoding="utf-8"), example_data(), plan, lang)
        assert set(details.values()) <= set(page.text), lang  # each sentence a cell, as the plan holds it
        assert message("report.unmet.title", lang) in page.text  # the labels are the page's language


def test_bad_input_exits_2_and_leaves_the_page_alone(capsys, tmp_path):
    plan_file, html = tmp_path / "plan.json", tmp_path / "report.html"
    assert main(["solve", "--out", str(plan_file)]) == 0
    other = tmp_path / "demo.json"
    other.write_text(json.dumps(generate_day("demo", 1), ensure_ascii=False), encoding="utf-8")
    html.write_text("previous page")
    wrong_advice = tmp_path / "advice.json"
    wrong_advice.write_text(json.dumps({"recommendations": [{
        "kind": "more_hours", "limit": "capacity", "resource": "r-nobody", "amount": 2, "unit_label": "hours",
        "estimate": 1, "gain": 1, "gain_per_unit": 0.5, "proven": True, "detail": "x"}],
        "tried": 1, "baseline_coverage": 47, "seconds": 1}), encoding="utf-8")
    capsys.readouterr()
    cases = [
        (["--day", str(other)], "a plan of another day"),
        (["--advice", str(tmp_path / "missing.json")], "cannot read the advice"),
        (["--advice", str(plan_file)], "tried: required field is missing"),
        (["--advice", str(wrong_advice)], "recommendations[0].resource: unknown resource 'r-nobody'"),
        (["--redact"], "the plan was written without --redact"),
    ]
    for extra, said in cases:
        code = main(["report", str(plan_file), "--html", str(html), *extra])
        out, err = capsys.readouterr()
        assert code == 2 and said in err and "Traceback" not in err, (extra, err)
    code = main(["report", str(tmp_path / "missing.json"), "--html", str(html)])
    assert code == 2 and "cannot read the plan" in capsys.readouterr().err
    code = main(["report", str(plan_file), "--html", str(tmp_path / "nowhere" / "report.html")])
    assert code == 2 and "does not exist" in capsys.readouterr().err
    assert html.read_text() == "previous page"


def test_names_from_the_day_are_escaped(small_day):
    small_day["areas"][1]["name"] = '<script>alert("street")</script> & $5'
    small_day["areas"][2]["name"] = "<b>桂林</b>"
    small_day["needs"][2]["title"] = '<img src="https://example.com/x.png" onerror="alert(1)">'
    small_day["units"][0]["name"] = "医院 $x^2$ \\"
    problem, plan = _plan(small_day)
    for lang in LANGUAGES:
        text = report_html(problem, plan, lang=lang, source='day "<1>".json')
        page = _check_page(text, small_day, json.loads(plan.to_json()), lang, names_quote_urls=True)
        assert "<script>" not in text and "<b>" not in text and "<img" not in text
        words = " ".join(page.text)
        assert '<script>alert("street")</script> & $5' in words and "<b>桂林</b>" in words
        assert "医院 $x^2$ \\" in words and 'day "<1>".json' in words


def test_redacted_report_quotes_ids_only(capsys, tmp_path):
    plan_file, html = tmp_path / "plan.json", tmp_path / "report.html"
    assert main(["solve", "--redact", "--out", str(plan_file)]) == 0
    capsys.readouterr()
    assert main(["report", str(plan_file), "--redact", "--html", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    day = example_data()
    names = [area["name"] for area in day["areas"]] + [need["title"] for need in day["needs"]]
    assert not [name for name in names if name and name in text]
    assert "sp-gl" in text


def test_matplotlib_is_loaded_only_for_a_page():
    code = ("import sys, matching, matching.report.page, matching.cli.commands; from matching import report_html; "
            "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_missing_extra_is_named(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails, as without the extra
    with pytest.raises(MissingExtra, match=r"pip install 'sanhu\[report\]'"):
        report_html(Problem.from_data(example_data()), solve(Problem.from_data(example_data())))
    html = tmp_path / "report.html"
    code = main(["report", str(tmp_path / "plan.json"), "--html", str(html)])
    assert code == 2 and "pip install 'sanhu[report]'" in capsys.readouterr().err
    assert not html.exists()


def test_a_large_days_map_draws_its_dots_as_embedded_images():
    from matching.report import charts

    places = [(float(i % 97), float(i // 97)) for i in range(charts.RASTER_POINTS + 1)]
    codes = [None if i % 5 else "capacity_taken" for i in range(len(places))]
    svg = charts.need_map(places, codes, [("沙坪街道", 10.0, 10.0)], "zh")
    assert svg.count('xlink:href="data:image/png;base64,') == 2 and svg.count("<use") < 50  # one per colour
    assert "沙坪街道" in svg and len(svg) < 400_000  # the names stay text
    page = Page(f"<section id='map'>{svg}</section>")
    assert not [reference for reference in page.references if EXTERNAL.match(reference)]


def test_every_machine_name_the_page_shows_has_its_words_in_the_catalogue():
    """Reason codes, statuses, limits, units and recommendation kinds are the catalogue's words (the terminal's
    too); resource and need kinds are the page's own (``report.``). Languages and placeholders: test_messages."""
    groups = {"code": ReasonCode, "status": Status, "field": LimitName, "unit": UnitLabel, "kind": RecommendationKind,
              "report.resource": ResourceKind, "report.need": NeedKind}
    for group, names in groups.items():
        for name in typing.get_args(names):
            assert f"{group}.{name}" in MESSAGES, f"{group}.{name}"
    with pytest.raises(UnknownLanguage, match="unknown language 'fr'"):
        report_html(Problem.from_data(example_data()), solve(Problem.from_data(example_data())), lang="fr")


def render(page: Path, screenshot: Path, width: int = 1100) -> tuple[list[dict], dict]:
    """Open ``page`` in headless Chromium, save a screenshot of the whole page; the browser's log and what the
    page loaded and drew (resources fetched, charts, their text elements)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        driver.get(page.resolve().as_uri())
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, height + 120)
        seen = driver.execute_script(
            "return {fetched: performance.getEntriesByType('resource').map(e => e.name),"
            " charts: document.querySelectorAll('svg.chart').length,"
            " texts: Array.from(document.querySelectorAll('svg.chart text'))"
            "   .filter(t => t.getBBox().width > 0).length}")
        driver.save_screenshot(str(screenshot))
        return driver.get_log("browser"), seen
    finally:
        driver.quit()


@pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                    reason="needs Chromium and its driver at /usr/bin (Debian: apt-get install chromium "
                           "chromium-driver fonts-noto-cjk; .ci/run installs them)")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_browser_draws_the_page_without_errors(tmp_path, lang):
    from PIL import Image

    day = generate_day("demo", 3)
    problem, plan = _plan(day, time_limit=60)
    page, screenshot = tmp_path / "report.html", tmp_path / "report.png"
    page.write_text(report_html(problem, plan, lang=lang), encoding="utf-8")
    log, seen = render(page, screenshot)
    assert not [entry for entry in log if entry["level"] in ("SEVERE", "WARNING")], log
    assert seen["fetched"] == []  # nothing loaded from anywhere
    assert seen["charts"] == 4 and seen["texts"] > 50
    with Image.open(screenshot) as image:
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1 << 24)
        assert pixels.height > 2000 and len(colours) > 500
        white = max(count for count, colour in colours if colour == (255, 255, 255))
        assert white < 0.9 * pixels.width * pixels.height

