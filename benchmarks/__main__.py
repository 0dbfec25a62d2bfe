"""``python -m benchmarks tiers|gap|dask|families|race|heuristics|limits|fuzz|replan ...``: run from the repository root; tables
on stdout, progress on stderr."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.runner import default_memory_cap_mib

TIERS = ("demo", "city", "metro")


def _baselines(text: str) -> list[str]:
    from benchmarks.tiers import BASELINES

    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in BASELINES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown baseline(s) {', '.join(unknown)}: choose from {', '.join(BASELINES)}")
    return names


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser, limit: float) -> None:
        sub.add_argument("--time-limit", type=_positive, default=limit, help=f"seconds per run (default {limit:g})")
        sub.add_argument("--out", help="write every number as JSON here (atomically, after every run)")
        sub.add_argument("--kill-after", type=_positive, default=None,
                         help="kill a run still going after this many seconds (default 3 × time limit + 60)")
        sub.add_argument("--max-memory", type=_positive, default=default_memory_cap_mib(), metavar="MIB",
                         help="kill a run whose resident memory passes this (default 3/4 of the machine's)")

    tiers = commands.add_parser("tiers", help="generator tiers: sanhu against greedy, CP-SAT, HiGHS, LP bound")
    tiers.add_argument("--tier", nargs="+", choices=TIERS, default=["demo"], help="tier(s) to generate")
    tiers.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3], help="generator seeds (default 1 2 3)")
    tiers.add_argument("--baselines", type=_baselines, default="greedy,cpsat,highs,lp",
                       help="comma-separated, from greedy,cpsat,highs,highs-weighted,lp "
                            "(default greedy,cpsat,highs,lp)")
    common(tiers, 120.0)

    gap = commands.add_parser("gap", help="OR-Library generalized assignment instances against best known values")
    gap.add_argument("data_dir", type=Path, help="folder with data.csv and the instance folders")
    gap.add_argument("--instances", nargs="+", metavar="PATTERN",
                     help="instances by pattern on data.csv's Path, e.g. 'chu1997/d*' (default: a selection)")
    gap.add_argument("--all", action="store_true", help="every instance in data.csv")
    gap.add_argument("--list", action="store_true", help="list the selected instances and stop")
    common(gap, 60.0)

    dask = commands.add_parser("dask", help="one generated day in process and on a Dask LocalCluster: same plan?")
    dask.add_argument("--tier", choices=TIERS, default="metro", help="tier to generate (default metro)")
    dask.add_argument("--seed", type=int, default=1, help="generator and solver seed (default 1)")
    dask.add_argument("--time-limit", type=_positive, default=60.0, help="seconds per solve (default 60)")
    dask.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    dask.add_argument("--out", help="write the result as JSON here")

    families = commands.add_parser("families", help="the engine policy: auto against every engine on day families")
    families.add_argument("--families", nargs="+", metavar="NAME", help="families (default: every one)")
    families.add_argument("--sizes", nargs="+", type=int, default=None, help="needs per day (default 30 300 2000)")
    families.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3], help="seeds (default 1 2 3)")
    families.add_argument("--tiers", nargs="*", choices=TIERS, default=["city"],
                          help="generator tiers counted as families too (default city)")
    families.add_argument("--configurations", default="auto,cp-sat-1,cp-sat-all,scip,highs,scip-tiers,highs-tiers",
                          help="comma-separated, from auto,cp-sat-1,cp-sat-all,scip,highs,scip-tiers,highs-tiers (default all)")
    common(families, 60.0)

    race = commands.add_parser("race", help="auto's race on part models against each engine alone, by delay")
    race.add_argument("--families", nargs="+", metavar="NAME", help="families (default: every one)")
    race.add_argument("--sizes", nargs="+", type=int, default=[30, 300], help="needs per day (default 30 300)")
    race.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3], help="seeds (default 1 2 3)")
    race.add_argument("--delays", default="0.25,0.02,0",
                      help="comma-separated seconds before the second lane starts (default 0.25,0.02,0)")
    race.add_argument("--repeats", type=int, default=5, help="runs of each, the best kept (default 5)")
    race.add_argument("--min-variables", type=int, default=20, metavar="N",
                      help="parts with fewer variables are left out (default 20)")
    race.add_argument("--time-limit", type=_positive, default=60.0, help="seconds per solve (default 60)")
    race.add_argument("--out", help="write every number as JSON here (after every part)")

    heuristics = commands.add_parser("heuristics", help="HiGHS on part models with and without two of its heuristics")
    heuristics.add_argument("--families", nargs="+", metavar="NAME", help="families (default: every one)")
    heuristics.add_argument("--sizes", nargs="+", type=int, default=[30, 100], help="needs per day (default 30 100)")
    heuristics.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3], help="seeds (default 1 2 3)")
    heuristics.add_argument("--repeats", type=int, default=5, help="runs of a quick search, the best kept (default 5)")
    heuristics.add_argument("--min-variables", type=int, default=20, metavar="N",
                            help="parts with fewer variables are left out (default 20)")
    heuristics.add_argument("--time-limit", type=_positive, default=60.0, help="seconds per search (default 60)")
    heuristics.add_argument("--out", help="write every number as JSON here (after every part)")

    limits = commands.add_parser("limits", help="--time-limit S against wall time, on the tiers and adversarial days")
    limits.add_argument("--days", nargs="+", default=["demo", "city", "metro", "shared", "deep", "deep-wide"],
                        help="tiers (generated with --seed) and adversarial days (benchmarks/adversarial.py)")
    limits.add_argument("--limits", nargs="+", type=_positive, default=None, metavar="S",
                        help="time limits in seconds (default: a few per day, benchmarks/limits.py)")
    limits.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    limits.add_argument("--out", help="write every number as JSON here")

    fuzz = commands.add_parser("fuzz", help="broken days and plans against the command line, counted by outcome")
    fuzz.add_argument("--minutes", type=_positive, default=5.0, help="how long to draw cases (default 5)")
    fuzz.add_argument("--seed", type=int, default=0, help="seed of the draws (default 0)")
    fuzz.add_argument("--out", type=Path, default=Path("fuzz-results"),
                      help="folder for the counts (counts.json) and any failing case (failures.json)")

    replan = commands.add_parser("replan", help="re-planning through a day of events against solving from scratch")
    replan.add_argument("--tier", nargs="+", choices=TIERS, default=None,
                        help="tier(s) to generate (default city metro, none when --family is given)")
    replan.add_argument("--family", nargs="+", default=[], metavar="NAME",
                        help="also days of these families (benchmarks.families; 'all' for every one)")
    replan.add_argument("--family-needs", type=int, default=300, metavar="N",
                        help="needs of each family day (default 300)")
    replan.add_argument("--seed", type=int, default=1, help="generator, event and solver seed (default 1)")
    replan.add_argument("--events", type=int, default=None, metavar="N",
                        help="sample N of the day's events, each kind in proportion (default: all; not metro)")
    replan.add_argument("--metro-events", type=int, default=60, metavar="N",
                        help="events sampled on the metro tier (default 60)")
    replan.add_argument("--baseline-every", type=int, default=1, metavar="K",
                        help="solve from scratch after every K-th event (default 1; not metro)")
    replan.add_argument("--metro-baseline-every", type=int, default=10, metavar="K",
                        help="the same on the metro tier (default 10)")
    replan.add_argument("--time-limit", type=_positive, default=60.0,
                        help="seconds for the morning plan and each from-scratch solve (default 60)")
    replan.add_argument("--replan-limit", type=_positive, default=10.0,
                        help="seconds per replan (default 10)")
    replan.add_argument("--local", action="store_true",
                        help="re-solve locally after every event, the clock's included (replan(full=False)); "
                             "by default the planner re-solves the whole day when the clock has moved")
    replan.add_argument("--check", action="store_true",
                        help="also check every plan with the independent checker (tests/checker.py; slow)")
    replan.add_argument("--out", help="write every number as JSON here (every 50 events and after each tier)")

    render = commands.add_parser("render", help="print the Markdown tables of a results JSON written by --out")
    render.add_argument("results", type=Path)
    return parser


def _tiers(args: argparse.Namespace) -> int:
    from benchmarks.tiers import run_tiers, tier_tables

    baselines = args.baselines if isinstance(args.baselines, list) else _baselines(args.baselines)
    results = run_tiers(args.tier, args.seeds, args.time_limit, baselines, out=args.out,
                        kill_after=args.kill_after, max_memory_mib=args.max_memory)
    print(tier_tables(results))
    return 0


def _gap(args: argparse.Namespace) -> int:
    from benchmarks.gap import (
        DEFAULT_SELECTION,
        gap_tables,
        read_catalogue,
        run_gap,
        select,
    )

    if not (args.data_dir / "data.csv").is_file():
        print(f"error: {args.data_dir / 'data.csv'} not found (DATA_DIR is the folder holding data.csv)",
              file=sys.stderr)
        return 2
    catalogue = read_catalogue(args.data_dir)
    patterns = ["*"] if args.all else (args.instances or list(DEFAULT_SELECTION))
    instances = select(catalogue, patterns)
    if not instances:
        print(f"error: no instance in data.csv matches {' '.join(patterns)}", file=sys.stderr)
        return 2
    if args.list:
        print("\n".join(instances))
        return 0
    results = run_gap(args.data_dir, instances, args.time_limit, out=args.out,
                      kill_after=args.kill_after, max_memory_mib=args.max_memory)
    print(gap_tables(results))
    return 0


def _dask(args: argparse.Namespace) -> int:
    from benchmarks.dask_check import dask_table, run_dask_check
    from benchmarks.report import write_json

    result = run_dask_check(args.tier, args.seed, args.time_limit, args.workers)
    if args.out:
        write_json(args.out, result)
    print(dask_table(result))
    return 0


def _families(args: argparse.Namespace) -> int:
    from benchmarks.corpus import CONFIGURATIONS, corpus_tables, run_corpus
    from benchmarks.families import FAMILIES, SIZES

    names = args.families or list(FAMILIES)
    unknown = [name for name in names if name not in FAMILIES]
    configurations = [name.strip() for name in args.configurations.split(",") if name.strip()]
    unknown += [name for name in configurations if name not in CONFIGURATIONS]
    if unknown:
        print(f"error: unknown family or configuration {', '.join(unknown)}", file=sys.stderr)
        return 2
    days = [(name, size, seed) for name in names for size in (args.sizes or SIZES) for seed in args.seeds]
    days += [(tier, 0, seed) for tier in args.tiers for seed in args.seeds]
    results = run_corpus(days, configurations, args.time_limit, out=args.out, kill_after=args.kill_after,
                         max_memory_mib=args.max_memory)
    print(corpus_tables(results))
    return 0


def _family_names(args: argparse.Namespace) -> list[str] | None:
    """``--families`` (default: every one), or None after saying which are unknown."""
    from benchmarks.families import FAMILIES

    names = args.families or list(FAMILIES)
    unknown = [name for name in names if name not in FAMILIES]
    if unknown:
        print(f"error: unknown family {', '.join(unknown)}", file=sys.stderr)
        return None
    return names


def _race(args: argparse.Namespace) -> int:
    from benchmarks.race import race_table, run_race

    names = _family_names(args)
    if names is None:
        return 2
    try:
        delays = [float(text) for text in args.delays.split(",") if text.strip()]
    except ValueError:
        print(f"error: --delays takes comma-separated seconds, got {args.delays!r}", file=sys.stderr)
        return 2
    if not delays or any(delay < 0 for delay in delays) or args.repeats < 1:
        print("error: --delays must be seconds of at least 0 and --repeats at least 1", file=sys.stderr)
        return 2
    days = [(name, size, seed) for name in names for size in args.sizes for seed in args.seeds]
    results = run_race(days, delays, repeats=args.repeats, min_variables=args.min_variables,
                       time_limit=args.time_limit, out=args.out)
    print(race_table(results))
    return 0


def _heuristics(args: argparse.Namespace) -> int:
    from benchmarks.heuristics import heuristics_table, run_heuristics

    names = _family_names(args)
    if names is None:
        return 2
    if args.repeats < 1:
        print("error: --repeats must be at least 1", file=sys.stderr)
        return 2
    days = [(name, size, seed) for name in names for size in args.sizes for seed in args.seeds]
    results = run_heuristics(days, repeats=args.repeats, min_variables=args.min_variables,
                             time_limit=args.time_limit, out=args.out)
    print(heuristics_table(results))
    return 0


def _limits(args: argparse.Namespace) -> int:
    from benchmarks.adversarial import ADVERSARIAL
    from benchmarks.limits import limits_table, run_limits

    unknown = [day for day in args.days if day not in TIERS and day not in ADVERSARIAL]
    if unknown:
        print(f"error: unknown day(s) {', '.join(unknown)}: choose from {', '.join([*TIERS, *ADVERSARIAL])}",
              file=sys.stderr)
        return 2
    print(limits_table(run_limits(args.days, args.limits, args.seed, out=args.out)))
    return 0


def _fuzz(args: argparse.Namespace) -> int:
    from benchmarks.fuzz import fuzz_table, run_fuzz
    from benchmarks.report import command_line, machine, write_json

    result = run_fuzz(args.minutes, args.out, seed=args.seed)
    write_json(args.out / "counts.json", {"command": command_line(), "machine": machine(), **result})
    print(fuzz_table(result))
    return 1 if result["failures"] else 0


def _replan(args: argparse.Namespace) -> int:
    from benchmarks.families import FAMILIES
    from benchmarks.replan import replan_tables, run_replan

    families = list(FAMILIES) if args.family == ["all"] else args.family
    unknown = [name for name in families if name not in FAMILIES]
    if unknown:
        print(f"error: unknown famil{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}: choose from "
              f"{', '.join(FAMILIES)} or all", file=sys.stderr)
        return 2
    tiers = (args.tier if args.tier is not None else [] if families else ["city", "metro"]) + \
        [f"{name}-{args.family_needs}" for name in families]
    for name in ("events", "metro_events", "baseline_every", "metro_baseline_every", "family_needs"):
        value = getattr(args, name)
        if value is not None and value < 1:
            print(f"error: --{name.replace('_', '-')} must be at least 1, got {value}", file=sys.stderr)
            return 2
    results = run_replan(tiers, args.seed, events=args.events, metro_events=args.metro_events,
                         baseline_every=args.baseline_every, metro_baseline_every=args.metro_baseline_every,
                         time_limit=args.time_limit, replan_limit=args.replan_limit, check=args.check,
                         out=args.out, local=args.local)
    print(replan_tables(results))
    return 0


def _render(args: argparse.Namespace) -> int:
    import json

    from benchmarks.gap import gap_tables
    from benchmarks.tiers import tier_tables

    results = json.loads(args.results.read_text(encoding="utf-8"))
    if results.get("benchmark") == "replan":
        from benchmarks.replan import replan_tables

        print(replan_tables(results))
        return 0
    if results.get("benchmark") == "families":
        from benchmarks.corpus import corpus_tables

        print(corpus_tables(results))
        return 0
    if results.get("benchmark") == "race":
        from benchmarks.race import race_table

        print(race_table(results))
        return 0
    if results.get("benchmark") == "heuristics":
        from benchmarks.heuristics import heuristics_table

        print(heuristics_table(results))
        return 0
    if results.get("benchmark") == "limits":
        from benchmarks.limits import limits_table

        print(limits_table(results))
        return 0
    print(tier_tables(results) if results.get("benchmark") == "tiers" else gap_tables(results))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return {"tiers": _tiers, "gap": _gap, "dask": _dask, "families": _families, "race": _race,
            "heuristics": _heuristics, "limits": _limits, "fuzz": _fuzz,
            "replan": _replan, "render": _render}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
