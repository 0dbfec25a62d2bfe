"""Sentences for people about unmet needs and infeasible days, in any language of ``models.messages``.

``matching.outcome.reasons`` and ``matching.outcome.core`` decide what to say: the code, the requirement to
blame, the resources, needs and limits to name. The functions here only put that into words, one catalogue
message per sentence, so every language is said by the same deciding code. Names come from the day (an
area's, unit's or resource's ``name``, a need's ``title``), the id where there is none.
"""

from __future__ import annotations

from collections.abc import Sequence

from models import Limit, Need, Problem
from models.messages import join, message

__all__ = [
    "SHOWN",
    "capacity_taken_detail",
    "core_detail",
    "limit_detail",
    "limit_phrase",
    "no_skill_detail",
    "no_time_detail",
    "place",
    "window",
]

SHOWN = 4
"""The most names a sentence lists before "and N more"."""


def place(problem: Problem, area_id: str) -> str:
    """An area's name for people."""
    return problem.area_by_id[area_id].name or area_id


def window(need: Need, lang: str, *, whole: bool = False) -> str:
    """The need's window, ``08:00–10:00``; ``the day`` (``the whole day`` when ``whole``) when it has none."""
    if need.window:
        return message("window.span", lang, start=need.window[0], end=need.window[1])
    return message("window.whole_day" if whole else "window.day", lang)


def _limit_owner(problem: Problem, limit: Limit) -> str:
    if limit.kind == "max_outbound":
        return place(problem, limit.id)
    if limit.kind in ("daily_cap", "max_members"):
        unit = problem.unit_by_id[limit.id]
        return unit.name or unit.id
    resource = problem.resources[problem.resource_index[limit.id]]
    return resource.name or resource.id


def limit_phrase(problem: Problem, limit: Limit, lang: str, *, used: bool = True) -> str:
    """"the daily cap of 人民医院 (3, 2 used in this plan)": the limit, its owner, value and (when ``used``) use."""
    amount = message("limit.value_used" if used else "limit.value", lang, value=limit.value, used=limit.used)
    return message(f"limit.{limit.kind}", lang, name=_limit_owner(problem, limit), amount=amount)


def no_skill_detail(problem: Problem, need: int, requirement: int | None, found: int, holders: int,
                    lang: str) -> str:
    """``no_skill_in_reach``: requirement ``requirement`` (None: the requirements together) of ``need`` cannot be
    filled by the ``found`` resources able to reach it, out of the ``holders`` having the skill anywhere."""
    record = problem.needs[need]
    where = place(problem, record.area)
    if requirement is None:
        return message("reason.no_skill_together", lang, place=where, requirements=len(record.requires))
    spec = record.requires[requirement]
    if holders == 0:
        return message("reason.no_skill_anywhere", lang, skill=spec.skill)
    return message("reason.no_skill", lang, count=spec.count, skill=spec.skill, amount=spec.amount, place=where,
                   found=message("reason.found", lang, found=found), holders=holders)


def no_time_detail(problem: Problem, need: int, requirement: int | None, lang: str) -> str:
    """``no_time_overlap``: requirement ``requirement`` (None: the requirements together) of ``need`` has resources
    in reach but too few available in its window."""
    record = problem.needs[need]
    if requirement is None:
        return message("reason.no_time_together", lang, window=window(record, lang))
    spec = record.requires[requirement]
    return message("reason.no_time", lang, skill=spec.skill, place=place(problem, record.area), amount=spec.amount,
                   window=window(record, lang))


def limit_detail(problem: Problem, limits: Sequence[Limit], lang: str, *, alone: bool) -> str:
    """``limit``: the need cannot be covered within ``limits`` even alone (``alone``), or in this plan."""
    named = message("limit.together", lang).join(limit_phrase(problem, limit, lang) for limit in limits)
    return message("reason.limit_alone" if alone else "reason.limit_in_plan", lang, limits=named)


def capacity_taken_detail(problem: Problem, taken: Sequence[int], needs: Sequence[int], takers: int,
                          lang: str) -> str:
    """``capacity_taken``: the capacity of the ``taken`` resources went to ``needs`` (those named, in day order)
    and ``takers`` needs in all."""
    resources = join([problem.resources[r].name or problem.resources[r].id for r in taken], lang, shown=SHOWN)
    titles = []
    for n in needs[:SHOWN]:
        title = problem.needs[n].title or problem.needs[n].id
        titles.append(message("reason.required", lang, title=title) if problem.needs[n].required else title)
    return message("reason.capacity_taken", lang, resources=resources,
                   needs=join(titles, lang, total=max(takers, len(titles))))


def core_detail(problem: Problem, needs: Sequence[str], resources: int, limits: Sequence[Limit], lang: str) -> str:
    """An infeasible day: the required ``needs`` (ids) cannot all be covered within ``limits``, or, without
    limits, by the ``resources`` that can serve them at all."""
    what = message("core.what", lang, n=len(needs))
    if not limits:
        return message("core.too_few", lang, what=what, needs=join(needs, lang), resources=resources)
    named = join([limit_phrase(problem, limit, lang, used=False) for limit in limits], lang)
    return message("core.limits", lang, what=what, needs=join(needs, lang), limits=named)
