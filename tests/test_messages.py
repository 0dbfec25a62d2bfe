"""Text for people in English and Chinese from one message catalogue (``models.messages``).

Every message has every language with the same placeholders; every reason code and every limit kind, taken
from the models rather than listed here, is said in both languages by the same deciding code; the command
line follows ``--lang`` and ``SANHU_LANG``.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import string
import subprocess
import sys
import time
import typing
import warnings
from pathlib import Path

import numpy as np
import pytest
from checker import check_plan

from matching import (
    build_network,
    example_day,
    explain,
    format_explanation,
    format_plan,
    format_shortages,
    generate_day,
    shortages,
    solve,
)
from matching.cli.commands import main
from matching.cli.progress import TerminalProgress
from matching.cli.tables import width
from matching.outcome.reasons import not_judged, unmet_reasons
from matching.outcome.sentences import core_detail, limit_detail, limit_phrase
from matching.search.tiers import Solution, TierOutcome
from matching.synthetic.examples import example_data
from models import Limit, Problem
from models.messages import ENVIRONMENT, LANGUAGES, MESSAGES, UnknownLanguage, join, label, language, message
from models.plan import ReasonCode

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
REASON_CODES = typing.get_args(ReasonCode)
LIMIT_KINDS = typing.get_args(Limit.model_fields["kind"].annotation)
DYNAMIC = ("limit.", "unit.", "status.", "outcome.", "code.", "level.", "tier.", "field.", "kind.", "cli.format.",
           "report.need.", "report.resource.")
"""Prefixes of keys the code builds from a machine name (``f"limit.{kind}"``, ``label("code", ...)``; the report
page's ``label("report.resource", kind)`` and ``label("report.need", kind)``)."""


def _forms(entry: dict, lang: str) -> list[str]:
    text = entry[lang]
    return list(text.values()) if isinstance(text, dict) else [text]


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


# The catalogue ---------------------------------------------------------------------------------------------


def test_every_message_has_every_language_and_the_same_placeholders():
    assert LANGUAGES[0] == "en" and "zh" in LANGUAGES
    for key, entry in MESSAGES.items():
        assert set(entry) - {"count"} == set(LANGUAGES), key
        fields = {lang: set().union(*map(_fields, _forms(entry, lang))) for lang in LANGUAGES}
        assert all(found == fields["en"] for found in fields.values()), (key, fields)
        for lang in LANGUAGES:
            assert all(text.strip() or key.startswith("list.") for text in _forms(entry, lang)), (key, lang)
            if isinstance(entry[lang], dict):
                assert "count" in entry and "other" in entry[lang], (key, lang)
                assert set(entry[lang]) <= {"zero", "one", "other"}, (key, lang)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_formats_in_every_language(key):
    entry = MESSAGES[key]
    fields = set().union(*(_fields(text) for lang in LANGUAGES for text in _forms(entry, lang)))
    for count in (0, 1, 2):
        values = {field: 2 for field in fields} | ({entry["count"]: count} if "count" in entry else {})
        texts = {lang: message(key, lang, **values) for lang in LANGUAGES}
        for lang, text in texts.items():
            assert text and "{" not in text and "}" not in text, (key, lang, text)


def test_every_key_the_code_names_is_in_the_catalogue_and_every_entry_is_used():
    sources = "\n".join(path.read_text(encoding="utf-8") for package in ("matching", "models")
                        for path in (ROOT / package).rglob("*.py") if path.name != "messages.py")
    named = set(re.findall(r"""(?:message|columns)\(\s*["']([a-z_.]+)["']""", sources))
    assert named - set(MESSAGES) == set()
    prefixes = set(re.findall(r"""(?<![\w.])label\(\s*["']([a-z_.]+)["']""", sources))  # label("code", code)
    assert {"code", "status", "level", "report.resource", "report.need"} <= prefixes  # the scan sees the report
    assert {prefix for prefix in prefixes if not any(key.startswith(f"{prefix}.") for key in MESSAGES)} == set()
    built = prefixes | set(re.findall(r"""f["']([a-z_.]+)\.\{""", sources))  # f"unit.{measure}"
    assert {prefix for prefix in DYNAMIC if prefix[:-1] not in built} == set(), "a dynamic prefix no code builds"
    quoted = set(re.findall(r"""["']([a-z_]+(?:\.[a-z_]+)+)["']""", sources))  # also "a" if x else "b", sep="..."
    quoted |= {"list.sep", "list.more"}  # said by models.messages.join itself
    unused = {key for key in MESSAGES if key not in quoted and not key.startswith(DYNAMIC)}
    assert unused == set(), f"messages no code says: {sorted(unused)}"


def test_the_language_is_the_argument_then_the_environment_then_english(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    assert language() == "en" and language("zh") == "zh"
    monkeypatch.setenv(ENVIRONMENT, "zh_CN.UTF-8")
    assert language() == "zh" and language("en") == "en" and language("ZH-cn") == "zh"
    monkeypatch.setenv(ENVIRONMENT, "")
    assert language() == "en"
    monkeypatch.setenv(ENVIRONMENT, "klingon")
    with pytest.raises(UnknownLanguage, match="unknown language 'klingon' in SANHU_LANG"):
        language()
    assert language("en") == "en"  # an explicit language never reads the environment
    with pytest.raises(UnknownLanguage, match=r"unknown language 'fr' \(supported: en, zh\)"):
        language("fr")
    with pytest.raises(UnknownLanguage, match="'fr'"):
        solve(example_day(), lang="fr")


def test_lists_are_joined_and_counted_in_each_language():
    assert join(["a", "b"], "en") == "a, b" and join(["a", "b"], "zh") == "a、b"
    assert join(list("abcdef"), "en", shown=4) == "a, b, c, d and 2 more"
    assert join(list("abcdef"), "zh", shown=4) == "a、b、c、d及另外2个"
    assert join(["a"], "en", total=3) == "a and 2 more"
    assert label("level", "street", "zh") == "街道" and label("level", "ward", "zh") == "ward"


# Every reason code and every limit kind, in both languages ---------------------------------------------------


def _need(need_id: str, area: str, skill: str, count: int, amount: float, **extra) -> dict:
    return {"id": need_id, "title": need_id, "area": area, **extra,
            "requires": [{"skill": skill, "count": count, "amount": amount}]}


def _no_skill(day: dict) -> None:
    day["needs"] += [_need("n-legal", "gl-g1-m1", "legal", 1, 1), _need("n-zs-repair", "zs-g1", "repair", 2, 1),
                     {"id": "n-both", "area": "zs-g1", "requires": [{"skill": "repair"}, {"skill": "lead:housing"}]}]


def _no_time(day: dict) -> None:
    day["needs"].append(_need("n-morning-clinic", "gl-g1-m1", "medical", 1, 1, window=["08:00", "10:00"]))


def _daily_cap(day: dict) -> None:
    day["resources"].append({"id": "p-zhao", "name": "党员 赵", "area": "zs-g1", "reach": "community",
                             "unit": "u-hosp", "skills": ["medical"], "capacity": 2})
    day["needs"].append(_need("n-two-doctors", "gl", "medical", 2, 2))


def _max_members(day: dict) -> None:
    day["units"][0]["max_members"] = 1
    day["resources"].append({"id": "p-zhao", "name": "党员 赵", "area": "gl", "reach": "community",
                             "unit": "u-hosp", "skills": ["medical"], "capacity": 2})
    day["needs"].append(_need("n-visit", "gl-g1", "medical", 1, 1))


def _max_outbound(day: dict) -> None:
    day["areas"][2]["max_outbound"] = 1
    day["resources"][2] |= {"extra_areas": ["zs"], "skills": ["repair", "plumbing"]}
    day["resources"].append({"id": "v-li", "name": "志愿者 黎", "area": "zs-g1", "skills": ["plumbing"],
                             "capacity": 2})
    day["needs"].append(_need("n-zs-fix", "zs-g1", "plumbing", 2, 1.5))


def _escorts(day: dict, *, required: bool = False) -> None:
    day["resources"].append({"id": "g-he", "name": "网格员 何", "area": "gl-g1", "skills": ["escort"],
                             "capacity": 3})
    day["needs"] += [_need("n-escort-a", "gl-g1-m1", "escort", 1, 2, weight=2, required=required),
                     _need("n-escort-b", "gl-g1-m1", "escort", 1, 2, weight=1, required=required)]


def _taken_by_a_required_need(day: dict) -> None:
    _escorts(day)
    day["needs"][-1]["weight"], day["needs"][-2]["required"] = 3, True


def _infeasible(day: dict) -> None:
    _escorts(day, required=True)


DAYS = {
    "no_skill_in_reach": [_no_skill],
    "no_time_overlap": [_no_time],
    "limit": [_daily_cap, _max_members, _max_outbound],
    "capacity_taken": [_escorts, _taken_by_a_required_need],
    "infeasible": [_infeasible],
    "unproven": [],  # judged on a solution cut short, below: a day does not produce it on demand
}
"""Per reason code, changes to the small day that give some need that reason."""


def _redacted(day: dict) -> tuple[Problem, dict]:
    """The day with ids for names, so that an English sentence holds no Chinese at all."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = Problem.from_data(day).redacted()
    return problem, json.loads(problem.to_json())


def _check_sentences(by_lang: dict[str, str]) -> None:
    english, chinese = by_lang["en"], by_lang["zh"]
    assert english and chinese and english != chinese
    assert not CJK.search(english), english
    assert CJK.search(chinese), chinese
    assert not re.search(r"[{}]", english + chinese)


def test_every_reason_code_has_a_way_to_be_said():
    assert set(DAYS) == set(REASON_CODES)
    for code in REASON_CODES:  # the summary's line for the code
        assert CJK.search(label("code", code, "zh")) and label("code", code, "en") == code


@pytest.mark.parametrize("code", [code for code in REASON_CODES if DAYS[code]])
def test_every_reason_code_in_both_languages(code, small_day):
    for change in DAYS[code]:
        day = copy.deepcopy(small_day)
        change(day)
        problem, data = _redacted(day)
        plans = {lang: solve(problem, workers=2, lang=lang) for lang in LANGUAGES}
        for plan in plans.values():
            check_plan(data, plan.model_dump(mode="json"))
        english, chinese = (plans[lang].model_dump(mode="json") for lang in LANGUAGES)
        for plan in (english, chinese):  # the same decisions: only the sentences differ
            for need in plan["needs"]:
                (need.get("reason") or {}).pop("detail", None)
            if plan["core"]:
                plan["core"].pop("detail")
        assert (english["needs"], english["assignments"], english["core"]) == (
            chinese["needs"], chinese["assignments"], chinese["core"])
        said = [{lang: outcome.reason.detail for lang, outcome in zip(LANGUAGES, outcomes)}
                for outcomes in zip(*(plans[lang].needs for lang in LANGUAGES))
                if outcomes[0].reason is not None and outcomes[0].reason.code == code]
        assert said, f"{change.__name__} gives no {code} reason"
        for sentences in said:
            _check_sentences(sentences)
        if code == "infeasible":
            _check_sentences({lang: plans[lang].core.detail for lang in LANGUAGES})


def test_unproven_in_both_languages(small_day):
    problem, _ = _redacted(small_day)
    network = build_network(problem)
    cut_short = Solution("feasible", [TierOutcome("coverage", "max", 0, 900, proven=False)],
                         unproven=np.arange(len(problem.needs)))
    for deadline in (None, time.perf_counter() - 1):
        said = {lang: unmet_reasons(network, cut_short, deadline, lang=lang) for lang in LANGUAGES}
        assert {reason.code for reasons in said.values() for reason in reasons.values()} == {"unproven"}
        for need in said["en"]:
            _check_sentences({lang: said[lang][need].detail for lang in LANGUAGES})
            assert all(not_judged(said[lang][need]) == (deadline is not None) for lang in LANGUAGES)


@pytest.mark.parametrize("kind", LIMIT_KINDS)
def test_every_limit_kind_in_both_languages(kind, small_day):
    small_day["units"][0]["name"] = "unit one"  # names without Chinese: the sentences' words are the catalogue's
    problem = Problem.from_data(small_day)
    problem = problem.model_copy(update={"areas": tuple(a.model_copy(update={"name": a.id}) for a in problem.areas),
                                         "resources": tuple(r.model_copy(update={"name": r.id})
                                                            for r in problem.resources)})
    owner = {"daily_cap": "u-hosp", "max_members": "u-hosp", "max_outbound": "gl", "capacity": "s-li",
             "max_tasks": "s-li"}[kind]
    limit = Limit(kind=kind, id=owner, value=3, used=2)
    name = {"u-hosp": "unit one"}.get(owner, owner)
    for say in (lambda lang: limit_phrase(problem, limit, lang), lambda lang: limit_phrase(problem, limit, lang,
                                                                                            used=False),
                lambda lang: limit_detail(problem, [limit], lang, alone=True),
                lambda lang: limit_detail(problem, [limit, limit], lang, alone=False),
                lambda lang: core_detail(problem, ["n-handrail"], 1, [limit], lang)):
        sentences = {lang: say(lang) for lang in LANGUAGES}
        _check_sentences(sentences)
        assert all(name in sentence and "3" in sentence for sentence in sentences.values())


# Python API and command line --------------------------------------------------------------------------------


def test_the_python_api_follows_sanhu_lang_and_the_argument_wins(monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, "zh")
    day = example_day()
    chinese, english = solve(day), solve(day, lang="en")
    for plan in (chinese, english):
        check_plan(example_data(), plan.model_dump(mode="json"))
    unmet = [n for n in chinese.needs if not n.covered]
    assert unmet and all(CJK.search(n.reason.detail) for n in unmet)
    assert format_plan(day, chinese).splitlines()[1].startswith("  状态")
    assert format_plan(day, english, lang="en").splitlines()[1].startswith("  status")
    for need in unmet:
        text = format_explanation(explain(day, chinese, need.id, tradeoff=False))
        assert "：未满足（" in text.splitlines()[0], text


def test_the_chinese_summary_lines_up():
    day = example_day()
    plan = solve(day, lang="zh")
    check_plan(example_data(), plan.model_dump(mode="json"))
    lines = format_plan(day, plan, source="内置示例日", lang="zh").splitlines()
    assert lines[0] == "sanhu 方案：内置示例日（2026-06-18）"
    assert [line.split()[0] for line in lines[1:7]] == ["状态", "诉求总数", "覆盖权重", "当日清", "当日明", "未满足"]
    for line in lines[1:7]:  # values start in one column, wide characters counted twice
        name, value = line.split(maxsplit=1)
        assert width(line[:line.index(value, 2 + len(name))]) == 19, line
    table = lines[lines.index("各街道覆盖情况") + 1:]
    assert table[0].split() == ["街道", "诉求", "已覆盖", "权重", "覆盖权重", "覆盖率"]
    assert len({width(line) for line in table}) == 1


def _sanhu(*argv: str, lang: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != ENVIRONMENT}
    env |= {ENVIRONMENT: lang} if lang is not None else {}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return subprocess.run([sys.executable, "-m", "matching", *argv], capture_output=True, text=True, timeout=300,
                          env=env, cwd=ROOT, check=False)


def test_sanhu_lang_gives_a_chinese_summary_and_plan(tmp_path):
    out = tmp_path / "plan.json"
    result = _sanhu("solve", "--out", str(out), lang="zh")
    assert result.returncode == 0, result.stderr
    assert "sanhu 方案：内置示例日" in result.stdout and "覆盖权重" in result.stdout and "各街道覆盖情况" in result.stdout
    plan = json.loads(out.read_text(encoding="utf-8"))
    check_plan(example_data(), plan)
    reasons = [need["reason"] for need in plan["needs"] if need.get("reason")]
    assert reasons and all(CJK.search(reason["detail"]) for reason in reasons)
    assert {reason["code"] for reason in reasons} <= set(REASON_CODES)  # the codes stay the machine keys


def test_an_explicit_lang_overrides_sanhu_lang(tmp_path):
    out = tmp_path / "plan.json"
    result = _sanhu("solve", "--out", str(out), "--lang", "en", lang="zh")
    assert result.returncode == 0, result.stderr
    assert "coverage per street" in result.stdout and not CJK.search(result.stdout.replace("沙坪街道", ""))
    plan = json.loads(out.read_text(encoding="utf-8"))
    check_plan(example_data(), plan)
    assert any(need["reason"]["detail"].startswith("No resource anywhere") for need in plan["needs"]
               if need.get("reason"))


@pytest.mark.parametrize(("argv", "lang", "said"), [
    (("solve", "--lang", "fr"), None, "argument --lang: unknown language 'fr' (supported: en, zh)"),
    (("solve",), "fr", "unknown language 'fr' in SANHU_LANG (supported: en, zh)"),
    (("validate", "day.json", "--lang", "de"), "zh", "unknown language 'de'"),
])
def test_an_unknown_language_exits_2_naming_it(argv, lang, said):
    result = _sanhu(*argv, lang=lang)
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_every_command_speaks_chinese(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    day_file, plan_file = tmp_path / "day.json", tmp_path / "plan.json"
    day_file.write_text(json.dumps(example_data(), ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(day_file), "--lang", "zh"]) == 0
    assert "数据有效" in capsys.readouterr().out
    assert main(["solve", str(day_file), "--out", str(plan_file), "--lang", "zh"]) == 0
    check_plan(example_data(), json.loads(plan_file.read_text(encoding="utf-8")))
    capsys.readouterr()
    assert main(["explain", str(plan_file), "--need", "n-clean-yt", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("n-clean-yt 越塘村垃圾清运：未满足（资源已被占用）") and "改为满足它" in out
    assert main(["recommend", str(day_file), "--plan", str(plan_file), "--top", "2", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sanhu 建议：当前覆盖权重")
    details = [line for line in out.splitlines() if re.match(r"  \d+\. ", line)]
    assert details and all("权重+" in line for line in details), out
    monkeypatch.setenv(ENVIRONMENT, "zh")
    days = [generate_day("demo", seed) for seed in (1, 2)]
    solved = [(Problem.from_data(day), solve(Problem.from_data(day))) for day in days]
    for day, (_, plan) in zip(days, solved, strict=True):
        check_plan(day, plan.model_dump(mode="json"))
    text = format_shortages(shortages(solved))
    assert text.startswith("sanhu 反复出现的缺口（共2天）") and "未满足权重" in text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_status_line_speaks_chinese():
    stream = _Terminal()
    plan = solve(example_day(), progress=TerminalProgress(stream, lang="zh"), lang="zh")
    check_plan(example_data(), plan.model_dump(mode="json"))
    text = stream.getvalue()
    assert "求解中：已完成" in text and "个部分" in text and "第1部分" in text
    assert "solving" not in text and "component" not in text
