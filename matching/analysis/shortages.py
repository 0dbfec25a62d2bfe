"""Shortages that recur: skills missing in the same communities day after day.

Over several days' plans, every unmet need whose reason points at a missing skill
(``matching.analysis.recommend.SHORTAGE_CODES``) counts for (skill, community); the pairs
seen on the most days, then with the most unmet weight, are the resource list's gaps.
"""

from __future__ import annotations

from collections.abc import Sequence

from matching.analysis.recommend import (
    SHORTAGE_CODES,
    home_area,
    short_skills,
    unmet_needs,
)
from matching.network.grid import build_grid
from models import Plan, Problem
from models.advice import Shortage, ShortageReport

__all__ = ["shortages"]


def shortages(problems_and_plans: Sequence[tuple[Problem, Plan]], top: int = 10, *,
              min_days: int | None = None) -> ShortageReport:
    """Skill x community pairs that recur among unmet needs (reasons ``SHORTAGE_CODES``) over several days.

    Parameters
    ----------
    problems_and_plans : sequence of (models.Problem, models.Plan)
        Days and their plans.
    top : int
        How many pairs to list at most.
    min_days : int, optional
        Least number of days a pair must appear on (default 2, or 1 for a single day).

    Returns
    -------
    models.advice.ShortageReport
        (``short_skills``, ``home_area``) pairs by days, then unmet weight, then needs.
    """
    tally: dict[tuple[str, str], list] = {}
    names: dict[str, str] = {}
    for day, (problem, plan) in enumerate(problems_and_plans):
        grid = build_grid(problem)
        for need, reason in unmet_needs(problem, plan):
            if reason.code in SHORTAGE_CODES:
                record = problem.needs[need]
                area = problem.areas[home_area(problem, grid, grid.index[record.area])]
                names.setdefault(area.id, area.name)
                for skill in short_skills(record, reason):
                    entry = tally.setdefault((skill, area.id), [set(), 0.0, 0])
                    entry[0].add(day)
                    entry[1], entry[2] = entry[1] + record.weight, entry[2] + 1
    least = min_days if min_days is not None else (2 if len(problems_and_plans) > 1 else 1)
    rows = sorted((Shortage(skill=skill, area=area, area_name=names[area], days=len(seen),
                            unmet_weight=round(weight, 2), needs=count)
                   for (skill, area), (seen, weight, count) in tally.items() if len(seen) >= least),
                  key=lambda s: (-s.days, -s.unmet_weight, -s.needs, s.skill, s.area))
    return ShortageReport(days=len(problems_and_plans), shortages=tuple(rows[:top]))
