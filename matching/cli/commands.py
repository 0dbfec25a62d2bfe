"""The ``sanhu`` command: solve, validate, convert, schema, generate, explain, recommend, graph, report.

Exit codes: 0 ok, 1 no plan covers the required needs (infeasible, or none found
in the time limit), 2 invalid input, 130 / 143 stopped by SIGINT / SIGTERM. Bad input
never prints a traceback; outputs are written atomically. A stopped ``solve --out``
writes the best plan found so far (``stats.interrupted``) or nothing. Every command
takes ``--lang en|zh`` (default ``SANHU_LANG``, else English) for what it writes for
people (``models.messages``); error messages are in English.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from matching import interrupts
from matching.cli.outputs import (check_folder_writable, check_tables_writable, check_writable, table_files,
                                  write_table_files, write_tables)
from matching.cli.progress import TerminalProgress
from models import Advice, Interrupted, InvalidProblem, Issue, MissingExtra, Plan, Problem, SanhuError, write_atomic
from models.messages import ENVIRONMENT, LANGUAGES, UnknownLanguage, join, language, message

__all__ = ["main"]

EXIT_OK, EXIT_INFEASIBLE, EXIT_INVALID = 0, 1, 2
BUNDLED = "bundled example day"
"""What a plan of the bundled example day records as its source."""
DAY_HELP = "JSON day file, folder of CSV files or .xlsx workbook"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"sanhu: {message}\n")


class _CommandParser(_Parser):
    """A command's parser: every command takes ``--lang``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument("--lang", type=_language, metavar="|".join(LANGUAGES),
                          help="language of the text for people (default: SANHU_LANG, else en)")


def _language(text: str) -> str:
    try:
        return language(text)
    except UnknownLanguage as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _bounded_int(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {text}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sanhu", description="Match a day's needs to the resources that can serve them, same day.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_CommandParser)
    solve = commands.add_parser("solve", help="plan a day (the bundled example day when DAY is omitted)")
    solve.add_argument("day", nargs="?", help=DAY_HELP)
    solve.add_argument("--out", metavar="PLAN.json", help="write the full plan as JSON")
    solve.add_argument("--csv", metavar="DIR", help="write the plan's tables (assignments, needs, resources, areas) "
                       "as a folder of CSV files")
    solve.add_argument("--xlsx", metavar="FILE", help="write the plan's tables as an .xlsx workbook (the excel extra)")
    solve.add_argument("--time-limit", type=_positive_float, metavar="S", help="wall-clock seconds (default: until proven)")
    solve.add_argument("--workers", type=_bounded_int(1, 256), metavar="N",
                       help="CP-SAT search workers per model (default 8 with --engine cp-sat, else 1)")
    solve.add_argument("--seed", type=_bounded_int(0, 2**31 - 1), default=0, metavar="N",
                       help="random seed (default 0)")
    solve.add_argument("--engine", choices=("auto", "cp-sat", "scip", "highs"), default="auto",
                       help="exact engine (default auto: SCIP and HiGHS race, the first proof wins; "
                            "HiGHS alone for the largest parts)")
    solve.add_argument("--tiers", choices=("one-objective", "tier-by-tier", "coverage-first"),
                       default="one-objective", dest="tier_mode",
                       help="with a named engine, how coverage and then cost are solved (default one-objective; "
                            "a plan's engine 'highs/coverage-first', for instance, is --engine highs "
                            "--tiers coverage-first)")
    solve.add_argument("--redact", action="store_true",
                       help="ids in place of names and titles, in the plan and in what is printed")
    where = solve.add_mutually_exclusive_group()
    where.add_argument("--processes", action="store_true", help="solve components in a local process pool")
    where.add_argument("--dask", metavar="ADDRESS", help="solve components on a Dask cluster (tcp://host:8786)")
    validate = commands.add_parser("validate", help="check a day file and report every problem")
    validate.add_argument("day", help=DAY_HELP)
    convert = commands.add_parser("convert", help="write a day in another format: JSON, a CSV folder or .xlsx")
    convert.add_argument("day", help=DAY_HELP)
    convert.add_argument("out", help="OUT.json, OUT.xlsx, or any other name for a folder of CSV files")
    schema = commands.add_parser("schema", help="print the JSON Schema of the day file or the plan")
    schema.add_argument("which", nargs="?", choices=("day", "plan", "explanation", "advice", "shortages"),
                        default="day")
    explain = commands.add_parser("explain", help="explain one need's outcome in a plan, with evidence")
    explain.add_argument("plan", help="a plan written by 'sanhu solve --out'")
    explain.add_argument("--need", required=True, metavar="ID", help="the need to explain")
    explain.add_argument("--day", help="the day the plan is for (default: the one recorded in the plan)")
    explain.add_argument("--out", metavar="EXPLANATION.json", help="write the explanation as JSON")
    explain.add_argument("--time-limit", type=_positive_float, default=60.0, metavar="S",
                         help="for the solve that prices covering the need instead (default 60)")
    explain.add_argument("--no-tradeoff", action="store_true", help="skip that solve")
    explain.add_argument("--redact", action="store_true", help="ids in place of names and titles")
    recommend = commands.add_parser(
        "recommend", help="capacity additions that cover the most extra weight; with several days, recurring shortages")
    recommend.add_argument("days", nargs="+", metavar="DAY", help="one day, or several for the shortages that recur")
    recommend.add_argument("--plan", help="the one day's plan (default: solve it first)")
    recommend.add_argument("--top", type=_bounded_int(1, 100), default=10, metavar="N", help="how many (default 10)")
    recommend.add_argument("--time-limit", type=_positive_float, default=120.0, metavar="S",
                           help="seconds for each day's solve and for the re-solves (default 120)")
    recommend.add_argument("--out", metavar="ADVICE.json", help="write the result as JSON")
    recommend.add_argument("--redact", action="store_true", help="ids in place of names and titles")
    graph = commands.add_parser("graph", help="write the day as a GraphML graph: areas, units, resources, needs "
                                "and every eligible pair, the plan's marked chosen")
    graph.add_argument("day", help=DAY_HELP)
    graph.add_argument("--plan", help="a plan of the day (sanhu solve --out): its assignments are marked chosen")
    graph.add_argument("--out", required=True, metavar="FILE.graphml", help="the GraphML file to write")
    graph.add_argument("--redact", action="store_true", help="ids in place of names and titles")
    report = commands.add_parser("report", help="write a plan as one self-contained HTML page that opens offline "
                                 "(the report extra); in Chinese unless --lang or SANHU_LANG says otherwise")
    report.add_argument("plan", help="a plan written by 'sanhu solve --out'")
    report.add_argument("--day", help="the day the plan is for (default: the one recorded in the plan)")
    report.add_argument("--html", required=True, metavar="OUT.html", help="the page to write")
    report.add_argument("--advice", metavar="ADVICE.json",
                        help="recommendations to show, as 'sanhu recommend DAY --plan PLAN --out' wrote them")
    report.set_defaults(default_lang="zh")  # the page is for street and community staff: Chinese unless asked
    report.add_argument("--redact", action="store_true", help="ids in place of names and titles")
    generate = commands.add_parser("generate", help="write a synthetic day")
    generate.add_argument("--tier", choices=("demo", "city", "metro"), default="demo")
    generate.add_argument("--seed", type=_bounded_int(0, 2**31 - 1), default=0)
    generate.add_argument("--out", metavar="DAY.json", help="output file, a workbook if it ends in .xlsx "
                          "(default: JSON on standard output)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``sanhu`` command line; returns the exit code."""
    _printable_streams()
    with interrupts.catching():
        try:
            return _command(argv)
        except Interrupted as stop:
            return _stopped(stop, None)
        except KeyboardInterrupt:  # pragma: no cover - a signal before the handlers were in place
            return 130


def _stopped(stop: Interrupted, out: str | None, tables: Callable[[Plan], list[str]] | None = None,
             lang: str = "en") -> int:
    """Say what a signal stopped, writing the best plan so far (if any) to ``out`` and its tables with ``tables``
    (which returns the places it wrote); the exit code."""
    name = {2: "SIGINT", 15: "SIGTERM"}.get(stop.signum, f"signal {stop.signum}")
    places = []
    if stop.plan is not None:
        with interrupts.graceful():  # a second signal while writing: the write still ends whole
            if out is not None:
                write_atomic(out, stop.plan.to_json() + "\n")
                places.append(out)
            places += tables(stop.plan) if tables is not None else []
    written = ""
    if places:
        written = message("cli.stopped_written", lang, places=join(places, lang, sep="list.and"))
    elif out is not None:
        written = message("cli.stopped_nothing", lang, out=out)
    print(message("cli.stopped", lang, signal=name, written=written), file=sys.stderr)
    return stop.exit_code


def _command(argv: Sequence[str] | None) -> int:
    arguments = _parser().parse_args(argv)
    handler = {"solve": _solve, "validate": _validate, "convert": _convert, "schema": _schema,
               "generate": _generate, "explain": _explain, "recommend": _recommend, "graph": _graph,
               "report": _report}[arguments.command]
    try:
        if arguments.lang is None and not os.environ.get(ENVIRONMENT, "").strip():
            arguments.lang = getattr(arguments, "default_lang", None)
        arguments.lang = language(arguments.lang)  # SANHU_LANG when --lang is not given
        return handler(arguments)
    except UnknownLanguage as error:
        print(f"sanhu: {error}", file=sys.stderr)
        return EXIT_INVALID
    except InvalidProblem as error:
        print(f"sanhu: invalid input\n{error}", file=sys.stderr)
        return EXIT_INVALID
    except MissingExtra as error:
        print(f"sanhu: {error}", file=sys.stderr)
        return EXIT_INVALID
    except SanhuError as error:
        print(f"sanhu: {error}", file=sys.stderr)
        return EXIT_INFEASIBLE
    except BrokenPipeError:  # the reader went away (`sanhu schema | head`): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK
    except OSError as error:
        print(f"sanhu: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID


def _printable_streams() -> None:
    """Print what cannot be encoded (a file name that is not UTF-8) escaped, never as a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and getattr(stream, "errors", "strict") == "strict":
            stream.reconfigure(errors="backslashreplace")


def _load(day: str | None, *, redact: bool = False) -> Problem:
    """The day to work on (names and titles replaced by ids when ``redact``), printing its warnings (a skill
    nobody has) to stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if day is None:
            from matching.synthetic.examples import example_day

            problem = example_day()
        else:
            problem = Problem.load(day)
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    return problem.redacted() if redact else problem


def _solve(arguments: argparse.Namespace) -> int:
    try:
        return _solve_day(arguments)
    except Interrupted as stop:  # before the search (reading the day, building the network): nothing to keep
        return _stopped(stop, arguments.out, lang=arguments.lang)


def _solve_day(arguments: argparse.Namespace) -> int:
    from matching.cli.text import format_plan
    from matching.solve import check_tiers, solve

    check_writable(arguments.out)
    check_tables_writable(arguments.csv, arguments.xlsx)
    problem = _load(arguments.day, redact=arguments.redact)
    check_tiers(problem)
    executor = arguments.dask or ("processes" if arguments.processes else None)
    source = str(Path(arguments.day).resolve()) if arguments.day else BUNDLED
    stamp = {"source": source, "redacted": arguments.redact}
    try:
        plan = _stamped(solve(problem, time_limit=arguments.time_limit, workers=arguments.workers,
                                  seed=arguments.seed, engine=arguments.engine, executor=executor,
                                  combine_tiers=arguments.tier_mode, progress=TerminalProgress(lang=arguments.lang),
                                  lang=arguments.lang), stamp)
    except Interrupted as stop:
        tables = partial(write_tables, problem, csv=arguments.csv, xlsx=arguments.xlsx)
        return _stopped(Interrupted(stop.signum, stop.plan and _stamped(stop.plan, stamp)), arguments.out, tables,
                        arguments.lang)
    with interrupts.graceful():  # the plan is whole: a signal now still lets it be written
        tables = table_files(problem, plan, arguments.csv, arguments.xlsx)  # nothing written if one cannot be
        if arguments.out is not None:
            write_atomic(arguments.out, plan.to_json() + "\n")
        write_table_files(tables)
        print(format_plan(problem, plan, source=arguments.day or message("cli.bundled", arguments.lang),
                          lang=arguments.lang))
    if interrupts.requested() is not None:
        return _stopped(Interrupted(interrupts.requested()), None, lang=arguments.lang)
    if plan.status in ("infeasible", "unknown"):
        detail = plan.core.detail if plan.core else message("core.no_plan", arguments.lang)
        print(f"sanhu: {detail}", file=sys.stderr)
        return EXIT_INFEASIBLE
    return EXIT_OK


def _stamped(plan: Plan, stamp: dict) -> Plan:
    """The plan with what only the command line knows in its stats: the day file, whether it is redacted."""
    return plan.model_copy(update={"stats": plan.stats.model_copy(update=stamp)})


def _redacted_plan(plan: Plan, option: str) -> None:
    """Refuse a plan whose sentences quote names when ids only were asked for."""
    if not plan.stats.redacted:
        raise InvalidProblem([Issue(option, "the plan was written without --redact: its reasons quote names and "
                                    "titles; solve the day again with --redact")], subject="the command line")


def _day_of(plan: Plan, day: str | None) -> str:
    """The day a plan is for: ``day`` (``--day``) if given, else the one the plan records (``BUNDLED`` for the
    bundled example day)."""
    day = day or plan.stats.source
    if day is None:
        raise InvalidProblem([Issue("--day", "the plan does not say which day it is for: give --day DAY")],
                             subject="the command line")
    return day


def _explain(arguments: argparse.Namespace) -> int:
    from matching.analysis.explain import explain
    from matching.cli.text import format_explanation

    check_writable(arguments.out)
    plan = Plan.load(arguments.plan)
    if arguments.redact:
        _redacted_plan(plan, "--redact")
    day = _day_of(plan, arguments.day)
    problem = _load(None if day == BUNDLED else day, redact=arguments.redact)
    if arguments.need not in problem.need_index:
        raise InvalidProblem([Issue("--need", f"unknown need {arguments.need!r} in {day}")], subject="the command line")
    explanation = explain(problem, plan, arguments.need, time_limit=arguments.time_limit,
                          tradeoff=not arguments.no_tradeoff, lang=arguments.lang)
    if arguments.out is not None:
        write_atomic(arguments.out, explanation.model_dump_json(indent=1) + "\n")
    print(format_explanation(explanation, lang=arguments.lang))
    return EXIT_OK


def _recommend(arguments: argparse.Namespace) -> int:
    from matching.analysis.recommend import recommend
    from matching.analysis.shortages import shortages
    from matching.cli.text import format_advice, format_shortages
    from matching.solve import check_tiers, solve

    check_writable(arguments.out)
    if arguments.plan and len(arguments.days) > 1:
        raise InvalidProblem([Issue("--plan", "goes with one day only")], subject="the command line")
    solved = []
    for day in arguments.days:
        problem = _load(day, redact=arguments.redact)
        check_tiers(problem)
        plan = Plan.load(arguments.plan) if arguments.plan else solve(
            problem, time_limit=arguments.time_limit, progress=TerminalProgress(lang=arguments.lang),
            lang=arguments.lang)
        if arguments.plan and arguments.redact:
            _redacted_plan(plan, "--plan")
        solved.append((problem, plan))
    if len(solved) == 1:
        problem, plan = solved[0]
        if plan.status in ("infeasible", "unknown"):
            print(f"sanhu: {plan.core.detail if plan.core else message('cli.no_plan', arguments.lang)}",
                  file=sys.stderr)
            return EXIT_INFEASIBLE
        result = recommend(problem, plan, top=arguments.top, time_limit=arguments.time_limit, lang=arguments.lang)
        text = format_advice(result, lang=arguments.lang)
    else:
        result = shortages(solved, top=arguments.top)
        text = format_shortages(result, lang=arguments.lang)
    if arguments.out is not None:
        write_atomic(arguments.out, result.model_dump_json(indent=1) + "\n")
    print(text)
    return EXIT_OK


def _graph(arguments: argparse.Namespace) -> int:
    from matching.network.graph import day_graph, write_graphml

    check_writable(arguments.out)
    problem = _load(arguments.day, redact=arguments.redact)
    plan = None
    if arguments.plan is not None:
        plan = Plan.load(arguments.plan)
        if arguments.redact:
            _redacted_plan(plan, "--plan")
    graph = day_graph(problem, plan)
    write_graphml(graph, arguments.out)
    chosen = "" if plan is None else message("cli.graph_chosen", arguments.lang, chosen=len(plan.assignments))
    print(message("cli.graph", arguments.lang, day=arguments.day, out=arguments.out,
                  nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), chosen=chosen))
    return EXIT_OK


def _report(arguments: argparse.Namespace) -> int:
    from matching.report.charts import require_matplotlib
    from matching.report.page import report_html

    require_matplotlib()  # a missing extra is said before any work is done
    check_writable(arguments.html, "--html")
    plan = Plan.load(arguments.plan)
    if arguments.redact:
        _redacted_plan(plan, "--redact")
    day = _day_of(plan, arguments.day)
    problem = _load(None if day == BUNDLED else day, redact=arguments.redact)
    advice = Advice.load(arguments.advice) if arguments.advice is not None else None
    if advice is not None and arguments.redact:  # its names and sentences are the day's: ids only
        advice = advice.model_copy(update={"recommendations": tuple(
            item.model_copy(update={"name": item.resource or item.unit or item.area or "", "detail": ""})
            for item in advice.recommendations)})
    page = report_html(problem, plan, advice=advice, lang=arguments.lang, source=day)
    write_atomic(arguments.html, page)
    print(message("cli.report_written", arguments.lang, plan=arguments.plan,
                  day=message("cli.bundled", arguments.lang) if day == BUNDLED else day, out=arguments.html,
                  size=len(page.encode("utf-8"))))
    return EXIT_OK


def _validate(arguments: argparse.Namespace) -> int:
    from matching.solve import check_tiers

    problem = _load(arguments.day)
    check_tiers(problem)
    print(message("cli.valid", arguments.lang, day=arguments.day, areas=len(problem.areas), units=len(problem.units),
                  resources=len(problem.resources), needs=len(problem.needs), arcs=len(problem.arcs)))
    return EXIT_OK


def _convert(arguments: argparse.Namespace) -> int:
    from models.io import day_format, write_day

    form = day_format(arguments.out)
    if form == "xlsx":
        from models.xlsx_day import openpyxl

        openpyxl()  # a missing extra is said before any work is done
    if form == "csv":
        check_folder_writable(arguments.out, "OUT")
    else:
        check_writable(arguments.out, "OUT")
    problem = _load(arguments.day)
    write_day(problem, arguments.out)
    print(message("cli.converted", arguments.lang, day=arguments.day,
                  format=message(f"cli.format.{form}", arguments.lang), out=arguments.out))
    return EXIT_OK


def _schema(arguments: argparse.Namespace) -> int:
    from models import Advice, Explanation, ShortageReport

    model = {"day": Problem, "plan": Plan, "explanation": Explanation, "advice": Advice,
             "shortages": ShortageReport}[arguments.which]
    print(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=1))
    return EXIT_OK


def _generate(arguments: argparse.Namespace) -> int:
    from matching.synthetic.generate import generate_day

    if arguments.out is not None and Path(arguments.out).suffix.lower() == ".xlsx":
        from models.xlsx_day import openpyxl

        openpyxl()  # a missing extra is said before any work is done
        check_writable(arguments.out)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # as in the JSON written below: the day as generated, unjudged
            day = Problem.from_data(generate_day(arguments.tier, arguments.seed))
        day.save(arguments.out)
        print(message("cli.generated", arguments.lang, tier=arguments.tier, seed=arguments.seed, out=arguments.out),
              file=sys.stderr)
        return EXIT_OK
    text = json.dumps(generate_day(arguments.tier, arguments.seed), ensure_ascii=False, indent=1) + "\n"
    if arguments.out is not None:
        check_writable(arguments.out)
        write_atomic(Path(arguments.out), text)
        print(message("cli.generated", arguments.lang, tier=arguments.tier, seed=arguments.seed, out=arguments.out),
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
